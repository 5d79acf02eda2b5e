"""What Pagefind indexed in a built site: one record per page, read from its fragment files.

Pagefind writes each page's indexed text, title and headings (with their ids) as a gzipped JSON
fragment under ``pagefind/fragment/``, prefixed by a signature. Tests read them to check what a
search can find without running a browser.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

_SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> dict[str, dict]:
    """``{site-relative URL ("faq/"): fragment}``; a fragment has ``content``, ``meta`` (``title``)
    and ``anchors`` (``id``, ``text``, ``element``) of every heading with an id."""
    found = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(_SIGNATURE), path
        fragment = json.loads(raw[len(_SIGNATURE):])
        found[fragment["url"].lstrip("/")] = fragment
    return found
