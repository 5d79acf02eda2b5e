"""Old path of ``macros.core.loader`` (before the sub-packages of issue 12), kept for branches that import it.

``build_catalogue(root)`` and ``load_catalogue(root)`` load the site's features as they did
(``macros.catalogue``); ``CptsEntry`` now lives in ``macros.records.cpts.loading``. New code
imports from those modules.
"""
from .core.loader import *  # noqa: F401,F403 - LoadContext, Catalogue, read_records, RecordFolder…
from .catalogue import build_catalogue, load_catalogue  # noqa: F401
from .records.cpts.loading import CptsEntry  # noqa: F401
