"""Old path of ``macros.core.fields`` (before the sub-packages of issue 12), kept for branches that import it.

The same module object, not a copy: ``import macros.fields`` gives ``macros.core.fields``. New code imports
``macros.core.fields``.
"""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("macros.core.fields")
