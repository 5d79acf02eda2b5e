"""The one loader: every file of ``data/`` becomes a validated, frozen ``Catalogue``.

Everything published (pages, maps, finder index, exports, macros) reads the catalogue, never the
YAML. Which record types exist is not known here: ``build_catalogue`` loads the features it is
given (``macros/features.py`` lists them) and the catalogue keeps them, so the build reads the same
declarations. ``RecordFolder`` is the generic loader of a one-file-per-record folder: a new record
type is a model, its checks and its pages.

The catalogue is built once per build and reused while ``data/`` is unchanged (``load_catalogue``
keeps a cache keyed by the data files' fingerprint), so ``mkdocs serve`` reloads it only when a
data file changes.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import memo
from .data_files import report_unread
from .errors import Collector, DataErrors, Problem
from .feature import Feature, collect
from .messages import report_validation
from .reference import Reference, load_reference
from .referentiels import Referentiels, load_referentiels
from .templates import leftovers, template_of
from .yamlio import Located, read_yaml

# The record type every other one may name: loaded first, held in ``catalogue.cpts``.
CPTS = "cpts"


@dataclass
class LoadContext:
    """What a feature loader gets: where the data is, where to report, what is already loaded."""

    root: Path
    collector: Collector
    referentiels: Referentiels
    reference: Reference
    cpts: dict[str, Any] = field(default_factory=dict)  # slug -> records.cpts.loading.CptsEntry
    # CPTS files that exist but did not validate: their own errors are reported; a record naming
    # one is not told that the CPTS « does not exist » as well (``records.links``).
    cpts_failed: frozenset[str] = frozenset()

    @property
    def validation_context(self) -> dict[str, Any]:
        """Passed to pydantic so that fields can check references (statuses, communes…)."""
        return {"referentiels": self.referentiels, "reference": self.reference, "cpts": self.cpts,
                "cpts_failed": self.cpts_failed}


@dataclass(frozen=True)
class Catalogue:
    root: Path
    referentiels: Referentiels
    reference: Reference
    cpts: dict[str, Any]
    features: dict[str, Any]
    warnings: tuple[Problem, ...]
    declared: tuple[Feature, ...] = ()  # the features this catalogue was loaded with, in order

    def __getattr__(self, name: str) -> Any:  # catalogue.actions, catalogue.observatoire…
        features = self.__dict__.get("features", {})
        if name in features:
            return features[name]
        raise AttributeError(name)

    def collect(self, kind: str) -> list[Any]:
        """Every ``kind`` (``files``, ``deferred``, ``macros``, ``cpts_page``) the features declare."""
        return collect(self.declared, kind)

    @property
    def schemas(self) -> dict[str, type[BaseModel]]:
        """The model of each record folder staff write, by folder name (staff guide, JSON Schema)."""
        return {f.name: f.schema for f in self.declared if f.schema is not None}

    @property
    def reference_checks(self) -> dict[str, Callable]:
        """What each macro of the hand-written pages names, to check before rendering (page_refs)."""
        return {name: check for f in self.declared for name, check in f.reference_checks.items()}


@dataclass(frozen=True)
class RecordEntry:
    """A validated record and the file it comes from (for messages, edit links, the published YAML)."""

    record: Any
    path: str


Check = Callable[[Any, Located, str, LoadContext, dict[str, Any]], bool]


@dataclass(frozen=True)
class RecordFolder:
    """The loader of a one-file-per-record folder, ``data/<folder>/<slug>.yml``.

    Every file is validated against ``model``; ``check`` (record, located, rel, ctx, entries
    accepted so far) reports the rules across fields or files and says whether the record can be
    published; ``links`` widens the context with the slugs that the model's links may name.
    Returns ``{slug: RecordEntry}`` sorted by slug; errors go to ``ctx.collector``.
    """

    folder: str
    model: type[BaseModel]
    check: Check | None = None
    links: Callable[[LoadContext], LoadContext] | None = None

    def __call__(self, ctx: LoadContext) -> dict[str, RecordEntry]:
        entries: dict[str, RecordEntry] = {}
        for rel, located, record in read_records(self.links(ctx) if self.links else ctx, self.folder, self.model):
            if self.check is None or self.check(record, located, rel, ctx, entries):
                entries[record.slug] = RecordEntry(record, rel)
        return dict(sorted(entries.items()))


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
    validate = _validator(ctx, model)
    template = template_of(ctx.root, folder)
    seen: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        rel = f"data/{folder}/{path.name}"
        if path.name.startswith("."):
            continue
        if path.is_dir():
            # A folder named like a record is no record (the files inside it are reported by core.data_files).
            if path.suffix.lower() in (".yml", ".yaml"):
                ctx.collector.error(rel, 0, f"« {path.name} » est un dossier, pas un fichier : une fiche est un fichier "
                                            f"YAML ; supprimez ce dossier ou renommez-le")
            continue
        if path.suffix != ".yml":
            ctx.collector.error(rel, 0, _not_a_record(path))
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
        left = leftovers(located.data, template)
        for key, value in left:
            field = next((str(part) for part in reversed(key) if isinstance(part, str)), "fiche")
            ctx.collector.error(rel, located.line(key), f"« {field} » a encore la valeur d'exemple du modèle "
                                                        f"{template.path} (« {value} ») : écrivez la vôtre")
        if left:
            continue
        try:
            record = validate(located.data)
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


# What editors leave beside a file they save (cpts-x.yml~, cpts-x.yml.bak, #cpts-x.yml#, cpts-x.yml.swp).
_BACKUP = re.compile(r"^#.*#$|.*(~|\.(bak|backup|old|orig|sav|save|swp|swo|tmp))$", re.IGNORECASE)


def _not_a_record(path: Path) -> str:
    """Why a file of a record folder without the .yml extension is not read, and what to do."""
    if _BACKUP.match(path.name):
        # Renamed to .yml it would be a second copy of the record: it is to be deleted.
        original = re.sub(r"^#(.*)#$|(~|\.[A-Za-z]+)$", r"\1", path.name)
        if (path.parent / original).is_file():
            return (f"« {path.name} » ressemble à une copie de sauvegarde de « {original} » laissée par un éditeur : "
                    "supprimez-la (renommée en « .yml », elle publierait la fiche en double)")
        return (f"« {path.name} » ressemble à une copie de sauvegarde laissée par un éditeur : supprimez-la, ou "
                f"renommez-la « {original} » si c'est la seule version de la fiche")
    return "seuls les fichiers « .yml » sont lus dans ce dossier : renommez le fichier en « .yml »"


def record_slugs(root: Path, folder: str) -> frozenset[str]:
    """Slugs of the record files of ``data/<folder>/`` (file names without ``.yml``)."""
    directory = root / "data" / folder
    if not directory.is_dir():
        return frozenset()
    # Files only: a folder named « x.yml » is no record (read_records reports it), so a record naming
    # it is told that it does not exist instead of being silently accepted.
    return frozenset(p.stem for p in directory.glob("*.yml") if not p.name.startswith(".") and not p.is_dir())


def _validator(ctx: LoadContext, model: type[BaseModel]) -> Callable[[Any], BaseModel]:
    """``model.model_validate`` in ``ctx``; under ``mkdocs serve``, a record whose data and
    validation context are those of an earlier build is not validated again (``memo``).

    The context is keyed by value, but for the reference tables (compared by identity: loaded
    once per set of files) and the CPTS, keyed by slug: validators only check that a named CPTS
    exists (``records.links``). A record that fails is validated again, so its errors are
    reported at every build.
    """
    context = ctx.validation_context

    def validate(data: Any) -> BaseModel:
        return model.model_validate(data, context=context)

    if memo.current() is None:
        return validate
    parts = []
    for name, value in sorted(context.items()):
        if name == "reference":
            continue
        if name == CPTS:
            value = tuple(value)
        elif isinstance(value, (set, frozenset)):
            value = tuple(sorted(value))
        parts.append((name, value))
    try:
        context_key = memo.key(tuple(parts))
    except memo.Unkeyable:
        return validate
    kind = f"{model.__module__}.{model.__qualname__}"
    return lambda data: memo.memoized(kind, (context_key, data), lambda: validate(data), pins=(ctx.reference,))


def record_folder(feature: Feature) -> str:
    """The folder of data/ a feature's loader reads: its RecordFolder's, else its name (``cpts``)."""
    return getattr(feature.loader, "folder", feature.name)


def build_catalogue(root: Path, features: Sequence[Feature], partial: bool = False) -> tuple[Catalogue | None, Collector]:
    """Load everything ``features`` declare; return the catalogue (None if any error) and the collector.

    ``partial``: return the catalogue even when files have errors, holding the records that loaded
    (those of the files in error are missing); None then only when the referentials failed."""
    collector = Collector()
    referentiels = load_referentiels(root, collector, {k: v for f in features for k, v in f.referentials.items()})
    if collector.errors:
        # Records are checked against the referentials, and the reference tables read two of
        # them: report the referentials' errors alone (the records' would only be noise).
        return None, collector
    reference = load_reference(root)
    ctx = LoadContext(root, collector, referentiels, reference)
    loaded = {}
    for feature in features:
        if feature.loader is None:
            continue
        if feature.name == CPTS:
            ctx.cpts = feature.loader(ctx)  # before the others, which may name a CPTS
            ctx.cpts_failed = record_slugs(root, CPTS) - set(ctx.cpts)
        else:
            loaded[feature.name] = feature.loader(ctx)
    # Read after the records so that a stray file does not hide their errors (all are reported at once).
    report_unread(root, [record_folder(f) for f in features if f.loader is not None], referentiels.lists, collector)
    if collector.errors and not partial:
        return None, collector
    catalogue = Catalogue(root, referentiels, reference, dict(sorted(ctx.cpts.items())), loaded,
                          tuple(sorted(set(collector.warnings))), tuple(features))
    return catalogue, collector


def _fingerprint(root: Path) -> tuple:
    """Cheap identity of the inputs: every data file's path, size and modification time."""
    items = []
    for dirpath, dirnames, filenames in os.walk(root / "data"):
        dirnames.sort()
        for name in sorted(filenames):
            stat = os.stat(os.path.join(dirpath, name))
            items.append((dirpath, name, stat.st_size, stat.st_mtime_ns))
    items.append(tuple(sorted(p.as_posix() for p in (root / "docs").rglob("*.md"))))  # pages records link to (records.refs)
    return tuple(items)


# A cache, not build state: the catalogue of a project while its data files are unchanged.
_CACHE: dict[tuple[Path, tuple[Feature, ...]], tuple[tuple, Catalogue]] = {}


def load_catalogue(root: Path, features: Sequence[Feature]) -> Catalogue:
    """The catalogue of ``root``, rebuilt only when a data file changed; raises DataErrors."""
    root = Path(root).resolve()
    key = (root, tuple(features))
    stamp = _fingerprint(root)
    cached = _CACHE.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    catalogue, collector = build_catalogue(root, features)
    if catalogue is None:
        raise DataErrors(collector)
    _CACHE[key] = (stamp, catalogue)
    return catalogue
