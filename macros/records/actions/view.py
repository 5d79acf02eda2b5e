"""What a visitor sees of one action: plain values prepared for the fragments (page, library, mission pages).

Pure functions from the catalogue to dicts, so the same labels, figures and facets appear on the
action page, in the library listing, on the mission pages and in the filters. URLs returned here
are site-relative (``actions/<slug>/``); callers make them relative to the page they render.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..cpts import view as cpts_view
from ...core import memo
from ...core.loader import Catalogue
from ...render.fragments import french_number, relative_url

if TYPE_CHECKING:
    from .model import ActionEntry

LIBRARY_URL = "actions/"
RELATED_LIMIT = 4


def page_url(slug: str) -> str:
    return f"actions/{slug}/"


def mission_url(slug: str) -> str:
    return f"actions/mission/{slug}/"


def number_text(value: float) -> str:
    """17232 → '17 232', 12.5 → '12,5': as many decimals as the source wrote, none for whole numbers."""
    if isinstance(value, float) and not value.is_integer():
        decimals = len(repr(value).split(".")[1]) if "e" not in repr(value) else 2
        return french_number(value, decimals)
    return french_number(int(value))


def figure_view(catalogue: Catalogue, result: Any) -> dict[str, Any]:
    """A key figure as text: '17 232 appels', what it counts, when, and where it comes from."""
    # A no-break space keeps the unit on the number's line; the text stays searchable word by word.
    return {"texte": f"{number_text(result.valeur)}\u00a0{result.unite}", "libelle": result.libelle,
            "periode": result.periode, "source": short_source(catalogue, result.source)}


def short_source(catalogue: Catalogue, source: Any) -> dict[str, Any]:
    """A figure's source in a few words (title and lines); the Sources section gives the full reference."""
    if source.document is None:  # a web page or an imported listing: the full reference is short
        return cpts_view.source_view(catalogue, source)
    doc = catalogue.referentiels.documents[source.document]
    return {"titre": doc.titre, "url": doc.url, "detail": f"l. {source.lignes.replace('-', '–')}"}


def cpts_brief(catalogue: Catalogue, slug: str) -> dict[str, Any]:
    """A CPTS as the action pages name it: link, région, départements, taille."""
    summary = cpts_view.summary(catalogue, catalogue.cpts[slug])
    return {"slug": slug, "nom": summary["nom"], "url": f"cpts/{slug}/", "region": summary["region"],
            "departements": summary["departements"], "taille": summary["taille"]}


def _labels(catalogue: Catalogue, referential: str, slugs: list[str]) -> list[dict[str, str]]:
    items = catalogue.referentiels.lists[referential]
    return [{"slug": s, "libelle": items[s].libelle} for s in slugs]


def facets(catalogue: Catalogue, entry: ActionEntry) -> dict[str, list[str]]:
    """The filter values of an action; région, département and taille come from its CPTS."""
    record = entry.record
    briefs = [cpts_brief(catalogue, s) for s in record.cpts]
    return {
        "mission": [record.mission, *record.missions_secondaires],
        "region": sorted({b["region"]["code"] for b in briefs if b["region"]}),
        "departement": sorted({d["code"] for b in briefs for d in b["departements"]}),
        "taille": sorted({str(b["taille"]) for b in briefs if b["taille"]}),
        "theme": list(record.themes),
        "public": list(record.publics),
    }


def summary(catalogue: Catalogue, entry: ActionEntry) -> dict[str, Any]:
    """The short form used by the library, the mission pages and the related actions.

    Computed once per catalogue for all actions: each is shown on its page, in the library, on
    its mission pages and among the related actions of others (3,500 times at national scale).
    A shallow copy: callers replace keys (relative links), they never change nested values.
    """
    cached = memo.per_catalogue("action-summaries", catalogue, lambda: {
        slug: (other, _summary(catalogue, other)) for slug, other in catalogue.features["actions"].items()})
    found = cached.get(entry.record.slug)
    if found is None or found[0] is not entry:  # an entry from elsewhere (a test, a tool)
        return _summary(catalogue, entry)
    return dict(found[1])


def _summary(catalogue: Catalogue, entry: ActionEntry) -> dict[str, Any]:
    record, refs = entry.record, catalogue.referentiels
    return {
        "slug": record.slug,
        "titre": record.titre,
        "resume": record.resume,
        "url": page_url(record.slug),
        "mission": {"slug": record.mission, "libelle": refs.missions[record.mission].libelle, "url": mission_url(record.mission)},
        "missions_secondaires": [{**m, "url": mission_url(m["slug"])} for m in _labels(catalogue, "missions", record.missions_secondaires)],
        "themes": _labels(catalogue, "themes", record.themes),
        "publics": _labels(catalogue, "publics", record.publics),
        "cpts": [cpts_brief(catalogue, s) for s in record.cpts],
        "porteurs": list(record.porteurs),
        "facettes": facets(catalogue, entry),
        "date": record.date,
    }


