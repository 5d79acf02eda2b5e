"""The case-study library (« fiches actions »): model, view, pages and library macro."""
