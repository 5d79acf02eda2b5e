"""Compact citations for short texts (an FAQ answer, a glossary definition): sources merged by document.

A short answer often cites several passages of one report; listing the full reference once per
passage would be longer than the answer. Here each document appears once, with all its lines.
"""
from __future__ import annotations

from typing import Any

from ..core.loader import Catalogue


def merged_sources(catalogue: Catalogue, sources: list[Any]) -> list[dict[str, Any]]:
    """``[{titre, url, detail}]``: one item per document (lines joined, in order), then web pages."""
    lines: dict[str, list[str]] = {}
    pages: list[str] = []
    for source in sources:
        if source.document:
            lines.setdefault(source.document, [])
            if source.lignes not in lines[source.document]:
                lines[source.document].append(source.lignes)
        elif source.url not in pages:
            pages.append(source.url)
    out = []
    for slug, ranges in lines.items():
        doc = catalogue.referentiels.documents[slug]
        detail = "l. " + ", ".join(r.replace("-", "–") for r in ranges)
        out.append({"titre": doc.titre, "url": doc.url, "detail": detail})
    return out + [{"titre": url, "url": url, "detail": ""} for url in pages]
