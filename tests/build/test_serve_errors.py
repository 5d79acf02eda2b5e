"""Under the real ``mkdocs serve``, every failed save prints its errors, in French, again.

MkDocs prints each log message once per process (its ``DuplicateFilter``): staff who saved a
file still broken, or broke it again the same way later, saw only « Aborted with a BuildError! ».
"""
from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import copy_site_project

pytestmark = pytest.mark.build
STATUS_ERROR = "statut « signe » inconnu(e)"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Serve:
    """``mkdocs serve`` on ``project``; its terminal output, line by line."""

    def __init__(self, project: Path) -> None:
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{_port()}"],
                                        cwd=project, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, limit: float = 300) -> list[str]:
        """The lines printed until one contains ``text`` (fails after ``limit`` seconds)."""
        seen, end = [], time.monotonic() + limit
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "mkdocs serve s'est arrêté :\n" + "".join(seen)
                continue
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"« {text} » jamais affiché :\n" + "".join(seen))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def test_each_failed_save_prints_its_errors_again(tmp_path):
    project = copy_site_project(tmp_path)
    record = sorted((project / "data" / "cpts").glob("*.yml"))[0]
    good = record.read_text(encoding="utf-8")
    broken = "\n".join("statut: signe" if line.startswith("statut:") else line for line in good.splitlines()) + "\n"
    serve = Serve(project)
    try:
        serve.wait_for("Serving on")
        for attempt in range(2):  # the same mistake saved twice, then again after a fix
            record.write_text(broken + f"# enregistrement {attempt}\n", encoding="utf-8")
            printed = "".join(serve.wait_for("aperçu a échoué"))
            assert STATUS_ERROR in printed, f"enregistrement {attempt} :\n{printed}"
            assert "An error happened" not in printed and "Traceback" not in printed
        record.write_text(good, encoding="utf-8")
        serve.wait_for("Reloading browsers")
        record.write_text(broken, encoding="utf-8")
        assert STATUS_ERROR in "".join(serve.wait_for("aperçu a échoué"))
    finally:
        serve.close()
