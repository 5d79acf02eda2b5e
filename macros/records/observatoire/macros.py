"""Observatoire macros for hand-written pages: charts, tables, key figures, comparisons, downloads.

Thin adapters: each macro finds the indicator in ``catalogue.observatoire``, asks
``view`` for HTML and returns it. A wrong identifier raises ``ObservatoireError``
with a French message, which fails the build with the page and its line
(``build.page_refs.raise_macro_failures``) instead of leaving a gap.
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from . import view
from .loading import ObservatoireError
from ...render.fragments import french_date, relative_url, render_fragment


class _PageIds:
    """Chart ids unique within the page being rendered, even if a chart appears twice."""

    def __init__(self) -> None:
        self.page: Any = None
        self.used: set[str] = set()

    def unique(self, page: Any, ident: str) -> str:
        if page is not self.page:
            self.page, self.used = page, set()
        candidate, n = ident, 1
        while candidate in self.used:
            n += 1
            candidate = f"{ident}-{n}"
        self.used.add(candidate)
        return candidate


def editions_view(catalogue: Any, here: str) -> list[dict[str, Any]]:
    """Every dataset with its key figures, for the observatoire's overview page."""
    observatoire = catalogue.observatoire
    result = []
    for dataset in observatoire.datasets.values():
        record = dataset.record
        result.append({
            "titre": record.titre, "producteur": record.producteur, "perimetre": record.perimetre,
            "date": french_date(record.date), "methode": record.methode,
            "page": relative_url(here, record.page) if record.page else None,
            "csv": relative_url(here, f"{view.DATA_DIR}/{record.slug}.csv"),
            "nombre": len(dataset.entries),
            "indicateurs": [{"titre": e.indicator.titre, "csv": relative_url(here, f"{view.DATA_DIR}/{e.slug}.csv")}
                            for e in dataset.entries.values()],
            "chiffres": [_headline(dataset.entries[ident]) for ident in record.a_la_une],
        })
    return result


def _headline(entry) -> dict[str, str]:
    """A key figure of an edition, as value and label, for the overview list."""
    point = entry.series[0].points[0]
    return {"valeur": view.point_text(point, entry.indicator.unite), "libelle": entry.indicator.titre}


def inconsistencies_view(catalogue: Any, here: str) -> list[dict[str, Any]]:
    """Every inconsistency the data files record, with the indicator it concerns."""
    found = []
    for entry in catalogue.observatoire.all_entries():
        for text in entry.indicator.incoherences:
            page = entry.dataset.page
            found.append({"edition": entry.dataset.titre, "indicateur": entry.indicator.titre, "texte": text,
                          "page": relative_url(here, page) if page else None})
    return found


def _observatoire(catalogue: Any):
    data = catalogue.features.get("observatoire")
    if data is None:
        raise ObservatoireError("l'observatoire n'est pas chargé (data/observatoire/ absent ?)")
    return data


def _check_indicator(catalogue: Any, args: dict[str, Any]) -> None:
    _observatoire(catalogue).entry(args["indicateur"])


def _check_point(catalogue: Any, args: dict[str, Any]) -> None:
    view.pick_point(_observatoire(catalogue).entry(args["indicateur"]), args.get("categorie"), args.get("serie"))


# What the macros of this module name, checked in hand-written pages before anything renders
# (see page_refs): macro name -> check(catalogue, arguments), raising ObservatoireError.
REFERENCE_CHECKS = {
    "graphique": _check_indicator,
    "tableau_donnees": _check_indicator,
    "chiffre_cle": _check_point,
    "valeur": _check_point,
    "comparaisons_editions": lambda catalogue, args: _observatoire(catalogue).comparisons_for(args.get("edition")),
}


def register(env, catalogue: Any) -> None:
    ids = _PageIds()

    def here() -> str:
        return env.page.url if env.page is not None else ""

    def observatoire():
        return _observatoire(catalogue)

    @env.macro
    def graphique(indicateur: str, tableau: bool = True) -> Markup:
        """Chart of an indicator (inline SVG), with its data table, base, sources and downloads."""
        entry = observatoire().entry(indicateur)
        ident = ids.unique(env.page, f"obs-{entry.slug}")
        return view.figure_html(catalogue, entry, here(), ident, with_table=tableau)

    @env.macro
    def tableau_donnees(indicateur: str) -> Markup:
        """Data table of an indicator, with its base, sources and CSV download."""
        return view.table_html(catalogue, observatoire().entry(indicateur), here())

    @env.macro
    def chiffre_cle(indicateur: str, categorie: str | None = None, serie: str | None = None,
                    libelle: str | None = None) -> Markup:
        """One value shown large, with its label, date and source."""
        entry = observatoire().entry(indicateur)
        return view.key_figure_html(catalogue, entry, here(), categorie, serie, libelle)

    @env.macro
    def valeur(indicateur: str, categorie: str | None = None, serie: str | None = None) -> Markup:
        """One value as text, for sentences: « {{ valeur("barometre-2024/repondants") }} répondants »."""
        entry = observatoire().entry(indicateur)
        _, point = view.pick_point(entry, categorie, serie)
        return Markup.escape(view.point_text(point, entry.indicator.unite))

    @env.macro
    def comparaisons_editions(edition: str | None = None) -> Markup:
        """Every comparison between editions (of ``edition`` only, if given); a sentence if none."""
        found = observatoire().comparisons_for(edition)
        return view.comparisons_html(catalogue, found, here(), lambda ident: ids.unique(env.page, ident))

    @env.macro
    def editions_observatoire() -> Markup:
        """The list of datasets with their indicators and downloads."""
        return Markup(render_fragment(catalogue.root, "observatoire_editions.html", editions=editions_view(catalogue, here())))

    @env.macro
    def incoherences_observatoire() -> Markup:
        """Every inconsistency of the sources recorded in data/observatoire/."""
        return Markup(render_fragment(catalogue.root, "observatoire_incoherences.html",
                                      incoherences=inconsistencies_view(catalogue, here())))
