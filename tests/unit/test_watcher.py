"""``mkdocs serve`` learns of a save from the system at once, still polls where the system is
silent, and rebuilds once per save (``macros.build.watcher``), with the real observers."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from macros.build import watcher


class Changes(FileSystemEventHandler):
    """Counts the file changes handed to MkDocs (it ignores folders, as MkDocs' callback does)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.threads: list[threading.Thread] = []  # each observer hands events over in its own thread
        self.arrived = threading.Event()

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            self.paths.append(str(event.src_path))
            self.threads.append(threading.current_thread())
            self.arrived.set()


class Silent:
    """A system observer on a folder that reports nothing (a network share, some mounts)."""

    def schedule(self, handler, path, recursive=False, **kwargs):
        return object()

    def unschedule(self, watch):
        pass

    def start(self):
        pass

    def stop(self):
        pass

    def join(self, timeout=None):
        pass


class Exhausted(Silent):
    """A system observer that cannot start (inotify's limit of watched folders reached)."""

    def start(self):
        raise OSError(28, "inotify watch limit reached")


def _watch(tmp_path: Path, system) -> tuple[watcher.BothObservers, Changes, Path]:
    record = tmp_path / "data" / "cpts" / "exemple.yml"
    record.parent.mkdir(parents=True)
    record.write_text("nom: Exemple\n", encoding="utf-8")
    both = watcher.BothObservers(PollingObserver(timeout=0.2), system)
    changes = Changes()
    both.schedule(changes, str(tmp_path / "data"), recursive=True)
    both.start()
    time.sleep(0.5)  # the poller's first picture of the folder
    return both, changes, record


def _stop(both: watcher.BothObservers) -> None:
    both.stop()
    both.join(5)


def test_a_save_the_system_reports_is_handed_over_once(tmp_path):
    both, changes, record = _watch(tmp_path, Observer())
    try:
        assert both.system_running
        record.write_text("nom: Exemple modifié\n", encoding="utf-8")
        assert changes.arrived.wait(10), "the save was never reported"
        time.sleep(1.5)  # several polls: the poller sees the same change and must stay quiet
        assert set(changes.paths) == {str(record)}
        # The system may report a write more than once; what matters is that the poller added
        # nothing (it would start a second rebuild of the same save).
        assert set(changes.threads) == {both.system}
    finally:
        _stop(both)


def test_the_poller_still_reports_what_the_system_does_not(tmp_path):
    both, changes, record = _watch(tmp_path, Silent())
    try:
        record.write_text("nom: Exemple modifié\n", encoding="utf-8")
        assert changes.arrived.wait(10), "a share the system does not watch must still rebuild"
        assert changes.paths[0] == str(record)
        assert set(changes.threads) == {both.poller}
    finally:
        _stop(both)


def test_the_poller_works_alone_when_the_system_observer_cannot_start(tmp_path, caplog):
    with caplog.at_level("INFO", logger="mkdocs.plugins.portail_cpts"):
        both, changes, record = _watch(tmp_path, Exhausted())
    try:
        assert not both.system_running
        assert "scrutation seulement" in caplog.text
        record.write_text("nom: Exemple modifié\n", encoding="utf-8")
        assert changes.arrived.wait(10)
    finally:
        _stop(both)


def test_reading_a_file_is_not_a_change(tmp_path):
    """A build reads every file under docs/ and data/: were a read a change, serve would loop."""
    both, changes, record = _watch(tmp_path, Observer())
    try:
        for _ in range(3):
            record.read_text(encoding="utf-8")
        time.sleep(1.5)
        assert changes.paths == []
    finally:
        _stop(both)


def test_the_server_keeps_its_folders_and_watches_new_ones(tmp_path):
    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    data.mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(docs))
    assert watcher.use_system_events(server) is server
    server.watch(str(data))  # mkdocs.yml's « watch: » folders come after the on_serve hook
    assert isinstance(server.observer, watcher.BothObservers)
    assert set(server._watched_paths) == {str(docs), str(data)}
    assert len(server.observer.watches) == 2, "both folders are watched by the system too"
    server.unwatch(str(data))
    assert len(server.observer.watches) == 1


@pytest.mark.parametrize("event_type", ["opened", "closed_no_write", "closed"])
def test_open_and_close_events_are_dropped(event_type):
    changes = Changes()
    handler = watcher._SystemHandler(changes, watcher._Seen())

    class Event:
        src_path, dest_path, is_directory = "/x/a.yml", "", False
    Event.event_type = event_type
    handler.on_any_event(Event())
    assert changes.paths == []
