"""Benchmark of « Trouver ma CPTS » (not a test): ``python -m bench.finder [--site DIR]``.

Prints the finder index size (raw and gzipped), the time to load it on first use, the median
time of a lookup in Chromium (a real keystroke in the field until the suggestions are in the
DOM and laid out, then Enter until the answer is), over about twenty typed queries, and the
weight of a CPTS page (HTML alone, then with the same-origin styles, scripts, images and frames
it loads). Targets: index ≤ 300 KB gzipped, answer < 50 ms.

Without ``--site`` the real site is built first (``mkdocs build --strict``) in a temporary
folder. ``lookup_time_ms(site)`` is also used by ``bench.run``.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
INDEX = "donnees/finder-index.json"
QUERIES = [
    "Châteauroux", "chateauroux", "saint etienne", "St-Malo", "paris 19", "75019", "2B033",
    "Arbignieu", "lyon 3", "marseille", "bordeaux", "challans", "85300", "ile rousse",
    "ste maxime", "aix", "mont", "33000", "97", "la",
]
TARGET_KB, TARGET_MS = 300, 50

# Armed by a keydown in the field; the observers stamp the time once the DOM they watch changed
# (and force layout, so that the figure includes style and layout, not only the script).
PROBE = """() => {
  const input = document.querySelector('#finder-saisie');
  const list = document.getElementById(input.getAttribute('aria-controls'));
  const result = document.querySelector('[data-finder-resultat]');
  const bench = window.__bench = {armed: false, t0: 0, suggest: [], answer: []};
  input.addEventListener('keydown', () => { bench.armed = true; bench.t0 = performance.now(); }, true);
  const stamp = (into, el) => () => {
    if (!bench.armed) return;
    el.getBoundingClientRect();
    into.push(performance.now() - bench.t0);
    bench.armed = false;
  };
  new MutationObserver(stamp(bench.suggest, list)).observe(list, {childList: true});
  new MutationObserver(stamp(bench.answer, result)).observe(result, {childList: true});
}"""


# Focus the field of a page that has not fetched the index yet; resolve with the time until
# the index is downloaded, decoded and ready (finder.js then sets data-pret).
FIRST_USE = """() => new Promise(resolve => {
  const root = document.querySelector('[data-finder]');
  const t0 = performance.now();
  new MutationObserver((records, observer) => {
    if (root.hasAttribute('data-pret')) { observer.disconnect(); resolve(performance.now() - t0); }
  }).observe(root, {attributes: true});
  document.querySelector('#finder-saisie').focus();
})"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def measure_lookups(site: Path, queries: list[str] = QUERIES) -> dict[str, list[float]]:
    """Times in ms: first load of the index, and each query's suggestions and answer."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        # Only the local site: map tiles and anything else are refused, as in the tests.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page.goto(f"{base}/")  # the home page fetches the index on first use
        loaded = page.evaluate(FIRST_USE)
        page.goto(f"{base}/trouver-ma-cpts/")
        page.wait_for_selector("[data-finder][data-pret]", state="attached", timeout=60_000)
        field = page.locator("#finder-saisie")
        page.evaluate(PROBE)
        for query in queries:
            field.fill(query[:-1])
            page.keyboard.press(query[-1])  # the measured keystroke: the lookup of the whole query
            page.wait_for_function("window.__bench.armed === false")
            page.keyboard.press("Enter")
            page.wait_for_function("window.__bench.armed === false")
        times = page.evaluate("window.__bench")
        browser.close()
    return {"chargement": [loaded], "suggestions": times["suggest"], "reponse": times["answer"]}


def lookup_time_ms(site: Path) -> float:
    """Median time from a keystroke to the rendered suggestions (used by ``bench.run``)."""
    return statistics.median(measure_lookups(Path(site))["suggestions"])


def page_weight(site: Path, page: Path) -> dict[str, int]:
    """HTML raw/gzipped, and with the same-origin assets and frames it loads (each once)."""
    from bs4 import BeautifulSoup

    html = page.read_bytes()
    seen: set[Path] = set()
    raw, packed = len(html), gz(html)
    queue = [(page, html)]
    while queue:
        current, data = queue.pop()
        url = "file://" + str(current)
        for element in BeautifulSoup(data, "html.parser").select("link[rel=stylesheet][href], script[src], img[src], iframe[src]"):
            ref = element.get("href") or element.get("src")
            target = Path(urlparse(urljoin(url, ref)).path)
            if urlparse(ref).netloc or target in seen or not target.is_file():
                continue
            seen.add(target)
            content = target.read_bytes()
            raw, packed = raw + len(content), packed + gz(content)
            if element.name == "iframe":
                queue.append((target, content))
    return {"html": len(html), "html_gz": gz(html), "total": raw, "total_gz": packed, "fichiers": len(seen)}


def build_site(dest: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
                   cwd=ROOT, env=env, check=True)
    return dest


def typical_cpts_page(site: Path) -> Path:
    """The CPTS page of median gzipped size: neither the emptiest record nor the richest."""
    pages = sorted((site / "cpts").glob("*/index.html"), key=lambda p: (gz(p.read_bytes()), str(p)))
    return pages[len(pages) // 2]


def kb(n: float) -> str:
    return f"{n / 1000:.1f} Ko"


def report(site: Path) -> None:
    index = (site / INDEX).read_bytes()
    print(f"Index {INDEX} : {kb(len(index))} brut, {kb(gz(index))} gzip -9 (cible ≤ {TARGET_KB} Ko)")
    times = measure_lookups(site)
    suggest, answer = times["suggestions"], times["reponse"]
    print(f"Premier usage sur l'accueil (téléchargement + décodage de l'index) : {times['chargement'][0]:.0f} ms")
    print(f"Recherche, frappe → propositions affichées : médiane {statistics.median(suggest):.1f} ms, "
          f"max {max(suggest):.1f} ms sur {len(suggest)} recherches (cible < {TARGET_MS} ms)")
    print(f"Choix, Entrée → réponse affichée : médiane {statistics.median(answer):.1f} ms, max {max(answer):.1f} ms")
    page = typical_cpts_page(site)
    weight = page_weight(site, page)
    print(f"Page CPTS type ({page.parent.name}) : HTML {kb(weight['html'])} brut, {kb(weight['html_gz'])} gzip ; "
          f"avec styles, scripts, images et cadres ({weight['fichiers']} fichiers) : "
          f"{kb(weight['total'])} brut, {kb(weight['total_gz'])} gzip (hors tuiles de carte)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon, construction dans un dossier temporaire)")
    args = parser.parse_args(argv)
    if args.site:
        report(args.site)
        return 0
    with tempfile.TemporaryDirectory(prefix="portail-bench-finder-") as tmp:
        report(build_site(Path(tmp) / "site"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
