"""Work no page waits for, done on the second core while MkDocs renders the pages.

MkDocs renders pages one after another on one core. ``start`` forks a child process once the
pages' sources exist; it renders, in this order:

1. the bodies of the record pages (``generated.LAZY``), sent back through a pipe as soon as they
   are ready: MkDocs asks for the first one after it has converted the hand-written pages;
2. what no page needs: the map documents (``cartes/*.html``, loaded in iframes), the finder
   index (fetched by the browser), the search entries of generated pages (merged into the index
   after the build); ``finish`` (post-build) waits for them and writes the files into the site.
 Where forking is unsafe or unavailable (``mkdocs
serve`` runs builds beside its server threads; Windows and macOS default to spawning), the same
work runs in-process at ``finish``: the output is identical either way.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import generated, search_index
from .loader import Catalogue

# Providers of files that no page needs: (catalogue, config) -> {site path: content}.
DeferredProvider = Callable[[Catalogue, Any], dict[str, str | bytes]]
DEFERRED_PROVIDERS: list[DeferredProvider] = []

# Set by the ``on_startup`` hook: only ``mkdocs build`` forks (see the module docstring).
SETTINGS = {"fork": False}

_RESULT = "resultat.pickle"


def register(provider: DeferredProvider) -> None:
    if provider not in DEFERRED_PROVIDERS:
        DEFERRED_PROVIDERS.append(provider)


@dataclass
class Job:
    """What the child computes: the deferred files and the search entries of generated pages."""

    catalogue: Catalogue
    config: Any
    pages: list[tuple[str, str, str]]            # (url, title, body token) of generated pages
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="portail-cpts-")))
    process: Any = None
    bodies: Any = None                            # parent's end of the pipe of rendered bodies

    def run(self) -> dict[str, Any]:
        files: dict[str, str | bytes] = {}
        for provider in DEFERRED_PROVIDERS:
            files.update(provider(self.catalogue, self.config))
        entries = {url: search_index.page_entries(url, title, generated.body(token) or "")
                   for url, title, token in self.pages}
        return {"files": files, "entries": entries}

    def receive_bodies(self) -> dict[str, str]:
        """The record pages' bodies rendered by the child (waits for them)."""
        try:
            outcome = self.bodies.recv()
        except EOFError:
            outcome = {"error": "le processus de rendu s'est arrêté sans rendre les pages"}
        self.bodies.close()
        if "error" in outcome:
            raise RuntimeError(outcome["error"])
        return outcome["ok"]


def _child(job: Job, pipe: Any) -> None:
    """Entry point of the forked process: bodies through ``pipe``, then the rest as a pickle."""
    try:
        try:
            bodies = {token: generated.body(token) for token in generated.lazy_tokens()}
            pipe.send({"ok": bodies})
        except BaseException:  # noqa: BLE001 - reported by the parent as a build error
            pipe.send({"error": traceback.format_exc()})
            raise
        pipe.close()
        outcome: dict[str, Any] = {"ok": job.run()}
    except BaseException:  # noqa: BLE001 - reported by the parent as a build error
        outcome = {"error": traceback.format_exc()}
    (job.folder / _RESULT).write_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    os._exit(0)  # no atexit handlers, no flushing of the parent's inherited buffers


def start(catalogue: Catalogue, config: Any, pages: list[tuple[str, str, str]]) -> Job:
    job = Job(catalogue, config, pages)
    if SETTINGS["fork"] and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        job.bodies, child_end = context.Pipe(duplex=False)
        job.process = context.Process(target=_child, args=(job, child_end), daemon=True)
        job.process.start()
        child_end.close()  # so that the parent sees the end of the pipe if the child dies
        generated.SUPPLIERS.append(job.receive_bodies)
    return job


def finish(job: Job, site_dir: Path) -> dict[str, list[dict]]:
    """Write the deferred files into ``site_dir``; return the search entries by page URL.

    Raises RuntimeError with the child's traceback if the work failed.
    """
    try:
        if job.process is None:
            result = job.run()
        else:
            job.process.join()
            path = job.folder / _RESULT
            if not path.exists():
                raise RuntimeError(f"le calcul des cartes et de l'index s'est arrêté (code {job.process.exitcode})")
            outcome = pickle.loads(path.read_bytes())
            if "error" in outcome:
                raise RuntimeError(outcome["error"])
            result = outcome["ok"]
    finally:
        shutil.rmtree(job.folder, ignore_errors=True)
    for rel, content in result["files"].items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)
    return result["entries"]
