"""What the site shows of the support bodies: one page each (``appuis/<slug>/``), the list macro
of ``docs/appuis/index.md``, the « Qui peut aider » block of CPTS pages and the finder's rows."""
from __future__ import annotations

import html
from functools import partial
from typing import Any

from .model import FOLDER, AppuiEntry, for_departement
from ..common import edit_url
from ..cpts import view as cpts_view
from ...core.loader import Catalogue
from ...render.fragments import relative_url, render_fragment
from ...render.pages import markdown_page

LIST_URL = "appuis/"


def page_url(slug: str) -> str:
    return f"{LIST_URL}{slug}/"


def zone_text(catalogue: Catalogue, entry: AppuiEntry) -> str:
    """« France entière », « Occitanie », « Gironde (33), Landes (40) »…"""
    zone, refs = entry.record.zone, catalogue.referentiels
    if zone.national:
        return "France entière"
    parts = [refs.regions[code].nom for code in zone.regions]
    parts += [f"{refs.departements[code].nom} ({code})" for code in zone.departements]
    return ", ".join(parts)


def summary(catalogue: Catalogue, entry: AppuiEntry, here: str) -> dict[str, Any]:
    record = entry.record
    return {
        "slug": record.slug, "nom": record.nom, "sigle": record.sigle, "url": relative_url(here, page_url(record.slug)),
        "niveau": "national" if record.zone.national else "régional", "zone": zone_text(catalogue, entry),
        "services": list(record.services), "pour_les_habitants": record.pour_les_habitants,
        # Every key present (None when unknown): fragments test values, they never assume a key exists.
        "contacts": record.contacts.model_dump(),
    }


def page_body(catalogue: Catalogue, entry: AppuiEntry, config: Any) -> str:
    here = page_url(entry.record.slug)
    record = entry.record
    view = {
        **summary(catalogue, entry, here),
        "presentation": [p.strip() for p in record.presentation.split("\n\n") if p.strip()],
        "sources": [cpts_view.source_view(catalogue, s) for s in record.sources],
        "mise_a_jour": record.mise_a_jour, "fichier": entry.path, "edit_url": edit_url(config, entry.path),
        "cpts": [{"nom": e.record.nom, "url": relative_url(here, f"cpts/{slug}/")}
                 for slug, e in catalogue.cpts.items()
                 if not record.zone.national and set(e.record.departements) & entry.departements],
    }
    return render_fragment(catalogue.root, "appui_page.html", v=view, liste_url=relative_url(here, LIST_URL),
                           yaml_url=relative_url(here, f"donnees/{FOLDER}/{record.slug}.yml"))


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    """Provider of generated files (declared in ``macros/features.py``)."""
    pages = {}
    for slug, entry in catalogue.features.get(FOLDER, {}).items():
        front = {"title": html.escape(entry.record.nom),
                 "description": html.escape(f"{entry.record.nom} : comment cet appui aide les CPTS ({zone_text(catalogue, entry)}).")}
        path = f"{FOLDER}/{slug}.md"
        pages[path] = markdown_page(front, partial(page_body, catalogue, entry, config), key=path, source=entry.path)
    return pages


def cpts_page_context(catalogue: Catalogue, slug: str, here: str) -> dict[str, Any]:
    """``appuis`` for the CPTS page: the bodies that help in its départements, most local first."""
    seen: dict[str, dict[str, Any]] = {}
    for departement in catalogue.cpts[slug].record.departements:
        for entry in for_departement(catalogue, departement):
            seen.setdefault(entry.record.slug, summary(catalogue, entry, here))
    return {"appuis": list(seen.values())}


def finder_rows(catalogue: Catalogue, cpts_base: str = "") -> list[dict[str, Any]]:
    """The bodies as the finder's index carries them: name, page, what it does for residents,
    the départements covered (empty: national), most local first."""
    entries = sorted(catalogue.features.get(FOLDER, {}).values(),
                     key=lambda e: (e.record.zone.national, len(e.departements), e.record.nom))
    return [{"nom": e.record.nom, "url": page_url(e.record.slug), "texte": e.record.pour_les_habitants,
             "departements": [] if e.record.zone.national else sorted(e.departements)} for e in entries]


def register(env, catalogue: Catalogue) -> None:  # noqa: ANN001 - mkdocs-macros' object
    @env.macro
    def liste_appuis() -> str:
        """Every support body, regional ones first, with the area it covers and what it does."""
        here = env.page.url if env.page is not None else LIST_URL
        entries = sorted(catalogue.features.get(FOLDER, {}).values(), key=lambda e: (e.record.zone.national, e.record.nom))
        return render_fragment(catalogue.root, "appui_liste.html", appuis=[summary(catalogue, e, here) for e in entries])
