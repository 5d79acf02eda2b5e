"""How every record cites its sources: one source (``source_view``), an imported listing
(``import_view``), and compact citations for short texts (``merged_sources``: an FAQ answer, a
glossary definition), where a report cited for several passages appears once with all its lines.
"""
from __future__ import annotations

from typing import Any

from ..core.loader import Catalogue
from ..render.fragments import french_date


def import_view(listing: Any) -> dict[str, Any]:
    """An imported listing (``import:`` source): file name, sheet, rows and import date; no link."""
    rows = listing.lignes.replace("-", "–")
    detail = ", ".join(x for x in (f"feuille « {listing.feuille} »" if listing.feuille else "",
                                   f"l. {rows}", f"importée le {french_date(listing.date)}") if x)
    return {"titre": f"Liste importée « {listing.fichier} »", "url": "", "detail": detail}


def source_view(catalogue: Catalogue, source: Any) -> dict[str, Any]:
    """A citable source: document title, author, date, file and lines — or a URL, or an imported listing."""
    if getattr(source, "import_", None) is not None:
        return import_view(source.import_)
    if source.url:
        return {"titre": source.url, "url": source.url, "detail": ""}
    doc = catalogue.referentiels.documents[source.document]
    detail = ", ".join(x for x in (doc.auteur, french_date(doc.date), f"fichier {doc.fichier}" if doc.fichier else "", f"l. {source.lignes.replace('-', '–')}") if x)
    return {"titre": doc.titre, "url": doc.url, "detail": detail}


def merged_sources(catalogue: Catalogue, sources: list[Any]) -> list[dict[str, Any]]:
    """``[{titre, url, detail}]``: one item per document (lines joined, in order), then web pages."""
    lines: dict[str, list[str]] = {}
    pages: list[str] = []
    listings: list[dict[str, Any]] = []
    for source in sources:
        if source.import_ is not None:
            listings.append(import_view(source.import_))
        elif source.document:
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
    return out + [{"titre": url, "url": url, "detail": ""} for url in pages] + listings
