"""Under ``mkdocs serve`` the search index is written behind the preview, and never fails in silence."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from macros.build import preview
from macros.core.errors import BuildFailure

LOGGER = "mkdocs.plugins.portail_cpts"


class Indexing:
    """Stands in for ``pagefind_index.Indexing``: ``wait`` blocks until released or stopped."""

    def __init__(self, site: Path, outcome: Exception | None = None) -> None:
        self.site, self.outcome = site, outcome
        self.released, self.stopped, self.done = threading.Event(), False, False

    def wait(self) -> None:
        self.released.wait(10)
        if self.stopped:
            raise BuildFailure("l'index de recherche (Pagefind) n'a pas pu être construit : arrêté")
        if self.outcome is not None:
            raise self.outcome
        self.done = True

    def stop(self) -> None:
        self.stopped = True
        self.released.set()


def test_the_preview_does_not_wait_for_search(tmp_path):
    """Neither for Pagefind to start and be fed the pages, nor for its bundle."""
    cache = preview.PreviewCache()
    started, gate = [], threading.Event()

    def start(site: Path) -> Indexing:
        gate.wait(10)  # feeding the pages
        started.append(Indexing(site))
        return started[-1]

    cache.index_search_later(start, tmp_path)
    assert not started, "the preview returns before the pages are fed"
    gate.set()
    while not started:
        threading.Event().wait(0.01)
    assert not started[0].done, "the preview returns before the index is written"
    started[0].released.set()
    cache.wait_for_search()
    assert started[0].done


def test_a_new_save_stops_the_index_still_being_written_and_says_nothing(tmp_path, caplog):
    cache = preview.PreviewCache()
    started = []
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        cache.index_search_later(lambda site: started.append(Indexing(site)) or started[-1], tmp_path)
        while not started:  # Pagefind is running…
            threading.Event().wait(0.01)
        cache.begin()  # the next rebuild: stops Pagefind before MkDocs cleans the directory
        cache.end(success=True)
    assert started[0].stopped and not started[0].done
    assert [r for r in caplog.records if r.name == LOGGER] == [], "a deliberate stop is not an error"


def test_a_failed_search_index_is_said_in_french(tmp_path, caplog):
    cache = preview.PreviewCache()

    def refused(site: Path) -> Indexing:
        indexing = Indexing(site, BuildFailure("l'index de recherche (Pagefind) n'a pas pu être construit"))
        indexing.released.set()
        return indexing

    def crashed(site: Path) -> Indexing:
        raise OSError(28, "No space left on device")

    with caplog.at_level(logging.ERROR, logger=LOGGER):
        for start in (refused, crashed):
            cache.index_search_later(start, tmp_path)
            cache.wait_for_search()
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(messages) == 2
    assert messages[0] == ("aperçu : la recherche n'a pas été mise à jour : "
                           "l'index de recherche (Pagefind) n'a pas pu être construit")
    assert messages[1].startswith("aperçu : la recherche n'a pas été mise à jour : ")
    assert "Traceback" not in messages[1]
