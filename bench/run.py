"""``make bench``: build a synthetic national site and a plain mkdocs-material baseline in the
same run, and print ratios (these machines are noisy: only same-run ratios mean something).

Prints: build time of each and their ratio, peak memory, output size of each and their ratio,
growth with 250 / 500 / 1,000 CPTS, finder index size (raw and gzipped), weight of the heaviest
page and of a typical CPTS page (compressed, with and without shared assets), the time of one
finder lookup in Chromium, the site search's bytes before use and for typical first queries and
its time to show results in Chromium (``bench/search.py``), the time to import a national listing
(``bench/importer.py``) and the staff preview latency through ``mkdocs serve`` at both scales
(``bench/preview.py``).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic import write_dataset

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", "site", ".site-*", ".git", ".cache", "__pycache__", ".pytest_cache", "bench", "tests")


def build(config: Path, site: Path) -> dict:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PORTAIL_CPTS_CACHE_DIR": str(ROOT / ".cache" / "portail-cpts")}
    result = subprocess.run([sys.executable, "-m", "bench.measure", str(config), str(site)],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    lines = [l for l in result.stdout.splitlines() if l.startswith("{")]
    if not lines:
        raise SystemExit(f"construction impossible ({config}):\n{result.stdout}\n{result.stderr}")
    data = json.loads(lines[-1])
    if data["code"]:
        raise SystemExit(f"construction en échec ({config}):\n{result.stderr[-3000:]}")
    return data


def national_project(workdir: Path, n_cpts: int) -> Path:
    project = workdir / f"national-{n_cpts}"
    shutil.copytree(ROOT, project, ignore=IGNORE, symlinks=True)
    write_dataset(project, n_cpts=n_cpts, n_actions=n_cpts // 2, n_editions=3)
    return project


def baseline_project(workdir: Path, n_pages: int) -> Path:
    """A plain mkdocs-material site with ``n_pages`` stub pages, out of the nav like our records."""
    project = workdir / f"baseline-{n_pages}"
    docs = project / "docs" / "p"
    docs.mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Accueil\n\nSite témoin.\n", encoding="utf-8")
    for i in range(n_pages - 1):
        (docs / f"page-{i:05d}.md").write_text(
            f"# Page témoin {i}\n\n" + ("Texte de remplissage pour le site témoin. " * 40 + "\n\n") * 3, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Témoin\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        "plugins:\n  - search:\n      lang: fr\nnav:\n  - Accueil: index.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n", encoding="utf-8")
    return project


def size_of(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def pages_of(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def first_view(site: Path, page: Path) -> tuple[int, int]:
    """Compressed bytes of a page alone, and with the local CSS, scripts and iframes it loads."""
    html = page.read_bytes()
    total = alone = gz(html)
    seen: set[Path] = set()
    queue = [(page, html)]
    while queue:
        current, content = queue.pop()
        for ref in re.findall(rb'(?:src|href)="([^"#?]+)', content):
            ref = ref.decode()
            if re.match(r"^[a-z]+:|^//", ref) or not re.search(r"\.(css|js|html|json|svg)$|/$", ref):
                continue
            target = (current.parent / ref).resolve()
            if target.is_dir():
                target = target / "index.html"
            if target in seen or not target.is_file() or not str(target).startswith(str(site.resolve())):
                continue
            is_asset = ref.endswith((".css", ".js"))
            is_frame = b"<iframe" in content and ref.endswith(".html") and f'src="{ref}"'.encode() in content
            if not (is_asset or is_frame):
                continue
            seen.add(target)
            data = target.read_bytes()
            total += gz(data)
            if is_frame:
                queue.append((target, data))
    return alone, total


def finder_lookup_ms(site: Path) -> str:
    try:
        from bench import finder
    except ImportError:
        return "non mesuré (bench/finder.py absent)"
    measure = getattr(finder, "lookup_time_ms", None)
    if measure is None:
        return "non mesuré (bench.finder.lookup_time_ms absent)"
    return f"{measure(site):.1f} ms (médiane)"


def report(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n{title}")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key.ljust(width)}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tailles", default="250,500,1000", help="nombres de CPTS à mesurer (le dernier sert aux ratios)")
    parser.add_argument("--garder", action="store_true", help="garder les sites construits (dossier affiché)")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.tailles.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="portail-bench-"))
    print(f"Banc d'essai : données SYNTHÉTIQUES dans {workdir}")
    growth = []
    try:
        for n in sizes:
            project = national_project(workdir, n)
            site = project / "site"
            stats = build(project / "mkdocs.yml", site)
            growth.append((n, pages_of(site), stats, size_of(site), site))
            print(f"  {n} CPTS : {stats['seconds']:.1f} s, {size_of(site) / 1e6:.1f} Mo, {pages_of(site)} pages")
        n, pages, stats, size, site = growth[-1]
        base = baseline_project(workdir, pages)
        base_stats = build(base / "mkdocs.yml", base / "site")
        base_size = size_of(base / "site")
        report(f"Site national synthétique ({n} CPTS, {n // 2} actions, 100 questions, 3 éditions) contre site témoin ({pages} pages)", [
            ("construction", f"{stats['seconds']:.1f} s contre {base_stats['seconds']:.1f} s : ratio {stats['seconds'] / base_stats['seconds']:.2f} (cible ≤ 1,2)"),
            ("temps de calcul", f"{stats['cpu_main']:.1f} s (processus principal) + {stats['cpu_children']:.1f} s (second processus) "
                                f"contre {base_stats['cpu_main']:.1f} s"),
            ("mémoire maximale", f"{stats['peak_mb']:.0f} Mo (témoin {base_stats['peak_mb']:.0f} Mo ; cible ≤ 1 500 Mo)"),
            ("taille du site", f"{size / 1e6:.1f} Mo contre {base_size / 1e6:.1f} Mo : ratio {size / base_size:.2f} (cible ≤ 1,5)"),
        ])
        report("Croissance", [(f"{g[0]} CPTS", f"{g[1]} pages, {g[2]['seconds']:.1f} s, {g[3] / 1e6:.1f} Mo, {g[3] / g[1] / 1e3:.1f} Ko/page") for g in growth])
        indexes = sorted(site.rglob("*finder*.json")) + sorted(site.rglob("*trouver*.json"))
        cpts_pages = sorted((site / "cpts").glob("*/index.html"))
        heaviest = max((p for p in site.rglob("*.html")), key=lambda p: gz(p.read_bytes()))
        weights = [first_view(site, p) for p in cpts_pages[:: max(1, len(cpts_pages) // 25)]]
        rows = [(f"index {p.relative_to(site)}", f"{p.stat().st_size / 1e3:.0f} Ko brut, {gz(p.read_bytes()) / 1e3:.0f} Ko compressé (cible ≤ 300 Ko)") for p in indexes]
        rows += [
            ("page la plus lourde", f"{heaviest.relative_to(site)} : {gz(heaviest.read_bytes()) / 1e3:.0f} Ko compressé"),
            ("page CPTS typique", f"{statistics.median(w[0] for w in weights) / 1e3:.1f} Ko compressé seule, "
                                  f"{statistics.median(w[1] for w in weights) / 1e3:.0f} Ko avec styles, scripts et carte (cible ≤ 350 Ko, hors tuiles)"),
            ("recherche d'une commune", finder_lookup_ms(site)),
        ]
        report("Poids et outil « Trouver ma CPTS »", rows)
        from bench import search  # the site search, in Chromium (python -m bench.search alone)
        report("Recherche du site (Pagefind, chargée au premier usage)", search.rows(site))
        from bench import importer  # the listing import is measured on its own synthetic listing
        report("Import d'une liste nationale synthétique (1 000 CPTS, python -m macros.importer)",
               importer.measure(workdir))
        from bench import preview  # staff preview through the real « mkdocs serve », both scales
        preview.main([])
    finally:
        if args.garder:
            print(f"\nSites gardés dans {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
