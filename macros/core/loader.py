"""The one loader: every file of ``data/`` becomes a validated, frozen ``Catalogue``.

Everything published (pages, maps, finder index, exports, macros) reads the catalogue, never the
YAML. The catalogue is built once per build and reused while ``data/`` is unchanged, so
``mkdocs serve`` reloads it only when a data file changes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from ..records.cpts import checks as crossref
from .errors import Collector, DataErrors, Problem
from .messages import report_validation
from ..records.cpts.model import Cpts
from .reference import Reference, load_reference
from .referentiels import Referentiels, load_referentiels
from .yamlio import Located, read_yaml


@dataclass(frozen=True)
class CptsEntry:
    """A validated CPTS with what the loader derives from it."""

    record: Cpts
    path: str                       # "data/cpts/<slug>.yml", for messages and edit links
    communes: tuple[str, ...]       # expanded territory: INSEE codes of communes/arrondissements
    population_calculee: int | None  # sum of INSEE populations of the territory


@dataclass
class LoadContext:
    """What a feature loader gets: where the data is, where to report, what is already loaded."""

    root: Path
    collector: Collector
    referentiels: Referentiels
    reference: Reference
    cpts: dict[str, CptsEntry] = field(default_factory=dict)

    @property
    def validation_context(self) -> dict[str, Any]:
        """Passed to pydantic so that fields can check references (statuses, communes…)."""
        return {"referentiels": self.referentiels, "reference": self.reference, "cpts": self.cpts}


@dataclass(frozen=True)
class Catalogue:
    root: Path
    referentiels: Referentiels
    reference: Reference
    cpts: dict[str, CptsEntry]
    features: dict[str, Any]
    warnings: tuple[Problem, ...]

    def __getattr__(self, name: str) -> Any:  # catalogue.actions, catalogue.observatoire…
        features = self.__dict__.get("features", {})
        if name in features:
            return features[name]
        raise AttributeError(name)


def read_records(
    ctx: LoadContext, folder: str, model: type[BaseModel]
) -> list[tuple[str, Located, BaseModel]]:
    """Validate every ``data/<folder>/*.yml`` against ``model``; report errors, return the good ones.

    Also enforces the rules common to one-file-per-record folders: ``.yml`` extension, slug equal
    to the file name. Used by the CPTS loader and by feature loaders (actions…).
    """
    results = []
    directory = ctx.root / "data" / folder
    if not directory.is_dir():
        return results
    seen: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        rel = f"data/{folder}/{path.name}"
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yml":
            ctx.collector.error(rel, 0, "seuls les fichiers « .yml » sont lus dans ce dossier : renommez le fichier en « .yml »")
            continue
        stem = path.stem
        if stem.lower() in seen:
            ctx.collector.error(rel, 0, f"slug en double : « {seen[stem.lower()]} » porte déjà ce nom (à la casse près)")
            continue
        seen[stem.lower()] = rel
        located = read_yaml(path, rel, ctx.collector)
        if located is None:
            continue
        if not isinstance(located.data, dict):
            ctx.collector.error(rel, 1, "le fichier doit contenir des champs « nom: valeur », pas une liste ni un texte seul")
            continue
        try:
            record = model.model_validate(located.data, context=ctx.validation_context)
        except ValidationError as exc:
            report_validation(exc, located, rel, ctx.collector, model=model)
            continue
        if getattr(record, "slug", stem) != stem:
            ctx.collector.error(
                rel, located.line(("slug",)),
                f"le slug « {record.slug} » doit être égal au nom du fichier « {stem} » (renommez l'un ou l'autre)",
            )
            continue
        results.append((rel, located, record))
    return results


def _load_cpts(ctx: LoadContext) -> dict[str, CptsEntry]:
    entries: dict[str, CptsEntry] = {}
    for rel, located, record in read_records(ctx, "cpts", Cpts):
        if not crossref.check_cpts(record, located, rel, ctx):
            continue
        communes = crossref.expand_territory(record.territoire, ctx.reference)
        population = sum(ctx.reference.communes[c].population or 0 for c in communes) if communes else None
        entries[record.slug] = CptsEntry(record, rel, communes, population)
    crossref.check_overlaps(entries, ctx.collector)
    return entries


# Feature loaders (actions, observatoire…) register here: name -> load(ctx) -> feature data.
FEATURE_LOADERS: dict[str, Callable[[LoadContext], Any]] = {}


def register_feature(name: str, loader: Callable[[LoadContext], Any]) -> None:
    FEATURE_LOADERS[name] = loader


def build_catalogue(root: Path) -> tuple[Catalogue | None, Collector]:
    """Load everything; return the catalogue (None if any error) and the collector."""
    from .. import features  # noqa: F401 - registers the feature loaders

    collector = Collector()
    referentiels = load_referentiels(root, collector)
    if collector.errors:
        # Records are checked against the referentials, and the reference tables read two of
        # them: report the referentials' errors alone (the records' would only be noise).
        return None, collector
    reference = load_reference(root)
    ctx = LoadContext(root, collector, referentiels, reference)
    ctx.cpts = _load_cpts(ctx)
    loaded = {name: load(ctx) for name, load in FEATURE_LOADERS.items()}
    if collector.errors:
        return None, collector
    catalogue = Catalogue(root, referentiels, reference, dict(sorted(ctx.cpts.items())), loaded, tuple(sorted(set(collector.warnings))))
    return catalogue, collector


def _fingerprint(root: Path) -> tuple:
    """Cheap identity of the inputs: every data file's path, size and modification time."""
    items = []
    for dirpath, dirnames, filenames in os.walk(root / "data"):
        dirnames.sort()
        for name in sorted(filenames):
            stat = os.stat(os.path.join(dirpath, name))
            items.append((dirpath, name, stat.st_size, stat.st_mtime_ns))
    return tuple(items)


_CACHE: dict[Path, tuple[tuple, Catalogue]] = {}


def load_catalogue(root: Path) -> Catalogue:
    """The catalogue of ``root``, rebuilt only when a data file changed; raises DataErrors."""
    root = Path(root).resolve()
    stamp = _fingerprint(root)
    cached = _CACHE.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    catalogue, collector = build_catalogue(root)
    if catalogue is None:
        raise DataErrors(collector)
    _CACHE[root] = (stamp, catalogue)
    return catalogue
