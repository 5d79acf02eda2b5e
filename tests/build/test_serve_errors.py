"""Under the real ``mkdocs serve``, every failed save prints its errors, in French, again, and
the preview comes back once the file is fixed.

MkDocs prints each log message once per process (its ``DuplicateFilter``): staff who saved a
file still broken, or broke it again the same way later, saw only « Aborted with a BuildError! ».
A page whose template failed while rendering made mkdocs-macros call ``exit()``: ``mkdocs serve``
was gone, and fixing the page brought nothing back.
"""
from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
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
        self.port = _port()
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
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

    def get(self, path: str, timeout: float = 60) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
            return response.read().decode("utf-8")

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


def test_a_page_that_fails_to_render_leaves_the_preview_waiting_then_back(tmp_path):
    """``page.titre_inconnu`` only fails while the page renders (nothing can check it before)."""
    project = copy_site_project(tmp_path)
    page = project / "docs" / "annuaire" / "index.md"
    good = page.read_text(encoding="utf-8")
    broken = good.replace("\n\n", "\n\nTitre : {{ page.titre_inconnu }}.\n\n", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "titre_inconnu" in text)
    serve = Serve(project)
    try:
        serve.wait_for("Serving on")
        assert "Annuaire" in serve.get("/annuaire/")
        page.write_text(broken, encoding="utf-8")
        printed = "".join(serve.wait_for("aperçu a échoué"))
        assert f"docs/annuaire/index.md:{line}: « titre_inconnu » n'existe pas" in printed, printed
        assert "Traceback" not in printed and "Macro Rendering Error" not in printed, printed
        # What the message says: the preview's pages wait (MkDocs serves no half-built site)…
        assert "les pages de l'aperçu attendent" in printed, printed
        waiting: dict[str, str] = {}
        asked = threading.Thread(target=lambda: waiting.update(page=serve.get("/annuaire/", timeout=300)), daemon=True)
        asked.start()
        asked.join(timeout=5)
        assert asked.is_alive(), "la page a répondu alors que l'aperçu attend une correction"
        # … until the file is fixed: then the same request gets the page, and serve goes on.
        page.write_text(good.replace("\n\n", "\n\nPage corrigée.\n\n", 1), encoding="utf-8")
        serve.wait_for("Reloading browsers")
        asked.join(timeout=120)
        assert "Page corrigée." in waiting.get("page", ""), "la page attendue n'est jamais arrivée"
        assert serve.process.poll() is None
    finally:
        serve.close()
