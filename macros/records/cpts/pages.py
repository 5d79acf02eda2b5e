"""One generated page per CPTS (``cpts/<slug>.md`` → ``/cpts/<slug>/``), kept out of the nav."""
from __future__ import annotations

import html
from functools import partial
from typing import Any

from . import view as cpts_view
from ..common import edit_url, related_actions
from ...core.loader import Catalogue
from ...render.fragments import relative_url, render_fragment
from ...render.pages import markdown_page

def page_url(slug: str) -> str:
    return f"cpts/{slug}/"


def page_body(catalogue: Catalogue, slug: str, config: Any) -> str:
    entry = catalogue.cpts[slug]
    here = page_url(slug)
    view = cpts_view.page_view(catalogue, entry, edit_url(config, entry.path))
    actions = [{"titre": a["titre"], "url": relative_url(here, a["url"])} for a in related_actions(catalogue, slug)]
    # Features add values to every CPTS page (the maps add ``carte``, the agenda ``liens``): each
    # declares them in ``Feature.cpts_page``; cpts_page.html reads them as ``extra``.
    extra = {key: value for provider in catalogue.collect("cpts_page") for key, value in provider(catalogue, slug, here).items()}
    return render_fragment(
        catalogue.root, "cpts_page.html", v=view, actions=actions, extra=extra,
        yaml_url=relative_url(here, f"donnees/cpts/{slug}.yml"),
    )


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    pages = {}
    for slug, entry in catalogue.cpts.items():
        description = f"{entry.record.nom} : statut, territoire, missions, contacts et sources."
        front = {"title": html.escape(entry.record.nom), "description": html.escape(description)}
        path = f"cpts/{slug}.md"
        # Rendered on first use (or on the second core): see build.generated.PageBodies.
        pages[path] = markdown_page(front, partial(page_body, catalogue, slug, config), key=path, source=entry.path)
    return pages
