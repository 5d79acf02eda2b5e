"""Observatoire figures → SVG charts, HTML fragments and CSV files.

Owns how an indicator is shown: French number formatting, the chart specification and its text
description, the data table, the key figure, the CSV twin, and the list of generated files. Pure
functions of the catalogue: markup comes from ``overrides/fragments/observatoire_*.html``
(autoescape on), text from YAML is passed in as values and never compiled as a template.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from markupsafe import Markup

from ...render import charts
from ..cpts.view import import_view, source_view
from ...render.spreadsheet import spreadsheet_safe_csv
from .loading import Comparison, Entry, Observatoire, ObservatoireError, Point, SeriesView
from ...render.fragments import french_date, french_number, relative_url, render_fragment

CHART_DIR = "observatoire/graphiques"
DATA_DIR = "observatoire/donnees"
NATURE_LABELS = {"publiee": "", "calculee": "calculé", "prevision": "prévision", "objectif": "objectif"}
CSV_COLUMNS = ["jeu", "indicateur", "titre", "serie", "categorie", "date", "valeur", "unite", "qualificatif",
               "nature", "base", "effectif_base", "source_document", "source_lignes", "source_url", "note"]


# ---------------------------------------------------------------- numbers

def number_text(value: float) -> str:
    """French digits, keeping the precision written in the data: 13.9 → « 13,9 », 1436 → « 1 436 »."""
    if float(value).is_integer():
        return french_number(int(value))
    decimals = len(repr(float(value)).split(".")[1])
    return french_number(value, decimals)


def value_text(value: float, unit: str, qualifier: str | None = None) -> str:
    text = number_text(value) + ("\u00a0%" if unit == "%" else "")
    return f"{qualifier} {text}" if qualifier else text


def point_text(point: Point, unit: str) -> str:
    """The value as a visitor reads it, with its nature when it is not a published figure."""
    text = value_text(point.valeur, unit, point.qualificatif)
    nature = NATURE_LABELS[point.nature]
    return f"{text} ({nature})" if nature else text


def csv_number(value: float) -> str:
    """The number exactly as in the YAML, with a dot: what spreadsheets and scripts read back."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# ---------------------------------------------------------------- charts

def axis_label(entry: Entry) -> str:
    if entry.indicator.axe:
        return entry.indicator.axe
    if entry.indicator.unite == "nombre":
        return "Nombre"
    bases = {s.base.libelle for s in entry.series if s.base}
    return f"En % des {bases.pop()}" if len(bases) == 1 else "En %"


def chart_spec(entry: Entry, ident: str | None = None, documents: dict | None = None) -> charts.Chart:
    """The chart of an indicator (not of a key figure)."""
    indicator = entry.indicator
    if indicator.type == "chiffre":
        raise ObservatoireError(
            f"« {entry.key} » est un chiffre clé, sans graphique : utilisez chiffre_cle(\"{entry.key}\")"
        )
    series = tuple(
        charts.Series(s.libelle, tuple(
            charts.Value(p.categorie, p.valeur, point_text(p, indicator.unite), p.nature != "publiee", p.x)
            for p in s.points
        ), total_text=f"Total : {value_text(s.total, indicator.unite)}" if s.total is not None else "")
        for s in entry.series
    )
    shares_of_whole = indicator.unite == "%" and (indicator.type == "barres-empilees" or indicator.categories_exclusives)
    return charts.Chart(
        kind=indicator.type, ident=ident or f"obs-{entry.slug}", title=indicator.titre,
        desc=describe(entry, documents), series=series, axis_label=axis_label(entry),
        axis_max=100 if shares_of_whole and indicator.type == "barres-empilees" else None,
        footer=footer(entry, documents),
    )


def tick_formatter(unit: str):
    return (lambda v: f"{number_text(v)}\u00a0%") if unit == "%" else number_text


def svg(entry: Entry, ident: str | None = None, standalone: bool = False, documents: dict | None = None) -> str:
    spec = chart_spec(entry, ident, documents)
    return charts.render(spec, standalone=standalone, tick_format=tick_formatter(entry.indicator.unite))


