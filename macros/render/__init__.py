"""Rendering with no knowledge of records or MkDocs: Jinja fragments, SVG charts, iCalendar, page sources."""
