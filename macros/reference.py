"""Old path of ``macros.core.reference`` (before the sub-packages of issue 12), kept for branches that import it.

The same module object, not a copy: ``import macros.reference`` gives ``macros.core.reference``. New code imports
``macros.core.reference``.
"""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("macros.core.reference")