def related(catalogue: Catalogue, entry: ActionEntry, limit: int = RELATED_LIMIT) -> list[dict[str, Any]]:
    """A few actions close to this one: same main mission first, then the most shared themes."""
    record = entry.record
    index = memo.per_catalogue("action-neighbours", catalogue, lambda: _neighbours(catalogue))
    themes = set(record.themes)
    # Only actions sharing the mission or a theme can score: the index lists them (the library is
    # a few thousand actions at national scale; comparing each with all was quadratic).
    candidates = set(index.get(("mission", record.mission), ())).union(
        *(index.get(("theme", t), ()) for t in themes))
    candidates.discard(record.slug)
    scored = []
    for slug in candidates:
        other = catalogue.features["actions"][slug]
        # Never 0: a candidate shares the mission or a theme.
        scored.append((3 * (other.record.mission == record.mission) + len(set(other.record.themes) & themes), other))
    # Stable sorts, last key first: slug, then newest, then highest score.
    scored.sort(key=lambda item: item[1].record.slug)
    scored.sort(key=lambda item: item[1].record.date, reverse=True)
    scored.sort(key=lambda item: item[0], reverse=True)
    return [summary(catalogue, other) for _, other in scored[:limit]]


def _neighbours(catalogue: Catalogue) -> dict[tuple[str, str], list[str]]:
    """The slugs of the actions of each main mission and of each theme."""
    index: dict[tuple[str, str], list[str]] = {}
    for slug, other in catalogue.features["actions"].items():
        index.setdefault(("mission", other.record.mission), []).append(slug)
        for theme in set(other.record.themes):
            index.setdefault(("theme", theme), []).append(slug)
    return index


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def page_view(catalogue: Catalogue, entry: ActionEntry, edit_url: str | None) -> dict[str, Any]:
    """Everything the action page shows."""
    record = entry.record
    return {
        **summary(catalogue, entry),
        "partenaires": list(record.partenaires),
        "contexte": paragraphs(record.contexte),
        "deroule": list(record.deroule),
        "chiffres": [figure_view(catalogue, r) for r in record.resultats],
        "enseignements": list(record.enseignements),
        "freins": list(record.freins),
        "perspectives": list(record.perspectives),
        "documents": [d.model_dump() for d in record.documents],
        "remarques": list(record.remarques),
        "sources": [cpts_view.source_view(catalogue, s) for s in record.sources],
        "mise_a_jour": record.mise_a_jour,
        "proches": related(catalogue, entry),
        "fichier": entry.path,
        "edit_url": edit_url,
    }


def ordered(catalogue: Catalogue) -> list[ActionEntry]:
    """Every action, newest first, then by title: the order of every listing."""
    entries = sorted(catalogue.features["actions"].values(), key=lambda e: (e.record.titre.casefold(), e.record.slug))
    # Partial dates sort as text ("2023" before "2023-06"); the sort is stable, so titles stay in order.
    return sorted(entries, key=lambda e: e.record.date, reverse=True)


def by_mission(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The library's groups: each mission of the referential that is the main mission of an action."""
    groups = []
    entries = ordered(catalogue)
    for slug, mission in catalogue.referentiels.missions.items():
        members = [summary(catalogue, e) for e in entries if e.record.mission == slug]
        if members:
            groups.append({"slug": slug, "libelle": mission.libelle, "url": mission_url(slug), "actions": members})
    return groups


def mission_page(catalogue: Catalogue, slug: str) -> dict[str, Any]:
    """One mission's static page: actions whose main mission it is, then those that touch it."""
    mission = catalogue.referentiels.missions[slug]
    entries = ordered(catalogue)
    return {
        "slug": slug, "libelle": mission.libelle, "pour_les_patients": mission.pour_les_patients,
        "principales": [summary(catalogue, e) for e in entries if e.record.mission == slug],
        "secondaires": [summary(catalogue, e) for e in entries if slug in e.record.missions_secondaires],
    }


def used_missions(catalogue: Catalogue) -> list[str]:
    """Missions of the referential named by at least one action (main or secondary), in its order."""
    used = {m for e in catalogue.features["actions"].values() for m in (e.record.mission, *e.record.missions_secondaires)}
    return [m for m in catalogue.referentiels.missions if m in used]


def relative_links(here: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Make the ``url`` of summaries (and of their CPTS and missions) relative to ``here``."""
    out = []
    for item in items:
        item = {**item, "url": relative_url(here, item["url"])}
        if "cpts" in item:
            item["cpts"] = [{**c, "url": relative_url(here, c["url"])} for c in item["cpts"]]
        if "mission" in item:
            item["mission"] = {**item["mission"], "url": relative_url(here, item["mission"]["url"])}
            item["missions_secondaires"] = relative_links(here, item["missions_secondaires"])
        out.append(item)
    return out
