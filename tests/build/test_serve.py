"""``mkdocs serve`` picks up a new or edited YAML file live and shows data errors without dying."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import VALID_CPTS, copy_site_project

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_for(predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_reloads_data_live(tmp_path):
    project = copy_site_project(tmp_path)
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: fetch(f"{base}/annuaire/")[0] == 200), open(tmp_path / "serve.log").read()
        assert fetch(f"{base}/cpts/cpts-nouvelle/")[0] == 404

        (project / "data" / "cpts" / "cpts-nouvelle.yml").write_text(VALID_CPTS.format(slug="cpts-nouvelle"), encoding="utf-8")
        assert wait_for(lambda: fetch(f"{base}/cpts/cpts-nouvelle/")[0] == 200), open(tmp_path / "serve.log").read()
        assert "CPTS de test cpts-nouvelle" in fetch(f"{base}/annuaire/")[1]

        # A broken file: the error is printed with file and line, and the server keeps running.
        (project / "data" / "cpts" / "cpts-nouvelle.yml").write_text(
            VALID_CPTS.format(slug="cpts-nouvelle").replace("taille: 2", "taille: 7"), encoding="utf-8")
        assert wait_for(lambda: "data/cpts/cpts-nouvelle.yml:6: « taille » doit être inférieur ou égal à 4" in open(tmp_path / "serve.log").read())
        assert server.poll() is None
        assert "Traceback" not in open(tmp_path / "serve.log").read()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
