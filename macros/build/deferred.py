"""Work no page waits for, done on the second core while MkDocs renders the pages.

MkDocs renders pages one after another on one core. ``start`` forks a child process as soon as
the data is loaded (``on_config``); the child lists the generated files as the parent will, then:

1. renders the bodies of the record pages (``PageBodies.lazy``) and sends them back through a
   pipe: MkDocs asks for the first one after it has converted the hand-written pages;
2. builds what no page needs: the map documents (``cartes/*.html``, loaded in iframes), the
   finder index (fetched by the browser) and the other ``deferred`` files, written into the site
   directory once the parent says MkDocs has cleaned it (``site_ready``); ``finish`` (post-build)
   waits for them.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import generated
from ..core.errors import BuildFailure, blame, explain, product
from ..core.loader import Catalogue
from .generated import PageBodies

# The command's mode, not a build's state: set once by the ``on_startup`` hook, before any build,
# because only ``mkdocs build`` forks (see the module docstring).
SETTINGS = {"fork": False}

_RESULT = "resultat.pickle"
_BODIES = "corps.pickle"


@dataclass
class Job:
    """The deferred work of one build: record bodies and the files no page needs."""

    catalogue: Catalogue
    config: Any
    site_dir: Path
    generated: PageBodies                        # the build's page bodies (the child fills its copy)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="portail-cpts-")))
    process: Any = None
    bodies: Any = None      # parent's end of the pipe of rendered bodies
    ready: Any = None       # parent's end of the pipe that says the site directory is clean

    def compute(self) -> dict[str, str | bytes]:
        """Run every deferred provider; raise one ``BuildFailure`` that lists every failure (all
        at once, like data errors)."""
        files: dict[str, str | bytes] = {}
        failures = []
        for provider in self.catalogue.collect("deferred"):
            try:
                with blame(product(provider)):
                    files.update(provider(self.catalogue, self.config))
            except BuildFailure as exc:
                failures.append(str(exc))
        if failures:
            raise BuildFailure("\n".join(failures))
        return files

    def write(self, files: dict[str, str | bytes]) -> None:
        for rel, content in files.items():
            with blame(f"le fichier « {rel} » du site"):
                target = self.site_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    def site_ready(self) -> None:
        """Called once MkDocs has cleaned the site directory and listed the generated pages.

        Without a child, the record bodies are rendered now, so that every page that fails is
        reported at once, as the child does.
        """
        if self.process is None:
            failures = self.generated.render_lazy()
            if failures:
                raise BuildFailure("\n".join(failures))
            return
        try:
            self.ready.send(True)
        except OSError:
            # The child has stopped already (it failed): its report is read with the bodies.
            pass
        finally:
            self.ready.close()
        self.generated.suppliers.append(self.receive_bodies)

    def receive_bodies(self) -> dict[str, str]:
        """The record pages' bodies rendered by the child (waits for them)."""
        try:
            outcome = self.bodies.recv()
        except (EOFError, OSError):
            outcome = {"error": self.stopped_message()}
        finally:
            self.bodies.close()
        if "error" in outcome:
            raise BuildFailure(outcome["error"])
        return pickle.loads((self.folder / outcome["ok"]).read_bytes())

    def stopped_message(self) -> str:
        """Why the child is gone: its own report if it wrote one, else how it ended."""
        self.process.join(timeout=30)
        path = self.folder / _RESULT
        if path.exists():
            outcome = pickle.loads(path.read_bytes())
            if "error" in outcome:
                return outcome["error"]
        return (f"le second processus de construction s'est arrêté sans finir son travail "
                f"(code {self.process.exitcode}) : relancez la construction ; si cela se reproduit, "
                f"signalez-le à l'équipe technique")

    def stop(self) -> None:
        """The build failed elsewhere: stop the child before it writes into the site, tidy up."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def _child(job: Job, bodies_pipe: Any, ready_pipe: Any) -> None:
    """Entry point of the forked process: bodies through a pipe, files into the site, then its
    outcome as a pickle (or the error's French report, for the parent to read)."""
    outcome: dict[str, Any]
    try:
        try:
            generated.all_files(job.catalogue, job.config, job.generated)
            failures = job.generated.render_lazy()
            if failures:
                raise BuildFailure("\n".join(failures))
            bodies = {token: job.generated.bodies[token] for token in job.generated.lazy}
            # Through a file: a pipe holds 64 KB, and the child would wait for the parent to read.
            (job.folder / _BODIES).write_bytes(pickle.dumps(bodies, protocol=pickle.HIGHEST_PROTOCOL))
            bodies_pipe.send({"ok": _BODIES})
        except BaseException as exc:  # noqa: BLE001 - reported by the parent as a build error
            bodies_pipe.send({"error": explain(exc)})
            raise
        finally:
            bodies_pipe.close()
        files = job.compute()
        try:
            ready = ready_pipe.recv()
        except EOFError:  # the parent stopped before MkDocs cleaned the site directory
            ready = False
        if not ready:
            raise BuildFailure("construction interrompue avant l'écriture du site")
        job.write(files)
        outcome = {"ok": True}
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as a build error
        outcome = {"error": explain(exc)}
    (job.folder / _RESULT).write_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    os._exit(0)  # no atexit handlers, no flushing of the parent's inherited buffers


def start(catalogue: Catalogue, config: Any, bodies: PageBodies) -> Job:
    """The deferred work of a build, started now on a second process where forking is allowed."""
    job = Job(catalogue, config, Path(config["site_dir"]), bodies)
    if SETTINGS["fork"] and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        job.bodies, bodies_end = context.Pipe(duplex=False)
        ready_end, job.ready = context.Pipe(duplex=False)
        job.process = context.Process(target=_child, args=(job, bodies_end, ready_end), daemon=True)
        job.process.start()
        bodies_end.close()  # so that the parent sees the end of the pipe if the child dies
        ready_end.close()
    return job


def finish(job: Job) -> None:
    """Wait for the deferred files (written into the site by the child, or here when there is no
    child).

    Raises ``BuildFailure`` with the child's French report if the work failed.
    """
    try:
        if job.process is None:
            job.write(job.compute())
            return
        job.process.join()
        path = job.folder / _RESULT
        if not path.exists():
            raise BuildFailure(job.stopped_message())
        outcome = pickle.loads(path.read_bytes())
        if "error" in outcome:
            raise BuildFailure(outcome["error"])
    finally:
        shutil.rmtree(job.folder, ignore_errors=True)
