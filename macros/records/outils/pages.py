"""The toolkit's pages: the full listing by category, one page per category and one per public.

The category and public pages are static HTML, so the toolkit can be filtered without JavaScript:
``/boite-a-outils/<categorie>/`` and ``/boite-a-outils/pour-<public>/``, kept out of the nav (the
toolkit page links to them). Each record's YAML is published under ``/donnees/outils/``.
"""
from __future__ import annotations

import html
from typing import Any

from ..cpts import view as cpts_view
from ...render.pages import markdown_page
from ...core.loader import Catalogue
from ..link_view import action_links, cpts_links, document_view, relative
from ...render.fragments import relative_url, render_fragment

TOOLKIT_URL = "boite-a-outils/"
# The toolkit's closed lists (data/referentiels/<name>.yml) and the prefix of the per-public pages:
# /boite-a-outils/<categorie>/ and /boite-a-outils/pour-<public>/. Defined here, beside the URLs they
# make, so that this module never imports ``outils`` (which imports it when it plugs in).
CATEGORIES, PUBLICS = "categories-outils", "publics-outils"
PUBLIC_PREFIX = "pour-"


def category_url(slug: str) -> str:
    return f"boite-a-outils/{slug}/"


def public_url(slug: str) -> str:
    return f"boite-a-outils/{PUBLIC_PREFIX}{slug}/"


def ordered(catalogue: Catalogue) -> list[Any]:
    """Every resource by title (accents and case ignored), then slug."""
    return sorted(catalogue.features.get("outils", {}).values(), key=lambda e: (e.record.titre.casefold(), e.record.slug))


def item_view(catalogue: Catalogue, entry: Any, here: str) -> dict[str, Any]:
    """One resource as every listing shows it, links relative to ``here``."""
    record, lists = entry.record, catalogue.referentiels.lists
    view = {
        "slug": record.slug, "titre": record.titre, "description": record.description,
        "url": record.url, "auteur": record.auteur, "date": record.date, "acces": record.acces,
        "document": document_view(catalogue, record.document) if record.document else None,
        "categorie": {"libelle": lists[CATEGORIES][record.categorie].libelle, "url": category_url(record.categorie)},
        "publics": [{"libelle": lists[PUBLICS][p].libelle, "url": public_url(p)} for p in record.publics],
        "cpts": cpts_links(catalogue, record.cpts), "actions": action_links(catalogue, record.actions),
        "remarques": list(record.remarques),
        "sources": [cpts_view.source_view(catalogue, s) for s in record.sources],
        "yaml": f"donnees/outils/{record.slug}.yml",
    }
    out = relative(here, {**view, "url": None}, "publics", "cpts", "actions")
    out["url"] = record.url  # an outside address stays as written
    out["categorie"] = relative(here, view["categorie"])
    out["yaml"] = relative_url(here, view["yaml"])
    return out


def groups(catalogue: Catalogue, here: str, keep=lambda record: True) -> list[dict[str, Any]]:
    """Resources kept by ``keep``, grouped by category in the referential's order."""
    entries = [e for e in ordered(catalogue) if keep(e.record)]
    result = []
    for slug, category in catalogue.referentiels.lists.get(CATEGORIES, {}).items():
        members = [item_view(catalogue, e, here) for e in entries if e.record.categorie == slug]
        if members:
            result.append({"slug": slug, "libelle": category.libelle, "url": relative_url(here, category_url(slug)), "outils": members})
    return result


def facets(catalogue: Catalogue, here: str) -> dict[str, list[dict[str, Any]]]:
    """Links to the category and public pages that have resources, with their counts."""
    records = [e.record for e in ordered(catalogue)]
    lists = catalogue.referentiels.lists

    def links(name: str, url, count) -> list[dict[str, Any]]:
        return [{"libelle": item.libelle, "url": relative_url(here, url(slug)), "nombre": count(slug)}
                for slug, item in lists.get(name, {}).items() if count(slug)]

    return {"categories": links(CATEGORIES, category_url, lambda s: sum(r.categorie == s for r in records)),
            "publics": links(PUBLICS, public_url, lambda s: sum(s in r.publics for r in records))}


def toolkit(catalogue: Catalogue, here: str) -> str:
    """The toolkit page's block: links by category and by public, then every resource by category."""
    return render_fragment(catalogue.root, "outil_liste.html", groupes=groups(catalogue, here),
                           facettes=facets(catalogue, here), total=len(catalogue.features.get("outils", {})))


def _subset_page(catalogue: Catalogue, here: str, title: str, intro: str, keep) -> str:
    body = render_fragment(catalogue.root, "outil_selection.html", titre=title, intro=intro,
                           groupes=groups(catalogue, here, keep), facettes=facets(catalogue, here),
                           boite_url=relative_url(here, TOOLKIT_URL))
    return markdown_page({"title": html.escape(title), "description": html.escape(intro or title)}, body)


def files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    """Provider of generated files (declared in ``macros/features.py``)."""
    out: dict[str, str | bytes] = {}
    records = [e.record for e in ordered(catalogue)]
    lists = catalogue.referentiels.lists
    for slug, category in lists.get(CATEGORIES, {}).items():
        if any(r.categorie == slug for r in records):
            out[f"boite-a-outils/{slug}.md"] = _subset_page(
                catalogue, category_url(slug), f"Boîte à outils : {category.libelle}", category.description,
                lambda r, slug=slug: r.categorie == slug)
    for slug, public in lists.get(PUBLICS, {}).items():
        if any(slug in r.publics for r in records):
            out[f"boite-a-outils/{PUBLIC_PREFIX}{slug}.md"] = _subset_page(
                catalogue, public_url(slug), f"Boîte à outils : {public.libelle}",
                public.description, lambda r, slug=slug: slug in r.publics)
    return out
