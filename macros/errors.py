"""Data errors and warnings: one collector for a whole load, reported as ``file:line: message``.

Everything that can go wrong in ``data/`` ends up here, so the validator, ``mkdocs build`` and
``mkdocs serve`` all print the same French messages, every one at once, and never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field


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
