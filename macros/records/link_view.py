"""How agenda, news and toolkit records show their links: CPTS, actions, events and source documents.

Plain dicts with site-relative URLs (``cpts/<slug>/``…), the same on every page that shows them.
"""
from __future__ import annotations

from typing import Any

from ..core.loader import Catalogue
from ..render.fragments import french_date, relative_url


def cpts_links(catalogue: Catalogue, slugs: list[str]) -> list[dict[str, str]]:
    return [{"nom": catalogue.cpts[s].record.nom, "url": f"cpts/{s}/"} for s in slugs]


def action_links(catalogue: Catalogue, slugs: list[str]) -> list[dict[str, str]]:
    # References are checked against the files of data/actions/; a published catalogue has them all.
    actions = catalogue.features.get("actions", {})
    return [{"titre": actions[s].record.titre, "url": f"actions/{s}/"} for s in slugs if s in actions]


def event_links(catalogue: Catalogue, slugs: list[str]) -> list[dict[str, str]]:
    events = catalogue.features.get("evenements", {})
    return [{"titre": events[s].record.titre, "url": f"evenements/{s}/"} for s in slugs if s in events]


def document_view(catalogue: Catalogue, slug: str) -> dict[str, Any]:
    """A whole source document, cited like a source (title, author, date, file)."""
    doc = catalogue.referentiels.documents[slug]
    detail = ", ".join(x for x in (doc.auteur, french_date(doc.date), f"fichier {doc.fichier}" if doc.fichier else "") if x)
    return {"titre": doc.titre, "url": doc.url, "detail": detail}


def relative(here: str, view: dict[str, Any], *keys: str) -> dict[str, Any]:
    """``view`` with its ``url`` and the ``url`` of each item under ``keys`` made relative to ``here``."""
    out = {**view, "url": relative_url(here, view["url"])} if view.get("url") else dict(view)
    for key in keys:
        out[key] = [{**item, "url": relative_url(here, item["url"])} for item in view.get(key) or []]
    return out
