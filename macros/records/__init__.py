"""The record types staff write, one sub-package each (model, loading, view, pages, macros, exports).

Shared here: links between records (``links``, ``refs``, ``link_view``), citations, the agenda
macros, the staff guide (``schema_docs``) and the published YAML files (``twins``).
"""
