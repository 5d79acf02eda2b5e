"""News pages: the list (newest first, by year) and one page per item, with the YAML twins.

``actualites/<slug>.md`` → ``/actualites/<slug>/``, kept out of the nav (the news page lists
them); each record's YAML is published under ``/donnees/actualites/``. Views are plain dicts with
site-relative URLs, made relative to the page that renders them.
"""
from __future__ import annotations

import html
from functools import partial
from itertools import groupby
from typing import Any

from ..cpts import view as cpts_view
from ...render.pages import markdown_page
from ..common import edit_url
from ...core.loader import Catalogue
from ..link_view import action_links, cpts_links, document_view, event_links, relative
from ...render.fragments import relative_url, render_fragment

NEWS_URL = "actualites/"


def page_url(slug: str) -> str:
    return f"actualites/{slug}/"


def ordered(catalogue: Catalogue) -> list[Any]:
    """Every news item, newest first; same date: by title (partial dates sort as text, "2023" before "2023-06")."""
    entries = sorted(catalogue.features.get("actualites", {}).values(), key=lambda e: (e.record.titre.casefold(), e.record.slug))
    return sorted(entries, key=lambda e: e.record.date, reverse=True)


def summary(entry: Any) -> dict[str, Any]:
    record = entry.record
    return {"slug": record.slug, "titre": record.titre, "date": record.date, "resume": record.resume,
            "url": page_url(record.slug), "annee": record.date[:4]}


def by_year(catalogue: Catalogue, here: str) -> list[dict[str, Any]]:
    items = [relative(here, summary(e)) for e in ordered(catalogue)]
    return [{"annee": year, "actualites": list(group)} for year, group in groupby(items, key=lambda s: s["annee"])]


def latest(catalogue: Catalogue, here: str, count: int) -> list[dict[str, Any]]:
    return [relative(here, summary(e)) for e in ordered(catalogue)[:count]]


def page_view(catalogue: Catalogue, entry: Any, config: Any) -> dict[str, Any]:
    record = entry.record
    return {
        **summary(entry),
        "paragraphes": [p.strip() for p in record.texte.split("\n\n") if p.strip()],
        "documents": [document_view(catalogue, slug) for slug in record.documents],
        "evenements": event_links(catalogue, record.evenements),
        "cpts": cpts_links(catalogue, record.cpts),
        "actions": action_links(catalogue, record.actions),
        "liens": [link.model_dump() for link in record.liens],
        "remarques": list(record.remarques),
        "sources": [cpts_view.source_view(catalogue, s) for s in record.sources],
        "mise_a_jour": record.mise_a_jour,
        "fichier": entry.path, "edit_url": edit_url(config, entry.path),
    }


def news_body(catalogue: Catalogue, entry: Any, config: Any) -> str:
    slug = entry.record.slug
    here = page_url(slug)
    view = relative(here, page_view(catalogue, entry, config), "evenements", "cpts", "actions")
    return render_fragment(catalogue.root, "actualite_page.html", v=view,
                           actualites_url=relative_url(here, NEWS_URL),
                           yaml_url=relative_url(here, f"donnees/actualites/{slug}.yml"))


def news_page(catalogue: Catalogue, entry: Any, config: Any) -> str:
    front = {"title": html.escape(entry.record.titre), "description": html.escape(entry.record.resume[:300])}
    # Rendered on first use (or on the second core): see build.generated.PageBodies.
    return markdown_page(front, partial(news_body, catalogue, entry, config),
                         key=f"actualites/{entry.record.slug}.md", source=entry.path)


def listing(catalogue: Catalogue, here: str) -> str:
    """The news page's block: every item, newest first, grouped by year."""
    return render_fragment(catalogue.root, "actualite_liste.html", annees=by_year(catalogue, here))


def files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    """Provider of generated files (declared in ``macros/features.py``)."""
    out: dict[str, str | bytes] = {}
    for slug, entry in catalogue.features.get("actualites", {}).items():
        out[f"actualites/{slug}.md"] = news_page(catalogue, entry, config)
    return out
