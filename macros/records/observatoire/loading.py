"""The observatoire: loads ``data/observatoire/*.yml``, checks the figures, finds edition comparisons.

Owns the rules a figure must obey before it is published (shares within 0–100, counts whole and
non-negative, every value with a source and a date, shares of exclusive categories adding up to
about 100 %, declared totals reached) and the ``Observatoire`` object that the renderers, the
macros and the generated files read. Rendering lives in ``view.py``; macros in ``macros.py``.

Declared in ``macros/features.py``: this loader (``catalogue.observatoire``), the generated files
of ``view`` (SVG charts and CSV files) and the macros of ``macros``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.errors import MacroError
from ...core.fields import SourceRef
from .model import Base, Dataset, Indicator
from ...core.yamlio import Located

if TYPE_CHECKING:
    from ...core.loader import LoadContext

FOLDER = "observatoire"
SUM_TOLERANCE = 1.5  # points: rounding each share to a whole number can drift this far from 100


class ObservatoireError(MacroError):
    """A page asks for something the observatoire does not have (message in French)."""


def label_key(label: str) -> str:
    """The default identifier of a series or category: its label in lower case and hyphens."""
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@dataclass(frozen=True)
class Point:
    """One published value with everything inherited from its indicator resolved."""

    key: str                 # what pages call it: explicit id, else the date (time series) or label_key
    serie: str
    categorie: str           # category label, or the date for time series
    date: str                # partial date the value refers to
    valeur: float | int
    qualificatif: str | None
    nature: str              # publiee | calculee | prevision | objectif
    source: SourceRef
    note: str | None
    x: float | None          # time series: decimal year


@dataclass(frozen=True)
class SeriesView:
    key: str                 # what pages and comparisons call it: explicit id, else label_key(libelle)
    libelle: str
    base: Base | None
    total: float | int | None
    ecart_somme: str | None
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Entry:
    """An indicator ready to publish: ``key`` is what macros use (``barometre-2024/departements``)."""

    key: str
    dataset: Dataset
    path: str
    line: int                # line of the indicator's « id », for messages about it
    indicator: Indicator
    series: tuple[SeriesView, ...]

    @property
    def slug(self) -> str:
        """The key as a file-name-safe slug (``barometre-2024-departements``)."""
        return self.key.replace("/", "-")

    def sources(self) -> list[SourceRef]:
        """Distinct sources of the indicator, in order of first use."""
        seen: list[SourceRef] = []
        for series in self.series:
            for point in series.points:
                if point.source not in seen:
                    seen.append(point.source)
        return seen


@dataclass(frozen=True)
class Comparison:
    """One indicator shared by several editions of a collection, compared series by series."""

    key: str                          # comparaison/<collection>/<indicator id>
    collection: str
    indicator_id: str
    entries: tuple[Entry, ...]        # one per edition, oldest first
    series_labels: tuple[str, ...]    # series present in every edition (labels of the newest)
    series_keys: tuple[str, ...]      # the same series' keys, which match them across editions

    @property
    def slug(self) -> str:
        return self.key.replace("/", "-")


@dataclass(frozen=True)
class DatasetEntry:
    record: Dataset
    path: str
    entries: dict[str, Entry]


@dataclass(frozen=True)
class Observatoire:
    datasets: dict[str, DatasetEntry]
    comparisons: tuple[Comparison, ...]

    def entry(self, key: str) -> Entry:
        """The indicator ``<fichier>/<id>``, or an error that lists what exists."""
        slug, _, ident = str(key).partition("/")
        dataset = self.datasets.get(slug)
        if dataset is None or not ident:
            known = ", ".join(self.datasets) or "aucun"
            raise ObservatoireError(
                f"indicateur inconnu « {key} » : écrivez « <fichier>/<indicateur> » avec un fichier de "
                f"data/observatoire/ ({known})"
            )
        if ident not in dataset.entries:
            raise ObservatoireError(
                f"indicateur inconnu « {key} » : les indicateurs de « {slug} » sont {', '.join(dataset.entries)}"
            )
        return dataset.entries[ident]

    def comparisons_for(self, dataset: str | None = None) -> list[Comparison]:
        """Every comparison, or those that involve the edition ``dataset``."""
        if dataset is not None and dataset not in self.datasets:
            raise ObservatoireError(f"édition inconnue « {dataset} » (éditions : {', '.join(self.datasets)})")
        return [c for c in self.comparisons if dataset is None or any(e.dataset.slug == dataset for e in c.entries)]

    def comparison(self, key: str) -> Comparison:
        for comparison in self.comparisons:
            if comparison.key == key:
                return comparison
        known = ", ".join(c.key for c in self.comparisons) or "aucune pour l'instant"
        raise ObservatoireError(f"comparaison inconnue « {key} » (comparaisons : {known})")

    def all_entries(self) -> list[Entry]:
        return [e for d in self.datasets.values() for e in d.entries.values()]


# ---------------------------------------------------------------- loading

def load(ctx: LoadContext) -> Observatoire:
    """Feature loader: validate every dataset; errors and warnings go to ``ctx.collector``."""
    from ...core.loader import read_records

    datasets: dict[str, DatasetEntry] = {}
    for rel, located, record in read_records(ctx, FOLDER, Dataset):
        entries = check_dataset(record, located, rel, ctx)
        if entries is not None:
            datasets[record.slug] = DatasetEntry(record, rel, entries)
    datasets = dict(sorted(datasets.items(), key=lambda item: (item[1].record.collection, item[1].record.date, item[0])))
    comparisons = find_comparisons(datasets, ctx)
    return Observatoire(datasets, tuple(comparisons))


def check_dataset(record: Dataset, located: Located, rel: str, ctx: LoadContext) -> dict[str, Entry] | None:
    """Every rule of one file; the publishable indicators, or None if anything is wrong."""
    report = _Reporter(located, rel, ctx)
    entries: dict[str, Entry] = {}
    first_line: dict[str, int] = {}
    for i, indicator in enumerate(record.indicateurs):
        path = ("indicateurs", i)
        if indicator.id in first_line:
            report.error(path + ("id",), f"indicateur « {indicator.id} » en double (déjà défini ligne {first_line[indicator.id]})")
            continue
        first_line[indicator.id] = located.line(path + ("id",))
        entry = _check_indicator(record, indicator, path, report)
        if entry is not None:
            entries[indicator.id] = entry
    kinds = {indicator.id: indicator.type for indicator in record.indicateurs}
    for i, ident in enumerate(record.a_la_une):
        if ident not in kinds:
            report.error(("a_la_une", i), f"indicateur inconnu « {ident} » dans « a_la_une » (indicateurs de ce fichier : {', '.join(kinds)})")
        elif kinds[ident] != "chiffre":
            report.error(("a_la_une", i), f"« {ident} » n'est pas un chiffre clé : « a_la_une » ne cite que des indicateurs de type « chiffre »")
    return None if report.failed else entries


class _Reporter:
    """Errors and warnings of one file, each at the line of the value it is about."""

    def __init__(self, located: Located, rel: str, ctx: LoadContext):
        self.located, self.rel, self.ctx = located, rel, ctx
        self.errors = 0

    @property
    def failed(self) -> bool:
        return self.errors > 0

    def error(self, path: tuple, message: str) -> None:
        self.errors += 1
        self.ctx.collector.error(self.rel, self.located.line(path), message)

    def warning(self, path: tuple, message: str) -> None:
        self.ctx.collector.warning(self.rel, self.located.line(path), message)


def _check_indicator(record: Dataset, indicator: Indicator, path: tuple, report: _Reporter) -> Entry | None:
    errors_before = report.errors
    if indicator.unite == "%" and indicator.base is None and any(s.base is None for s in indicator.series):
        report.error(path + ("unite",), "des parts en % demandent une « base » : qui a répondu, et combien s'ils sont connus")
    if indicator.type == "chiffre" and (len(indicator.series) != 1 or len(indicator.series[0].valeurs) != 1):
        report.error(path + ("series",), "un chiffre clé n'a qu'une série d'une seule valeur : choisissez « barres » pour en montrer plusieurs")
    labels: set[str] = set()
    keys: set[str] = set()
    views = []
    for s, series in enumerate(indicator.series):
        spath = path + ("series", s)
        key = series.id or label_key(series.libelle)
        if series.libelle in labels:
            report.error(spath + ("libelle",), f"série « {series.libelle} » en double dans cet indicateur")
        elif key in keys:
            report.error(spath + ("id" if series.id else "libelle",),
                         f"deux séries de cet indicateur ont l'identifiant « {key} » : donnez-leur des « id » différents")
        labels.add(series.libelle)
        keys.add(key)
        series_errors = report.errors
        points = [_check_row(indicator, series.libelle, row, spath + ("valeurs", r), report)
                  for r, row in enumerate(series.valeurs)]
        _check_duplicates(indicator, series, spath, report)
        if report.errors == series_errors:  # a sum is only worth checking once every value is valid
            _check_sum(indicator, series, spath, report)
        views.append(SeriesView(key, series.libelle, series.base or indicator.base, series.total, series.ecart_somme,
                                tuple(p for p in points if p is not None)))
    if report.errors > errors_before:
        return None
    line = report.located.line(path + ("id",))
    return Entry(f"{record.slug}/{indicator.id}", record, report.rel, line, indicator, tuple(views))


def _check_row(indicator: Indicator, serie: str, row, rpath: tuple, report: _Reporter) -> Point | None:
    """Range, unit, source, date and nature of one value."""
    ok = _check_value(indicator, row, rpath, report)
    if indicator.type == "courbe":
        if row.categorie is not None:
            report.error(rpath + ("categorie",), "dans une courbe, chaque valeur se repère par sa « date » (AAAA, AAAA-MM ou AAAA-MM-JJ), pas par une « categorie »")
            return None
        if row.date is None:
            report.error(rpath, "dans une courbe, chaque valeur a sa « date » (AAAA, AAAA-MM ou AAAA-MM-JJ)")
            return None
    elif row.categorie is None:
        report.error(rpath, "valeur sans « categorie » : indiquez la modalité de réponse ou la catégorie")
        ok = False
    # Documents and their line counts are checked by SourceRef itself (fields.py), during validation.
    source = row.source or indicator.source
    if source is None:
        report.error(rpath, "valeur sans source : ajoutez « source » à l'indicateur ou à la valeur")
        ok = False
    date = row.date or indicator.date
    if date is None:
        report.error(rpath, "valeur sans date : ajoutez « date » à l'indicateur ou à la valeur")
        ok = False
    if row.nature == "calculee" and not row.note:
        report.error(rpath + ("nature",), "valeur calculée : expliquez le calcul dans « note »")
        ok = False
    if not ok:
        return None
    is_time = indicator.type == "courbe"
    label = _date_label(row.date) if is_time else row.categorie
    key = row.id or (row.date if is_time else label_key(row.categorie or ""))
    return Point(key, serie, label, date, row.valeur, row.qualificatif, row.nature, source, row.note,
                 decimal_year(row.date) if is_time else None)


def _check_value(indicator: Indicator, row, rpath: tuple, report: _Reporter) -> bool:
    value = row.valeur
    if indicator.unite == "%" and not 0 <= value <= 100:
        report.error(rpath + ("valeur",), f"part de {_plain(value)} % impossible : une part est comprise entre 0 et 100")
        return False
    if indicator.unite == "nombre" and value < 0:
        report.error(rpath + ("valeur",), f"effectif négatif ({_plain(value)}) : un nombre de personnes ou de CPTS est positif ou nul")
        return False
    if indicator.unite == "nombre" and value != int(value):
        report.error(rpath + ("valeur",), f"effectif à virgule ({_plain(value)}) : un nombre s'écrit sans décimales")
        return False
    return True


def _check_duplicates(indicator: Indicator, series, spath: tuple, report: _Reporter) -> None:
    seen: dict[str, int] = {}
    for r, row in enumerate(series.valeurs):
        key = row.date if indicator.type == "courbe" else row.categorie
        if key is None:
            continue
        line = report.located.line(spath + ("valeurs", r))
        if key in seen:
            report.error(spath + ("valeurs", r), f"valeur en double pour « {key} » dans la série « {series.libelle} » (déjà ligne {seen[key]})")
        else:
            seen[key] = line


def _check_sum(indicator: Indicator, series, spath: tuple, report: _Reporter) -> None:
    """Warn when parts do not add up, unless the file explains why (``ecart_somme``)."""
    if series.ecart_somme:
        return
    total = sum(row.valeur for row in series.valeurs)
    if indicator.unite == "%" and indicator.categories_exclusives and abs(total - 100) > SUM_TOLERANCE:
        report.warning(spath + ("libelle",), f"les parts de la série « {series.libelle} » totalisent {_plain(total)} % au lieu "
                       "d'environ 100 % : corrigez une valeur, ou expliquez l'écart dans « ecart_somme »")
    if series.total is not None and abs(total - series.total) > (SUM_TOLERANCE if indicator.unite == "%" else 0):
        report.warning(spath + ("total",), f"les valeurs de la série « {series.libelle} » totalisent {_plain(total)} et non "
                       f"{_plain(series.total)} comme le total publié : corrigez une valeur, ou expliquez l'écart dans « ecart_somme »")


def _plain(value: float) -> str:
    return f"{round(value, 6):g}"


# ---------------------------------------------------------------- comparisons between editions

def find_comparisons(datasets: dict[str, DatasetEntry], ctx: LoadContext) -> list[Comparison]:
    """Indicators shared (same id) by two or more editions of one collection."""
    by_indicator: dict[tuple[str, str], list[Entry]] = {}
    for dataset in datasets.values():
        for ident, entry in dataset.entries.items():
            by_indicator.setdefault((dataset.record.collection, ident), []).append(entry)
    comparisons = []
    for (collection, ident), entries in sorted(by_indicator.items()):
        if len(entries) < 2 or not _comparable(entries, ctx):
            continue
        entries.sort(key=lambda e: (e.dataset.date, e.dataset.slug))
        # Series are matched by key, so that a label reworded in one edition keeps its comparison.
        shared = [s for s in entries[-1].series if all(any(o.key == s.key for o in e.series) for e in entries)]
        if entries[0].indicator.type == "chiffre":
            shared = [entries[-1].series[0]]
        if shared:
            comparisons.append(Comparison(f"comparaison/{collection}/{ident}", collection, ident, tuple(entries),
                                          tuple(s.libelle for s in shared), tuple(s.key for s in shared)))
    return comparisons


def _comparable(entries: list[Entry], ctx: LoadContext) -> bool:
    """Same unit and compatible chart type, or an error on the newer edition."""
    first = entries[0]
    ok = True
    for entry in entries[1:]:
        problem = None
        if entry.indicator.unite != first.indicator.unite:
            problem = f"unité « {entry.indicator.unite} » au lieu de « {first.indicator.unite} »"
        elif (entry.indicator.type == "courbe") != (first.indicator.type == "courbe") or \
                (entry.indicator.type == "chiffre") != (first.indicator.type == "chiffre"):
            problem = f"type « {entry.indicator.type} » au lieu de « {first.indicator.type} »"
        if problem:
            ctx.collector.error(entry.path, entry.line, f"l'indicateur « {entry.indicator.id} » existe aussi dans « {first.dataset.slug} » "
                                f"({first.path}) avec un autre sens ({problem}) : les éditions d'une collection ne sont "
                                "comparables que si un même identifiant garde son unité ; changez l'identifiant")
            ok = False
    return ok and entries[0].indicator.type != "courbe"


# ---------------------------------------------------------------- dates

def decimal_year(value: str) -> float:
    """Position of a partial date on a time axis: the middle of the year, month or day it names."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    day_of_year = dt.date(*parts).timetuple().tm_yday
    return parts[0] + (day_of_year - 0.5) / (366 if calendar.isleap(parts[0]) else 365)


def _date_label(value: str) -> str:
    from ...render.fragments import french_date

    return french_date(value)