KIND_PHRASES = {
    "barres": "Graphique en barres horizontales",
    "barres-empilees": "Barres empilées : chaque barre est un total découpé en parts",
    "courbe": "Évolution dans le temps, une ligne par série",
}


def describe(entry: Entry, documents: dict | None = None) -> str:
    """The text alternative of the chart: what it shows and every value, in reading order."""
    indicator = entry.indicator
    parts = [f"{KIND_PHRASES.get(indicator.type, 'Chiffre clé')}. {indicator.titre}."]
    for series in entry.series:
        values = " ; ".join(f"{p.categorie} : {point_text(p, indicator.unite)}" for p in series.points)
        parts.append(f"{series.libelle} — {values}.")
    parts.append(base_text(entry) + " " + footer(entry, documents))
    return " ".join(p.strip() for p in parts if p.strip())


def base_text(entry: Entry) -> str:
    bases = []
    for series in entry.series:
        if series.base and series.base not in [b for _, b in bases]:
            bases.append((series.libelle, series.base))
    if not bases:
        return ""
    if len(bases) == 1:
        return f"Base : {_base_phrase(bases[0][1])}."
    return "Bases : " + " ; ".join(f"{label} : {_base_phrase(base)}" for label, base in bases) + "."


def _base_phrase(base) -> str:
    count = f"{number_text(base.effectif)} " if base.effectif else ""
    unknown = "" if base.effectif else " (effectif non publié)"
    return f"{count}{base.libelle}{unknown}"


def footer(entry: Entry, documents: dict | None = None) -> str:
    """« Source : <document>, <auteur>, <date>, l. 92–96 » for each distinct document."""
    cited: dict[str, list[str]] = {}
    for source in entry.sources():
        if source.import_ is not None:  # an imported listing: cited whole, like a web page
            listing = import_view(source.import_)
            cited.setdefault(f"{listing['titre']} ({listing['detail']})", [])
            continue
        if source.url:
            cited.setdefault(source.url, [])
            continue
        doc = (documents or {}).get(source.document)
        name = f"{doc.titre}, {doc.auteur}, {french_date(doc.date)}" if doc else source.document
        cited.setdefault(name, []).append(source.lignes)
    docs = [f"{name}, l. {_line_list(lines)}" if lines else name for name, lines in cited.items()]
    plural = "s" if len(docs) > 1 else ""
    return f"Source{plural} : {' ; '.join(docs)}."


def _line_list(ranges: list[str]) -> str:
    """Cited lines in reading order: « 16, 17-19, 25 » (with en dashes)."""
    ordered = sorted(set(ranges), key=lambda r: [int(n) for n in r.split("-")])
    return ", ".join(r.replace("-", "–") for r in ordered)


# ---------------------------------------------------------------- tables

def table_view(entry: Entry) -> dict[str, Any]:
    """Rows = categories (or dates), columns = series; « — » where the source gives no value."""
    unit = entry.indicator.unite
    order: list[tuple[str, float | None]] = []
    for series in entry.series:
        for point in series.points:
            if point.categorie not in [c for c, _ in order]:
                order.append((point.categorie, point.x))
    if entry.indicator.type == "courbe":
        order.sort(key=lambda item: item[1])
    first = "Date" if entry.indicator.type == "courbe" else "Catégorie"
    rows = []
    for category, _ in order:
        cells = []
        for series in entry.series:
            point = next((p for p in series.points if p.categorie == category), None)
            cells.append(point_text(point, unit) if point else "—")
        rows.append({"libelle": category, "cellules": cells})
    return {"entetes": [first, *[s.libelle for s in entry.series]], "lignes": rows}


def value_notes(entry: Entry) -> list[str]:
    """Notes attached to single values, prefixed with what they are about."""
    notes = []
    for series in entry.series:
        for point in series.points:
            if point.note:
                where = point.categorie if len(entry.series) == 1 else f"{series.libelle}, {point.categorie}"
                notes.append(f"{where} : {point.note}")
        if series.ecart_somme:
            notes.append(f"{series.libelle} : {series.ecart_somme}")
    return notes


