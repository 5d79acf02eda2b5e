"""Indentation out of the built pages: Material's templates indent every line they write.

A third of a record page was the indentation and blank lines of Material's templates, copied
into each of thousands of pages. Leading whitespace is dropped from every line, except inside
``<pre>``, ``<textarea>`` and ``<script>``, where it can matter; a browser renders the result
exactly as before (a run of whitespace between tags or words is displayed as one space or none,
and one line break is kept wherever there were any).
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def strip_indentation(html: str) -> str:
    parts = _KEEP.split(html)
    # re.split with two groups yields [text, kept block, tag name, text, kept block, tag name, …]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
