"""The observatoire: datasets model, loading and checks, charts and tables, macros."""
