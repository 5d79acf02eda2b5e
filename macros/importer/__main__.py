"""``python -m macros.importer``: see ``cli``."""
import signal
import sys

from .cli import main

if __name__ == "__main__":
    # « … | head » closes the pipe early: stop quietly, as other command-line tools do.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
