"""``mkdocs serve``: a save starts the rebuild as soon as the system reports it.

MkDocs' server learns of saves by polling (watchdog's ``PollingObserver``, every 0.5 s): a save
waited 0.25 s on average, up to 0.5 s, before its rebuild began. MkDocs polls because the
system's own file events (inotify on Linux, FSEvents on macOS…) are not delivered everywhere:
network shares, some Docker and WSL mounts.

``BothObservers`` (installed by ``use_system_events`` in the ``on_serve`` hook) keeps MkDocs'
poller and adds the system's observer beside it, on the same folders and handlers:

- a save the system reports starts the rebuild at once; when the poller sees the same file
  change later, it stays silent (``RECENT`` seconds), so one save makes one rebuild;
- where the system reports nothing (a share, a mount), the poller still starts the rebuild, as
  before; where the system's observer cannot start at all (inotify's limit of watched folders
  reached), the poller runs alone.

``tests/unit/test_watcher.py`` checks both paths with real files and the real observers.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger("mkdocs.plugins.portail_cpts")

# How long a change the system reported keeps the poller quiet about the same file: longer than
# one poll (0.5 s) plus the time a poll takes on a large data folder.
RECENT = 5.0
# How long the poller waits, before reporting a change, for the system's report of it.
GRACE = 0.3


class _Seen:
    """The files the system's observer reported, with when (shared by both observers' handlers)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, float] = {}

    def note(self, event: FileSystemEvent) -> None:
        now = time.monotonic()
        with self.lock:
            for path in _paths(event):
                self.times[path] = now

    def recent(self, event: FileSystemEvent) -> bool:
        now = time.monotonic()
        with self.lock:
            self.times = {p: t for p, t in self.times.items() if now - t < RECENT}
            return all(p in self.times for p in _paths(event))


def _paths(event: FileSystemEvent) -> list[str]:
    paths = [str(event.src_path)]
    if getattr(event, "dest_path", ""):
        paths.append(str(event.dest_path))
    return paths


class _SystemHandler(FileSystemEventHandler):
    def __init__(self, handler: FileSystemEventHandler, seen: _Seen) -> None:
        self.handler, self.seen = handler, seen

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return  # reading a file is not a change (inotify reports opens and closes too)
        self.seen.note(event)
        self.handler.dispatch(event)


class _PollHandler(FileSystemEventHandler):
    def __init__(self, handler: FileSystemEventHandler, seen: _Seen) -> None:
        self.handler, self.seen = handler, seen

    def on_any_event(self, event: FileSystemEvent) -> None:
        if self.seen.recent(event):
            return
        # On a busy machine the poll may come before the system's report of the same save has
        # been handed over: give it a moment (this delays only the poller's own reports).
        time.sleep(GRACE)
        if not self.seen.recent(event):
            self.handler.dispatch(event)


class BothObservers:
    """What ``LiveReloadServer`` asks of its observer (schedule, unschedule, start, stop, join),
    done by MkDocs' poller and by the system's observer together (see the module docstring)."""

    def __init__(self, poller: Any, system: Any = None) -> None:
        self.poller = poller
        self.system = system if system is not None else Observer()
        self.system_running = False
        self.seen = _Seen()
        self.watches: dict[Any, Any] = {}   # poller's watch -> system's watch

    def schedule(self, handler: FileSystemEventHandler, path: str, recursive: bool = False, **kwargs: Any) -> Any:
        watch = self.poller.schedule(_PollHandler(handler, self.seen), path, recursive=recursive, **kwargs)
        try:
            self.watches[watch] = self.system.schedule(_SystemHandler(handler, self.seen), path,
                                                       recursive=recursive, **kwargs)
        except OSError as exc:  # this folder cannot be watched by the system: the poller does it
            log.debug("événements système indisponibles pour %s : %s", path, exc)
        return watch

    def unschedule(self, watch: Any) -> None:
        self.poller.unschedule(watch)
        system_watch = self.watches.pop(watch, None)
        if system_watch is not None:
            try:
                self.system.unschedule(system_watch)
            except KeyError:
                pass

    def start(self) -> None:
        self.poller.start()
        try:
            self.system.start()
            self.system_running = True
        except OSError as exc:  # e.g. inotify's limit of watched folders: polling alone, as MkDocs does
            log.info("Aperçu : modifications détectées par scrutation seulement (%s)", exc)

    def stop(self) -> None:
        self.poller.stop()
        if self.system_running:
            self.system.stop()

    def join(self, timeout: float | None = None) -> None:
        self.poller.join(timeout)
        if self.system_running:
            self.system.join(timeout)


def use_system_events(server: Any) -> Any:
    """Give ``server`` (MkDocs' ``LiveReloadServer``, before it starts) both observers, with the
    folders it already watches moved over; returns the server (the ``on_serve`` contract)."""
    observer = getattr(server, "observer", None)
    watched = getattr(server, "_watched_paths", None)
    refs = getattr(server, "_watch_refs", None)
    if observer is None or watched is None or refs is None or isinstance(observer, BothObservers):
        return server  # another MkDocs than the pinned one: keep its own behaviour
    both = BothObservers(observer)
    paths = dict(watched)
    for path in paths:
        observer.unschedule(refs.pop(path))
    watched.clear()
    server.observer = both
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    return server
