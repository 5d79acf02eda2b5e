"""The YAML files of ``data/`` that nothing reads, each reported instead of silently ignored.

A record saved in a subfolder (``data/cpts/occitanie/cpts-x.yml``) or in a misspelt folder
(``data/action/foo.yml``) was simply not published, and the build said nothing. This module
knows every place a YAML file of ``data/`` is read from — the records' folders (files directly
inside, ``core.loader.read_records``), the closed lists of ``data/referentiels/``, the templates
of ``data/modeles/`` — and reports every other ``.yml``/``.yaml`` file, naming the known folders
and, for a misspelt one, the folder meant.
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path

from .errors import Collector
from .templates import template_names

REFERENTIELS = "referentiels"
MODELES = "modeles"
REFERENCE = "reference"  # the geographic tables (CSV), written by make reference: no YAML is read there


def report_unread(root: Path, record_folders: Iterable[str], referentials: Iterable[str], collector: Collector) -> None:
    """An error for every YAML file under ``root/data`` that no loader reads."""
    folders = sorted(set(record_folders))
    data = root / "data"
    templates = {name for f in folders for name in template_names(f) if (data / MODELES / f"{name}.yml").is_file()}
    known = {REFERENTIELS: set(referentials), MODELES: templates}
    every = sorted(set(folders) | {REFERENTIELS, MODELES, REFERENCE})
    for dirpath, dirnames, filenames in os.walk(data):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # editors' and tools' own folders
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith((".yml", ".yaml")):
                continue
            parts = Path(dirpath, name).relative_to(data).parts
            rel = "data/" + "/".join(parts)
            problem = _why_unread(parts, folders, known, every)
            if problem:
                collector.error(rel, 0, problem)


def _why_unread(parts: tuple[str, ...], folders: list[str], known: dict[str, set[str]], every: list[str]) -> str | None:
    listed = ", ".join(every)
    if len(parts) == 1:
        return f"fichier non lu : rangez-le dans le dossier de son type (data/cpts/, data/actions/… ; dossiers lus : {listed})"
    folder, name = parts[0], parts[-1]
    if folder in folders:
        if len(parts) == 2:
            return None  # read, or reported, by core.loader.read_records
        return (f"fichier non lu : une fiche s'enregistre directement dans data/{folder}/, pas dans un sous-dossier "
                f"(« {'/'.join(parts[1:-1])}/ ») : déplacez-la dans data/{folder}/")
    if folder in known:
        stem, suffix = name.rsplit(".", 1)
        if len(parts) == 2 and stem in known[folder]:
            return None if suffix == "yml" else f"seuls les fichiers « .yml » sont lus : renommez-le en « {stem}.yml »"
        names = sorted(known[folder])
        close = difflib.get_close_matches(stem, names, n=1)
        hint = f"vouliez-vous écrire « {close[0]}.yml » ? " if close and len(parts) == 2 else ""
        if folder == REFERENTIELS:
            return f"référentiel inconnu, fichier non lu : {hint}(référentiels lus : {', '.join(names)})"
        return (f"fichier non lu : data/modeles/ ne contient que les modèles à copier ({hint}modèles : "
                f"{', '.join(n + '.yml' for n in names)}) ; une fiche s'enregistre dans le dossier de son type")
    if folder == REFERENCE:
        return "fichier non lu : data/reference/ ne contient que les tables géographiques régénérées par make reference"
    close = difflib.get_close_matches(folder, every, n=1)
    hint = f" : vouliez-vous écrire « {close[0]} » ?" if close else ""
    return f"dossier « {folder} » inconnu, fichier non lu{hint} (dossiers lus : {listed})"