@dataclasses.dataclass(frozen=True)
class _Cited:
    """Several line ranges of one document, cited once (same shape as a ``SourceRef``)."""

    document: str | None
    lignes: str | None
    url: str | None = None


def grouped_sources(entry: Entry) -> list[Any]:
    """One citation per document with all its lines, then web pages, in order of first use."""
    lines: dict[str, list[str]] = {}
    urls: list[str] = []
    listings: list[Any] = []
    for source in entry.sources():
        if source.import_ is not None:
            listings.append(source)  # rendered by cpts_view.source_view, which knows imports
        elif source.url:
            urls.append(source.url)
        else:
            lines.setdefault(source.document, []).append(source.lignes)
    cited = [_Cited(doc, _line_list(ranges).replace("–", "-")) for doc, ranges in lines.items()]
    return cited + [_Cited(None, None, url) for url in urls] + listings


def meta_view(catalogue: Any, entry: Entry) -> dict[str, Any]:
    indicator = entry.indicator
    dates = sorted({p.date for s in entry.series for p in s.points})
    return {
        "question": indicator.question,
        "base": base_text(entry),
        "dates": [french_date(d) for d in dates] if len(dates) <= 6 else [f"{french_date(dates[0])} à {french_date(dates[-1])}"],
        "sources": [source_view(catalogue, s) for s in grouped_sources(entry)],
        "notes": [*indicator.notes, *value_notes(entry)],
        "incoherences": list(indicator.incoherences),
    }


def downloads(entry_slug: str, here: str, with_svg: bool) -> dict[str, str | None]:
    return {
        "csv": relative_url(here, f"{DATA_DIR}/{entry_slug}.csv"),
        "svg": relative_url(here, f"{CHART_DIR}/{entry_slug}.svg") if with_svg else None,
    }


def figure_html(catalogue: Any, entry: Entry, here: str, ident: str, with_table: bool = True) -> Markup:
    documents = catalogue.referentiels.documents
    return Markup(render_fragment(
        catalogue.root, "observatoire_graphique.html",
        ident=ident, cle=entry.key, titre=entry.indicator.titre, svg=Markup(svg(entry, ident, documents=documents)),
        tableau=table_view(entry) if with_table else None, meta=meta_view(catalogue, entry),
        liens=downloads(entry.slug, here, with_svg=True),
    ))


def table_html(catalogue: Any, entry: Entry, here: str) -> Markup:
    return Markup(render_fragment(
        catalogue.root, "observatoire_tableau.html", cle=entry.key,
        titre=entry.indicator.titre, tableau=table_view(entry), meta=meta_view(catalogue, entry),
        liens=downloads(entry.slug, here, with_svg=entry.indicator.type != "chiffre"),
    ))


def pick_point(entry: Entry, categorie: str | None = None, serie: str | None = None) -> tuple[SeriesView, Point]:
    """The single value a key figure shows; ambiguous or unknown selections are errors."""
    for name, value in (("serie", serie), ("categorie", categorie)):
        if value is not None and not isinstance(value, str):
            # categorie=2019 is a number for Jinja; identifiers are texts (« 2019 », « 2022-12 »).
            raise ObservatoireError(f"{name}={value} est un nombre, or les identifiants de « {entry.key} » sont des "
                                    f"textes : mettez-le entre guillemets, {name}=\"{value}\"")
    series = [s for s in entry.series if serie is None or s.key == serie]
    if not series:
        choices = ", ".join(f"« {s.key} » ({s.libelle})" for s in entry.series)
        raise ObservatoireError(f"série inconnue « {serie} » dans « {entry.key} » (séries : {choices})")
    matches = [(s, p) for s in series for p in s.points if categorie is None or p.key == categorie]
    if len(matches) == 1:
        return matches[0]
    choices = ", ".join(f"« {p.key} »" for _, p in matches) or ", ".join(
        f"« {p.key} »" for s in series for p in s.points)
    if not matches:
        raise ObservatoireError(f"catégorie inconnue « {categorie} » dans « {entry.key} » (catégories : {choices})")
    raise ObservatoireError(f"« {entry.key} » a plusieurs valeurs : précisez categorie=… ou serie=… (catégories : {choices})")


