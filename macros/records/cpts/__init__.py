"""The CPTS: model, loading and territory checks, page view, pages, directory macros, CSV/JSON."""
