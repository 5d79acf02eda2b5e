"""The site's catalogue: ``core.loader`` applied to the features of ``macros/features.py``.

``load_catalogue(root)`` is what the build and the macros read; tests and tools that want another
set of features call ``core.loader`` with it. ``loaded_catalogue(root)`` also gives, beside data
errors, what did load: ``make validate`` and a failed build check the hand-written pages against
it, so that a page's errors come with the data's, not a round later. The loader's other names are
here too, so that ``macros.loader`` (the old path, see ``macros.MOVED``) keeps working.
"""
from __future__ import annotations

from pathlib import Path

from .core import loader
from .core.errors import Collector
from .core.loader import CPTS, Catalogue, LoadContext, RecordEntry, RecordFolder, read_records  # noqa: F401
from .features import FEATURES
from .records.cpts.loading import CptsEntry  # noqa: F401 - was in the loader before issue 12


def build_catalogue(root: Path) -> tuple[loader.Catalogue | None, Collector]:
    """Load every feature of the site; the catalogue (None if any error) and the collector."""
    return loader.build_catalogue(root, FEATURES)


def load_catalogue(root: Path) -> loader.Catalogue:
    """The site's catalogue of ``root``, rebuilt only when a data file changed; raises DataErrors."""
    return loader.load_catalogue(root, FEATURES)


def loaded_catalogue(root: Path) -> tuple[loader.Catalogue | None, Collector]:
    """Load every feature of the site, like ``build_catalogue``; but the catalogue is returned even
    when files have errors, holding the records that loaded (those of the files in error are
    missing). None only when nothing could load (the referentials, which every record reads, failed).
    """
    return loader.build_catalogue(root, FEATURES, partial=True)
