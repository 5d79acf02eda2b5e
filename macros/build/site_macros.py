"""The macros of hand-written pages, as mkdocs-macros sees them, and their checks before rendering.

Every feature declares its macro registrars (``Feature.macros``, read through the catalogue);
``register`` adds them all, each macro guarded so that its failure is reported in French, and
``page_problems`` checks the pages of ``docs/`` against the same table before anything renders.
``collisions`` finds a page of ``docs/`` at the address of a generated page, which replaced it
without a word. ``make validate`` and the build run the same checks (``site_problems``).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable

from ..core.errors import BuildFailure, Collector, Problem
from ..core.loader import Catalogue
from . import generated, page_refs


def page_problems(catalogue: Catalogue, docs_dir: Path, extra: Mapping[str, Any] | None = None,
                  unavailable: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of the pages of ``docs_dir`` (front matter, encoding, macro calls, names and
    settings), as ``docs/x.md:LINE: message``. ``extra``: mkdocs.yml's ``extra``, whose keys
    mkdocs-macros gives every page as variables (read from the project's mkdocs.yml when not
    given); ``unavailable``: slugs of record files that failed to load, whose references are not checked."""
    macros = page_refs.macro_table(catalogue, catalogue.collect("macros"))
    if extra is None:
        extra = settings_of(catalogue.root).get("extra")
    names = page_refs.SiteNames(extra=dict(extra) if isinstance(extra, Mapping) else {}, config=_config_names(),
                                unavailable=unavailable)
    return page_refs.check_pages(docs_dir, catalogue.root, macros, catalogue.reference_checks, catalogue, names)


def _config_names() -> frozenset[str]:
    """What a page may read in ``config`` (mkdocs-macros gives it MkDocs' config): its settings
    and its methods."""
    from mkdocs.config.base import get_schema
    from mkdocs.config.defaults import MkDocsConfig

    return frozenset(name for name, _ in get_schema(MkDocsConfig)) | {
        name for name in dir(MkDocsConfig) if not name.startswith("_")}


def settings_of(root: Path) -> dict[str, Any]:
    """``root/mkdocs.yml`` as a mapping (``make validate`` runs without MkDocs); MkDocs' own tags
    (!ENV, !!python/name) are read as nothing: only ``extra`` and plain settings matter here."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(config, dict):
        return {}
    if not isinstance(config.get("extra"), dict):
        config["extra"] = {}
    return config


def _docs_files(docs_dir: Path) -> list[str]:
    """The files of ``docs_dir`` MkDocs publishes (hidden ones are not), relative to it."""
    found = []
    for folder, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(folder, name).relative_to(docs_dir).as_posix() for name in sorted(filenames)
                  if not name.startswith(".")]
    return found


def collisions(origins: Mapping[str, str], docs_dir: Path, root: Path, use_directory_urls: bool = True) -> list[Problem]:
    """Each file of ``docs_dir`` that has the address of a generated file (``origins``: path ->
    what it comes from, see ``generated.all_files``). MkDocs keeps one file per address: the
    generated page replaced the staff's, whose text appeared nowhere."""
    from mkdocs.structure.files import File

    docs_dir, root = docs_dir.resolve(), root.resolve()

    def written(path: str) -> File:
        return File(path, str(docs_dir), "", use_directory_urls)

    generated_at = {written(path).dest_uri: (path, origin) for path, origin in origins.items()}
    problems = []
    for rel in _docs_files(docs_dir) if docs_dir.is_dir() else []:
        file = written(rel)
        if file.dest_uri not in generated_at:
            continue
        path, origin = generated_at[file.dest_uri]
        try:
            where = (docs_dir / rel).relative_to(root).as_posix()
        except ValueError:
            where = (docs_dir / rel).as_posix()
        what = "cette page" if rel.endswith(".md") else "ce fichier"
        address = file.url or "/"
        if origin.startswith("data/"):
            todo = (f"renommez {what}, ou modifiez la fiche {origin} (son slug et le nom du fichier) si c'est elle "
                    "qui est mal nommée")
            made = f"que la page générée à partir de {origin}"
        else:
            todo = f"renommez {what} (les pages générées changent avec les fichiers de data/, pas dans docs/)"
            made = f"qu'un fichier généré par le site, {origin}"
        problems.append(Problem(where, 0, f"{what} a la même adresse (« {address} ») {made} ; le site n'en "
                                          f"publierait qu'une, la générée : {todo}"))
    return problems


def generated_origins(catalogue: Catalogue, config: Any) -> dict[str, str] | None:
    """What every generated file comes from (``generated.all_files`` in a throw-away store); None
    when a provider fails (the build says why, with its own message)."""
    origins: dict[str, str] = {}
    try:
        generated.all_files(catalogue, config, generated.PageBodies(), origins)
    except BuildFailure:
        return None
    return origins


def unavailable_slugs(collector: Collector) -> frozenset[str]:
    """Slugs of the record files in error (``data/<folder>/<slug>.yml``): missing from the catalogue."""
    return frozenset(Path(p.path).stem for p in collector.errors if p.path.startswith("data/") and p.path.endswith(".yml"))


def site_problems(catalogue: Catalogue, docs_dir: Path, config: Any,
                  unavailable: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of ``docs_dir`` against ``catalogue``: its pages (``page_problems``) and the
    files at the address of a generated file (``collisions``). ``config``: MkDocs' config, or
    mkdocs.yml as read by ``settings_of``."""
    return page_problems(catalogue, docs_dir, config.get("extra") or {}, unavailable) + \
        generated_collisions(catalogue, docs_dir, config)


def generated_collisions(catalogue: Catalogue, docs_dir: Path, config: Any) -> list[Problem]:
    """``collisions`` with the generated files worked out here (a build that goes on finds them in
    ``on_files``, from the files it generates anyway)."""
    origins = generated_origins(catalogue, config) if docs_dir.is_dir() else None
    if origins is None:
        return []
    return collisions(origins, docs_dir, catalogue.root, config.get("use_directory_urls", True))


def register(env: Any, catalogue: Catalogue, raw_block: Callable[[str], str]) -> None:
    """Add every feature's macros to mkdocs-macros' ``env``; ``raw_block`` is the build's."""
    guarded = page_refs.GuardedEnv(env, raw_block)
    for registrar in catalogue.collect("macros"):
        registrar(guarded, catalogue)
