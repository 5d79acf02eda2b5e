"""The agenda (« événements »): model, view and pages (with their iCalendar files)."""
