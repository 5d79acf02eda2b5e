"""Old path of ``macros.core.yamlio`` (before the sub-packages of issue 12), kept for branches that import it.

The same module object, not a copy: ``import macros.yamlio`` gives ``macros.core.yamlio``. New code imports
``macros.core.yamlio``.
"""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("macros.core.yamlio")
