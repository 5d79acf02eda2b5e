"""The glossary: model, the page, and the FAQ and glossary open data."""
