"""Generated files of the case-study library: one page per action, one page per mission, the YAML twins.

``actions/<slug>.md`` → ``/actions/<slug>/`` and ``actions/mission/<mission>.md`` →
``/actions/mission/<mission>/``, all kept out of the nav (see the GUIDE: a nav listing every
record grows the site with the square of its size). The mission pages are the library's
facet that works without JavaScript. Each action's YAML is published under ``/donnees/actions/``.
"""
from __future__ import annotations

import html
from functools import partial
from typing import Any

from . import view as action_view
from ...render.pages import markdown_page
from ..common import edit_url
from ...core.loader import Catalogue
from ...render.fragments import relative_url, render_fragment


def action_body(catalogue: Catalogue, entry: Any, config: Any) -> str:
    slug = entry.record.slug
    here = action_view.page_url(slug)
    view = action_view.page_view(catalogue, entry, edit_url(config, entry.path))
    view = {**action_view.relative_links(here, [view])[0], "proches": action_view.relative_links(here, view["proches"])}
    return render_fragment(
        catalogue.root, "action_page.html", v=view,
        bibliotheque_url=relative_url(here, action_view.LIBRARY_URL),
        yaml_url=relative_url(here, f"donnees/actions/{slug}.yml"),
    )


def action_page(catalogue: Catalogue, entry: Any, config: Any) -> str:
    front = {"title": html.escape(entry.record.titre), "description": html.escape(entry.record.resume[:300])}
    # Rendered on first use (or on the second core): see build.generated.PageBodies.
    return markdown_page(front, partial(action_body, catalogue, entry, config), key=f"actions/{entry.record.slug}.md",
                         source=entry.path)


def mission_page(catalogue: Catalogue, mission: str) -> str:
    here = action_view.mission_url(mission)
    view = action_view.mission_page(catalogue, mission)
    view["principales"] = action_view.relative_links(here, view["principales"])
    view["secondaires"] = action_view.relative_links(here, view["secondaires"])
    body = render_fragment(catalogue.root, "action_mission.html", v=view,
                           bibliotheque_url=relative_url(here, action_view.LIBRARY_URL))
    title = f"Fiches actions : {view['libelle']}"
    front = {"title": html.escape(title),
             "description": html.escape(f"Les fiches actions des CPTS sur la mission « {view['libelle']} ».")}
    return markdown_page(front, body)


def files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    """Provider of generated files (declared in ``macros/features.py``)."""
    out: dict[str, str | bytes] = {}
    for slug, entry in catalogue.features.get("actions", {}).items():
        out[f"actions/{slug}.md"] = action_page(catalogue, entry, config)
    for mission in action_view.used_missions(catalogue):
        out[f"actions/mission/{mission}.md"] = mission_page(catalogue, mission)
    return out
