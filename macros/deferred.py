"""Work no page waits for, done on the second core while MkDocs renders the pages.

MkDocs renders pages one after another on one core. ``start`` forks a child process as soon as
the data is loaded (``on_config``); the child lists the generated files as the parent will, then:

1. renders the bodies of the record pages (``generated.LAZY``) and sends them back through a
   pipe: MkDocs asks for the first one after it has converted the hand-written pages;
2. builds what no page needs: the map documents (``cartes/*.html``, loaded in iframes) and the
   finder index (fetched by the browser), written into the site directory once the parent says
   MkDocs has cleaned it (``site_ready``), and the search entries of the generated pages, which
   ``finish`` (post-build) waits for and returns.

Where forking is unsafe or unavailable (``mkdocs serve`` runs builds beside its server threads;
Windows and macOS default to spawning), the same work runs in this process: bodies on first use,
the rest in ``finish``. The output is identical either way (``tests/build/test_build_shortcuts``).
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

from mkdocs.structure.files import File

from . import generated, search_index
from .loader import Catalogue

# Providers of files that no page needs: (catalogue, config) -> {site path: content}.
DeferredProvider = Callable[[Catalogue, Any], dict[str, str | bytes]]
DEFERRED_PROVIDERS: list[DeferredProvider] = []

# Set by the ``on_startup`` hook: only ``mkdocs build`` forks (see the module docstring).
SETTINGS = {"fork": False}

_RESULT = "resultat.pickle"
_BODIES = "corps.pickle"


def register(provider: DeferredProvider) -> None:
    if provider not in DEFERRED_PROVIDERS:
        DEFERRED_PROVIDERS.append(provider)


def generated_pages(files: dict[str, str | bytes], config: Any) -> list[tuple[str, str, str]]:
    """(URL, title, body token) of each generated page among ``generated.all_files``' output."""
    pages = []
    for path, content in files.items():
        token = generated.token_of(content) if path.endswith(".md") and isinstance(content, str) else None
        if token is not None:
            pages.append((File.generated(config, path, content=content).url, generated.TITLES[token], token))
    return pages


@dataclass
class Job:
    """The deferred work of one build: record bodies, files no page needs, search entries."""

    catalogue: Catalogue
    config: Any
    site_dir: Path
    pages: list[tuple[str, str, str]] = field(default_factory=list)   # set by site_ready
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="portail-cpts-")))
    process: Any = None
    bodies: Any = None      # parent's end of the pipe of rendered bodies
    ready: Any = None       # parent's end of the pipe that says the site directory is clean

    def compute(self) -> tuple[dict[str, str | bytes], dict[str, list[dict]]]:
        files: dict[str, str | bytes] = {}
        for provider in DEFERRED_PROVIDERS:
            files.update(provider(self.catalogue, self.config))
        entries = {url: search_index.page_entries(url, title, generated.body(token) or "")
                   for url, title, token in self.pages}
        return files, entries

    def write(self, files: dict[str, str | bytes]) -> None:
        for rel, content in files.items():
            target = self.site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    def site_ready(self, pages: list[tuple[str, str, str]]) -> None:
        """Called once MkDocs has cleaned the site directory and listed the generated pages."""
        self.pages = pages
        if self.process is not None:
            self.ready.send(True)
            self.ready.close()
            generated.SUPPLIERS.append(self.receive_bodies)

    def receive_bodies(self) -> dict[str, str]:
        """The record pages' bodies rendered by the child (waits for them)."""
        try:
            outcome = self.bodies.recv()
        except EOFError:
            outcome = {"error": "le processus de rendu s'est arrêté sans rendre les pages"}
        self.bodies.close()
        if "error" in outcome:
            raise RuntimeError(outcome["error"])
        return pickle.loads((self.folder / outcome["ok"]).read_bytes())


def _child(job: Job, bodies_pipe: Any, ready_pipe: Any) -> None:
    """Entry point of the forked process: bodies through a pipe, files into the site, entries
    as a pickle (or the error's traceback, for the parent to report)."""
    try:
        try:
            job.pages = generated_pages(generated.all_files(job.catalogue, job.config), job.config)
            bodies = {token: generated.body(token) for token in generated.lazy_tokens()}
            # Through a file: a pipe holds 64 KB, and the child would wait for the parent to read.
            (job.folder / _BODIES).write_bytes(pickle.dumps(bodies, protocol=pickle.HIGHEST_PROTOCOL))
            bodies_pipe.send({"ok": _BODIES})
        except BaseException:  # noqa: BLE001 - reported by the parent as a build error
            bodies_pipe.send({"error": traceback.format_exc()})
            raise
        bodies_pipe.close()
        files, entries = job.compute()
        if not ready_pipe.recv():  # the parent stopped before MkDocs cleaned the site directory
            raise RuntimeError("construction interrompue")
        job.write(files)
        outcome: dict[str, Any] = {"ok": entries}
    except BaseException:  # noqa: BLE001 - reported by the parent as a build error
        outcome = {"error": traceback.format_exc()}
    (job.folder / _RESULT).write_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    os._exit(0)  # no atexit handlers, no flushing of the parent's inherited buffers


def start(catalogue: Catalogue, config: Any) -> Job:
    job = Job(catalogue, config, Path(config["site_dir"]))
    if SETTINGS["fork"] and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        job.bodies, bodies_end = context.Pipe(duplex=False)
        ready_end, job.ready = context.Pipe(duplex=False)
        job.process = context.Process(target=_child, args=(job, bodies_end, ready_end), daemon=True)
        job.process.start()
        bodies_end.close()  # so that the parent sees the end of the pipe if the child dies
        ready_end.close()
    return job


def finish(job: Job) -> dict[str, list[dict]]:
    """Wait for the deferred files (written into the site by the child, or here when there is no
    child); return the search entries by page URL.

    Raises RuntimeError with the child's traceback if the work failed.
    """
    try:
        if job.process is None:
            files, entries = job.compute()
            job.write(files)
            return entries
        job.process.join()
        path = job.folder / _RESULT
        if not path.exists():
            raise RuntimeError(f"le calcul des cartes et de l'index s'est arrêté (code {job.process.exitcode})")
        outcome = pickle.loads(path.read_bytes())
        if "error" in outcome:
            raise RuntimeError(outcome["error"])
        return outcome["ok"]
    finally:
        shutil.rmtree(job.folder, ignore_errors=True)
