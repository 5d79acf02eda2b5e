"""Staff preview latency: from saving a CPTS file to seeing the change, through ``mkdocs serve``.

``python -m bench.preview [--echelles bundled,national]`` copies the project (bundled data, or the
synthetic national set of ``bench.synthetic`` — synthetic, for measurement only), starts the real
``mkdocs serve`` on a free loopback port, then, several times: rewrites one CPTS file with a new
name and polls its page until the new name is served. Prints the median and each run against the
issue's targets (≤ 1.5 s bundled, ≤ 3 s national). Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.synthetic import write_dataset

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", "site", ".site-*", ".git", ".cache", "__pycache__", ".pytest_cache", "bench",
                                "tests", "node_modules")
TARGETS = {"bundled": 1.5, "national": 3.0}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def _wait_for(url: str, text: str, limit: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        page = _get(url)
        if page is not None and text in page:
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def measure(project: Path, runs: int) -> list[float]:
    """Seconds from each save to the page showing it."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        env["TMPDIR"] = "/dev/shm"  # as « make serve » does: the served site in memory
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        record = sorted((project / "data" / "cpts").glob("*.yml"))[0]
        url = f"http://127.0.0.1:{port}/cpts/{record.stem}/"
        original = record.read_text(encoding="utf-8")
        if _wait_for(url, "<html", 900) is None:
            raise SystemExit("le serveur de prévisualisation n'a pas démarré")
        time.sleep(2)  # let the watcher settle after the first build
        timings = []
        for run in range(runs):
            marker = f"Nom modifié {run} {time.time_ns()}"
            record.write_text(_rename(original, marker), encoding="utf-8")
            seconds = _wait_for(url, marker, 120)
            timings.append(seconds if seconds is not None else float("inf"))
            time.sleep(1)
        record.write_text(original, encoding="utf-8")
        return timings
    finally:
        server.terminate()
        server.wait(timeout=30)


def _rename(text: str, marker: str) -> str:
    """The record with ``nom`` replaced by ``marker`` (first top-level ``nom:`` line)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("nom:"):
            lines[i] = f'nom: "{marker}"'
            break
    return "\n".join(lines) + "\n"


def project_for(scale: str, workdir: Path) -> Path:
    project = workdir / scale
    shutil.copytree(ROOT, project, ignore=IGNORE, symlinks=True)
    if scale == "national":
        write_dataset(project, n_cpts=1000, n_actions=500, n_editions=3)
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure le délai entre l'enregistrement d'une fiche et son affichage (mkdocs serve).")
    parser.add_argument("--echelles", default="bundled,national", help="bundled, national ou les deux (séparées par une virgule)")
    parser.add_argument("--essais", type=int, default=3, help="nombre d'enregistrements mesurés par échelle")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portail-apercu-") as tmp:
        print("Prévisualisation (mkdocs serve) : enregistrement d'une fiche CPTS → page à jour")
        for scale in args.echelles.split(","):
            timings = measure(project_for(scale, Path(tmp)), args.essais)
            runs = ", ".join(f"{t:.1f} s" for t in timings)
            label = "données du dépôt" if scale == "bundled" else "jeu national synthétique (1 000 CPTS)"
            print(f"  {label:40s} médiane {statistics.median(timings):.1f} s ({runs}) ; cible ≤ {TARGETS[scale]} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
