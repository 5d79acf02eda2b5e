"""One generated page per CPTS (``cpts/<slug>.md`` → ``/cpts/<slug>/``), kept out of the nav."""
from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from typing import Any

from . import view as cpts_view
from ..common import edit_url, related_actions
from ...core.loader import Catalogue
from ...render.fragments import relative_url, render_fragment

# Features add values to every CPTS page's context (the maps add ``carte``):
# callables (catalogue, slug, page url) -> dict, read by cpts_page.html as ``extra``.
PAGE_CONTEXT: list[Callable[[Catalogue, str, str], dict[str, Any]]] = []


def add_page_context(provider: Callable[[Catalogue, str, str], dict[str, Any]]) -> None:
    """Add a feature's CPTS-page values once (a module imported twice must not add them twice)."""
    if provider not in PAGE_CONTEXT:
        PAGE_CONTEXT.append(provider)


def page_url(slug: str) -> str:
    return f"cpts/{slug}/"


def page_body(catalogue: Catalogue, slug: str, config: Any) -> str:
    entry = catalogue.cpts[slug]
    here = page_url(slug)
    view = cpts_view.page_view(catalogue, entry, edit_url(config, entry.path))
    actions = [{"titre": a["titre"], "url": relative_url(here, a["url"])} for a in related_actions(catalogue, slug)]
    extra = {key: value for provider in PAGE_CONTEXT for key, value in provider(catalogue, slug, here).items()}
    return render_fragment(
        catalogue.root, "cpts_page.html", v=view, actions=actions, extra=extra,
        yaml_url=relative_url(here, f"donnees/cpts/{slug}.yml"),
    )


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    from ...build.generated import markdown_page

    pages = {}
    for slug, entry in catalogue.cpts.items():
        description = f"{entry.record.nom} : statut, territoire, missions, contacts et sources."
        front = {"title": html.escape(entry.record.nom), "description": html.escape(description)}
        path = f"cpts/{slug}.md"
        # Rendered on first use (or on the second core): see generated.LAZY.
        pages[path] = markdown_page(front, partial(page_body, catalogue, slug, config), key=path, source=entry.path)
    return pages
