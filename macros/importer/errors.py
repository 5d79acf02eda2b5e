"""The one error of the importer: an input it cannot read, reported in French with where it is.

The command line turns it into ``fichier:ligne: message`` and exit code 2, never a traceback.
"""
from __future__ import annotations


class ImportInputError(Exception):
    """An unreadable or malformed listing (or mapping file); ``where`` is « fichier » or « fichier:ligne »."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
