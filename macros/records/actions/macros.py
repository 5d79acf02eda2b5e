"""The library page's macros: every action grouped by mission, with its facets and the filter form.

The listing is complete static HTML (readable and navigable without JavaScript, with links to the
per-mission pages); ``docs/assets/js/actions.js`` turns the hidden form into instant filters. The
options offered are the values the actions actually carry, so no filter can only ever return nothing.
"""
from __future__ import annotations

from typing import Any

from . import view as action_view
from ...core.loader import Catalogue
from ...render.fragments import french_number, relative_url, render_fragment
from ...core.text import fold

# Facet name (also the URL query parameter and the item's data-* attribute) → label, "all" option.
FACETS = (
    ("mission", "Mission", "Toutes"),
    ("region", "Région", "Toutes"),
    ("departement", "Département", "Tous"),
    ("taille", "Taille de la CPTS", "Toutes"),
    ("theme", "Thème", "Tous"),
    ("public", "Public", "Tous"),
)


def _option_label(catalogue: Catalogue, facet: str, value: str) -> str:
    refs = catalogue.referentiels
    if facet == "region":
        return refs.regions[value].nom
    if facet == "departement":
        return f"{refs.departements[value].nom} ({value})"
    if facet == "taille":
        return f"Taille {value}"
    referential = {"mission": "missions", "theme": "themes", "public": "publics"}[facet]
    return refs.lists[referential][value].libelle


def _option_order(catalogue: Catalogue, facet: str, values: set[str]) -> list[str]:
    """Closed lists keep their referential order; régions sort by name; codes and sizes as numbers."""
    referential = {"mission": "missions", "theme": "themes", "public": "publics"}.get(facet)
    if referential:
        return [v for v in catalogue.referentiels.lists[referential] if v in values]
    if facet == "region":
        return sorted(values, key=lambda v: fold(catalogue.referentiels.regions[v].nom).casefold())  # Île-de-France among the I
    return sorted(values)


def filters(catalogue: Catalogue, summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One select per facet, offering only values some action has."""
    result = []
    for name, label, everything in FACETS:
        values = {v for s in summaries for v in s["facettes"][name]}
        options = [{"valeur": v, "libelle": _option_label(catalogue, name, v)} for v in _option_order(catalogue, name, values)]
        result.append({"nom": name, "libelle": label, "tous": everything, "options": options})
    return result


def library(catalogue: Catalogue, here: str) -> str:
    """The whole library block: per-mission links, filter form, count and grouped listing."""
    groups = action_view.by_mission(catalogue)
    for group in groups:
        group["url"] = relative_url(here, group["url"])
        group["actions"] = action_view.relative_links(here, group["actions"])
    summaries = [a for g in groups for a in g["actions"]]
    missions = [{"libelle": catalogue.referentiels.missions[m].libelle, "url": relative_url(here, action_view.mission_url(m)),
                 "nombre": sum(1 for s in summaries if m in s["facettes"]["mission"])}
                for m in action_view.used_missions(catalogue)]
    return render_fragment(catalogue.root, "action_library.html", groupes=groups, missions=missions,
                           filtres=filters(catalogue, summaries), total=len(summaries))


def register(env, catalogue: Catalogue) -> None:
    def here() -> str:
        return env.page.url if env.page is not None else ""

    @env.macro
    def bibliotheque_actions() -> str:
        """Every action, grouped by mission, with the filters (see docs/actions/index.md)."""
        return library(catalogue, here())

    @env.macro
    def nombre_actions() -> str:
        return french_number(len(catalogue.features.get("actions", {})))