def key_figure_html(catalogue: Any, entry: Entry, here: str, categorie: str | None = None,
                    serie: str | None = None, libelle: str | None = None) -> Markup:
    series, point = pick_point(entry, categorie, serie)
    default = entry.indicator.titre if entry.indicator.type == "chiffre" else f"{entry.indicator.titre} — {point.categorie}"
    base = _base_phrase(series.base) if series.base and entry.indicator.unite == "%" else ""
    return Markup(render_fragment(
        catalogue.root, "observatoire_chiffre.html", cle=entry.key,
        valeur=point_text(point, entry.indicator.unite), libelle=libelle or default, base=base,
        date=french_date(point.date), source=source_view(catalogue, point.source), note=point.note,
        incoherences=list(entry.indicator.incoherences),
    ))


# ---------------------------------------------------------------- comparisons

def comparison_spec(comparison: Comparison, index: int) -> charts.Chart:
    """Bars grouped by category, one bar per edition, for the ``index``-th shared series."""
    label = comparison.series_labels[index]
    first = comparison.entries[-1]
    unit = first.indicator.unite
    series = []
    for entry in comparison.entries:
        view = _series_keyed(entry, comparison.series_keys[index])
        values = tuple(charts.Value(_comparison_category(entry, p), p.valeur, point_text(p, unit), p.nature != "publiee")
                       for p in view.points)
        series.append(charts.Series(edition_label(entry), values))
    title = f"{first.indicator.titre} — comparaison des éditions"
    if len(comparison.series_labels) > 1:
        title += f" ({label})"
    return charts.Chart(
        kind="barres", ident=f"obs-{comparison.slug}-{index + 1}", title=title,
        desc=describe_comparison(comparison, index), series=tuple(series), axis_label=axis_label(first),
        footer="Sources : " + " ; ".join(f"{e.dataset.titre} ({e.path})" for e in comparison.entries),
    )


def _comparison_category(entry: Entry, point: Point) -> str:
    # A key figure has no category: the edition itself is what the bars compare.
    return edition_label(entry) if entry.indicator.type == "chiffre" else point.categorie


def _series_keyed(entry: Entry, key: str) -> SeriesView:
    if entry.indicator.type == "chiffre":
        return entry.series[0]
    return next(s for s in entry.series if s.key == key)


def edition_label(entry: Entry) -> str:
    return entry.dataset.libelle_edition or entry.dataset.date[:4]


def describe_comparison(comparison: Comparison, index: int) -> str:
    label = comparison.series_labels[index]
    unit = comparison.entries[-1].indicator.unite
    editions = ", ".join(edition_label(e) for e in comparison.entries)
    parts = [f"Graphique en barres comparant les éditions {editions} de l'indicateur « {comparison.entries[-1].indicator.titre} », série « {label} »."]
    for entry in comparison.entries:
        values = " ; ".join(f"{_comparison_category(entry, p)} : {point_text(p, unit)}" for p in _series_keyed(entry, comparison.series_keys[index]).points)
        parts.append(f"{edition_label(entry)} — {values}.")
    return " ".join(parts)


def comparison_svg(comparison: Comparison, index: int, ident: str | None = None, standalone: bool = False) -> str:
    spec = comparison_spec(comparison, index)
    if ident:
        spec = dataclasses.replace(spec, ident=ident)
    return charts.render(spec, standalone=standalone, tick_format=tick_formatter(comparison.entries[-1].indicator.unite))


