"""Data errors and warnings: one collector for a whole load, reported as ``file:line: message``.

Everything that can go wrong in ``data/`` ends up here, so the validator, ``mkdocs build`` and
``mkdocs serve`` all print the same French messages, every one at once, and never a traceback.
"""
from __future__ import annotations

import errno
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from jinja2.exceptions import UndefinedError


@dataclass(frozen=True, order=True)
class Problem:
    """One message about one place in a data file (line 0 means the whole file)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Collector:
    """Gathers errors (which fail the build) and warnings (which are only printed)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.errors.append(Problem(path, line, message))

    def warning(self, path: str, line: int, message: str) -> None:
        self.warnings.append(Problem(path, line, message))

    def report(self) -> str:
        """All errors then all warnings, sorted by file and line, one per line."""
        lines = [str(p) for p in sorted(set(self.errors))]
        lines += [f"{p} (avertissement)" for p in sorted(set(self.warnings))]
        return "\n".join(lines)


class DataErrors(Exception):
    """Raised once a load is over if it found any error; carries the collector."""

    def __init__(self, collector: Collector):
        self.collector = collector
        count = len(set(collector.errors))
        plural = "s" if count > 1 else ""
        super().__init__(
            f"{count} erreur{plural} dans les données :\n{collector.report()}"
        )


class MacroError(ValueError):
    """A hand-written page asks a macro for something the data does not have (French message,
    shown as is: it lists the valid choices)."""


class BuildFailure(Exception):
    """A build step failed. The message is French, says what and where, and is shown as is:
    the hooks turn it into MkDocs' ``PluginError`` so that staff never see a traceback."""


# What each producer of generated files makes, for messages (keyed by its module's name).
PRODUCTS = {
    "geo.maps": "les cartes", "geo.finder": "l'index de « Trouver ma CPTS »", "geo.coverage_pages": "les pages de couverture",
    "records.cpts.exports": "les fichiers de données ouvertes", "records.cpts.pages": "les fiches CPTS",
    "records.actions.pages": "les fiches actions", "records.evenements.pages": "les pages de l'agenda",
    "records.actualites.pages": "les pages d'actualités", "records.outils.pages": "les pages de la boîte à outils",
    "records.appuis.pages": "les pages des appuis", "records.schema_docs": "les schémas des données",
    "records.observatoire.view": "les tableaux et graphiques de l'observatoire",
    "records.glossaire.exports": "les exports de la FAQ et du glossaire", "records.twins": "les fichiers YAML publiés",
    "portal.home": "l'aperçu de la carte de la page d'accueil", "portal.open_formats": "les flux Atom, GeoJSON et le paquet de données",
}


def product(provider: object) -> str:
    """« les cartes (maps.documents) »: what a provider of generated files makes, and its name."""
    module = (getattr(provider, "__module__", "") or "").removeprefix("macros.")
    return f"{PRODUCTS.get(module, 'des fichiers du site')} ({module}.{getattr(provider, '__name__', '?')})"


def _where(exc: BaseException) -> str:
    """The innermost template line or project source line of a failure, as « file:line »."""
    frames = traceback.extract_tb(exc.__traceback__)
    # Jinja rewrites tracebacks so that template frames carry the template file and line.
    for frame in reversed(frames):
        if frame.filename.endswith(".html"):
            return f"{_relative(frame.filename)}:{frame.lineno}"
    for frame in reversed(frames):
        if "/macros/" in frame.filename.replace("\\", "/"):
            return f"{_relative(frame.filename)}:{frame.lineno}"
    return ""


def _relative(path: str) -> str:
    path = path.replace("\\", "/")
    for anchor in ("/overrides/", "/macros/"):
        if anchor in path:
            return anchor.strip("/") + "/" + path.rsplit(anchor, 1)[1]
    return path


# The system's own words are English: the failures staff can fix themselves, said in French.
_OS_REASONS = {
    errno.ENOSPC: "le disque est plein (libérez de la place puis relancez)",
    errno.EACCES: "accès refusé (droits du dossier)",
    errno.EPERM: "opération non permise (droits du dossier)",
    errno.EROFS: "le disque est en lecture seule",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "un dossier porte ce nom",
    errno.ENOTDIR: "un fichier porte le nom d'un dossier attendu",
}


def explain(exc: BaseException) -> str:
    """One French sentence for an unexpected exception: what went wrong and in which file."""
    where = _where(exc)
    at = f" ({where})" if where else ""
    if isinstance(exc, BuildFailure):
        return str(exc)
    if isinstance(exc, UndefinedError):
        name = re.search(r"attribute '([^']+)'|'([^']+)' is undefined", str(exc))
        missing = next((g for g in name.groups() if g), "?") if name else str(exc)
        return f"le gabarit lit une valeur absente, « {missing} »{at} : signalez-le à l'équipe technique"
    if isinstance(exc, OSError) and exc.strerror:
        target = f" « {exc.filename} »" if exc.filename else ""
        reason = _OS_REASONS.get(exc.errno, exc.strerror)
        return f"fichier{target} impossible à écrire ou à lire : {reason}"
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"erreur interne {type(exc).__name__}{' « ' + detail + ' »' if detail else ''}{at} : signalez-la à l'équipe technique"


@contextmanager
def blame(what: str, source: str | None = None) -> Iterator[None]:
    """Turn any failure inside the block into a ``BuildFailure`` naming ``what`` failed (« la page
    cpts/x/ ») and, when a data file is at fault, that file (« data/cpts/x.yml »)."""
    try:
        yield
    except BuildFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure becomes a French message
        where = f"{source}:1: " if source else ""
        raise BuildFailure(f"{where}impossible de produire {what} : {explain(exc)}") from exc
