"""Under ``mkdocs serve`` the search index is written behind the preview, and never fails in silence."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from macros.build import preview
from macros.core.errors import BuildFailure

LOGGER = "mkdocs.plugins.portail_cpts"


def test_the_preview_does_not_wait_for_search_but_the_next_rebuild_does(tmp_path):
    cache = preview.PreviewCache()
    release, done = threading.Event(), []

    def slow_index(site: Path) -> None:
        release.wait(10)
        done.append(site)

    cache.index_search_later(slow_index, tmp_path)
    assert done == [], "the preview returns before the index is written"
    release.set()
    cache.begin()  # the next rebuild: waits for the index before MkDocs cleans the directory
    assert done == [tmp_path]
    cache.end(success=True)


def test_a_failed_search_index_is_said_in_french(tmp_path, caplog):
    cache = preview.PreviewCache()

    def refused(site: Path) -> None:
        raise BuildFailure("l'index de recherche (Pagefind) n'a pas pu être construit")

    def crashed(site: Path) -> None:
        raise OSError(28, "No space left on device")

    with caplog.at_level(logging.ERROR, logger=LOGGER):
        for index in (refused, crashed):
            cache.index_search_later(index, tmp_path)
            cache.wait_for_search()
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(messages) == 2
    assert messages[0] == ("aperçu : la recherche n'a pas été mise à jour : "
                           "l'index de recherche (Pagefind) n'a pas pu être construit")
    assert messages[1].startswith("aperçu : la recherche n'a pas été mise à jour : ")
    assert "Traceback" not in messages[1]
