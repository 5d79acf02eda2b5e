"""Old path of ``macros.records.cpts.model`` (before the sub-packages of issue 12), kept for branches that import it.

The same module object, not a copy: ``import macros.models`` gives ``macros.records.cpts.model``. New code imports
``macros.records.cpts.model``.
"""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("macros.records.cpts.model")
