"""News (« actualités »): model and pages."""
