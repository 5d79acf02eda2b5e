"""``python -m macros.importer``: see ``cli``."""
import sys

from .cli import main

sys.exit(main())