def comparison_table(comparison: Comparison, index: int) -> dict[str, Any]:
    label = comparison.series_labels[index]
    unit = comparison.entries[-1].indicator.unite
    order: list[str] = []
    cells: dict[tuple[str, str], str] = {}
    for entry in comparison.entries:
        for point in _series_keyed(entry, comparison.series_keys[index]).points:
            category = _comparison_category(entry, point)
            if category not in order:
                order.append(category)
            cells[(edition_label(entry), category)] = point_text(point, unit)
    heads = [edition_label(e) for e in comparison.entries]
    return {"entetes": ["Catégorie", *heads],
            "lignes": [{"libelle": c, "cellules": [cells.get((h, c), "—") for h in heads]} for c in order]}


def comparisons_html(catalogue: Any, comparisons: list[Comparison], here: str, ident_for) -> Markup:
    blocks = []
    for comparison in comparisons:
        for index, label in enumerate(comparison.series_labels):
            ident = ident_for(f"obs-{comparison.slug}-{index + 1}")
            blocks.append({
                "titre": comparison_spec(comparison, index).title,
                "svg": Markup(comparison_svg(comparison, index, ident)),
                "ident": ident,
                "cle": comparison.key,
                "tableau": comparison_table(comparison, index),
                "editions": [{"titre": e.dataset.titre, "page": relative_url(here, e.dataset.page) if e.dataset.page else None}
                             for e in comparison.entries],
                "liens": {"csv": relative_url(here, f"{DATA_DIR}/{comparison.slug}.csv"),
                          "svg": relative_url(here, f"{CHART_DIR}/{comparison.slug}-{index + 1}.svg")},
            })
    return Markup(render_fragment(catalogue.root, "observatoire_comparaisons.html", blocs=blocks))


# ---------------------------------------------------------------- CSV and generated files

def csv_rows(entry: Entry, only_series: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    rows = []
    for series in entry.series:
        if only_series is not None and entry.indicator.type != "chiffre" and series.key not in only_series:
            continue
        for point in series.points:
            source = point.source
            rows.append({
                "jeu": entry.dataset.slug, "indicateur": entry.indicator.id, "titre": entry.indicator.titre,
                "serie": series.libelle, "categorie": point.categorie if entry.indicator.type != "courbe" else "",
                "date": point.date, "valeur": csv_number(point.valeur), "unite": entry.indicator.unite,
                "qualificatif": point.qualificatif or "", "nature": point.nature,
                "base": series.base.libelle if series.base else "",
                "effectif_base": str(series.base.effectif) if series.base and series.base.effectif else "",
                "source_document": source.document or "", "source_lignes": source.lignes or "",
                "source_url": source.url or "", "note": point.note or "",
            })
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    return spreadsheet_safe_csv(rows, CSV_COLUMNS, numeric=frozenset({"valeur"}))


def generated_files(observatoire: Observatoire, documents: dict | None = None) -> dict[str, str]:
    """Every chart as a standalone SVG and every indicator, edition and comparison as CSV."""
    out: dict[str, str] = {}
    for dataset in observatoire.datasets.values():
        rows = []
        for entry in dataset.entries.values():
            entry_rows = csv_rows(entry)
            rows.extend(entry_rows)
            out[f"{DATA_DIR}/{entry.slug}.csv"] = to_csv(entry_rows)
            if entry.indicator.type != "chiffre":
                out[f"{CHART_DIR}/{entry.slug}.svg"] = svg(entry, standalone=True, documents=documents) + "\n"
        out[f"{DATA_DIR}/{dataset.record.slug}.csv"] = to_csv(rows)
    for comparison in observatoire.comparisons:
        rows = [r for e in comparison.entries for r in csv_rows(e, comparison.series_keys)]
        out[f"{DATA_DIR}/{comparison.slug}.csv"] = to_csv(rows)
        for index in range(len(comparison.series_labels)):
            out[f"{CHART_DIR}/{comparison.slug}-{index + 1}.svg"] = comparison_svg(comparison, index, standalone=True) + "\n"
    return dict(sorted(out.items()))


def files(catalogue: Any, config: Any = None) -> dict[str, str]:
    """Provider of generated files (declared in ``macros/features.py``)."""
    observatoire = catalogue.features.get("observatoire")
    return generated_files(observatoire, catalogue.referentiels.documents) if observatoire else {}
