"""Benchmark of the site search (not a test): ``python -m bench.search [--site DIR]``.

In Debian's Chromium, on the site served locally (every other host refused), prints:

- the search bytes a page downloads before any interaction (index, engine, worker);
- for each typical first query, in a fresh page: the search bytes the query downloads from the
  click in the box to the results shown (compressed as a server sends them: gzip -9, or as
  stored for Pagefind's files, which are compressed already), and the time from the last key to
  the results shown (keys typed 90 ms apart, a quick typist; the time from the click, typing
  included, is printed too);
- the time of a second query in the same page (engine loaded), from its last key to its results.

Each query runs in three fresh pages; medians are printed.

Targets at national scale: nothing before use, ≤ 150 KB compressed for a typical first query,
results in < 300 ms. It measures whatever search the site has, so a site built before the
Pagefind search (Material's lunr search, ``--site``) gives the comparison. Without ``--site``,
the repository's site is built in a temporary folder; ``make bench`` runs ``rows`` on the
national synthetic site.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from bench.finder import CHROMIUM, CHROMIUM_ARGS, build_site, gz, served
from bench.run import report

KEY_DELAY = 90  # ms between keys: a quick typist
REPEAT = 3      # fresh pages per query: the median time is reported (shared machines are noisy)
QUERIES = ["diabète", "Toulouse", "CPTS", "soins non programmés", "acces"]
TARGET_KB, TARGET_MS = 150, 300
SEARCH_PATHS = ("/pagefind/", "/search/", "/assets/javascripts/workers/")

# Armed by a pointer press in the search box; stamps the time once results for ``query`` are in
# the DOM and laid out (the portal's box names the query it shows; Material's shows items).
PROBE = """query => { window.__searchTime = new Promise(resolve => {
  const input = document.querySelector('.md-search__input');
  const output = document.querySelector('.md-search-result');
  const box = document.querySelector('[data-portail-recherche]');
  let t0 = null, last = null;
  const done = () => box ? box.getAttribute('data-portail-recherche') === query
                         : output.querySelector('.md-search-result__item') !== null;
  const arm = () => { if (t0 === null) t0 = performance.now(); last = performance.now(); };
  input.addEventListener('pointerdown', arm, true);
  input.addEventListener('keydown', arm, true);
  const observer = new MutationObserver(() => {
    if (t0 === null || !done()) return;
    output.getBoundingClientRect();
    observer.disconnect();
    const now = performance.now();
    resolve({click: now - t0, key: now - last});
  });
  observer.observe(box || output, {childList: true, subtree: true, attributes: true});
}); }"""


def compressed(site: Path, url: str) -> int:
    """Bytes on the wire for a file of the site: gzip -9, unless the file does not shrink."""
    path = site / urlparse(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return 0
    data = path.read_bytes()
    return min(len(data), gz(data))


def is_search(url: str) -> bool:
    return urlparse(url).path.startswith(SEARCH_PATHS)


def open_page(browser, base: str, path: str):
    page = browser.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    return page, requests


def timed_query(page, query: str, click: bool) -> float:
    page.evaluate(PROBE, query)
    if click:
        page.click(".md-search__input")
    else:
        page.fill(".md-search__input", "")
    page.keyboard.type(query, delay=KEY_DELAY)
    elapsed = page.evaluate("window.__searchTime")
    page.wait_for_load_state("networkidle")  # fragments of the first results, if any still come
    return elapsed


def measure(site: Path, queries: list[str] = QUERIES, path: str = "/") -> dict:
    from playwright.sync_api import sync_playwright

    site = Path(site)
    out: dict = {"queries": {}}
    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page, requests = open_page(browser, base, path)
        out["before"] = sum(compressed(site, u) for u in requests if is_search(u))
        out["before_files"] = [urlparse(u).path for u in requests if is_search(u)]
        page.close()
        for query in queries:
            runs = []
            for _ in range(REPEAT):
                page, requests = open_page(browser, base, path)
                start = len(requests)
                elapsed = timed_query(page, query, click=True)
                fetched = [u for u in requests[start:] if is_search(u)]
                count = page.inner_text(".md-search-result__meta").strip()
                warm = timed_query(page, queries[0] if query != queries[0] else queries[-1], click=False)
                runs.append({"ms": elapsed["key"], "click_ms": elapsed["click"], "meta": count,
                             "bytes": sum(compressed(site, u) for u in fetched), "files": len(fetched),
                             "warm_ms": warm["key"]})
                page.close()
            out["queries"][query] = {key: statistics.median(r[key] for r in runs) if key != "meta" else runs[0][key]
                                     for key in runs[0]}
        browser.close()
    return out


def rows(site: Path) -> list[tuple[str, str]]:
    """The report's lines (also used by ``bench.run`` at national scale)."""
    data = measure(site)
    bundle = Path(site) / "pagefind"
    result = []
    if bundle.is_dir():
        chunks = sorted((bundle / "index").glob("*.pf_index"), key=lambda f: f.stat().st_size)
        fragments = list((bundle / "fragment").glob("*"))
        total = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
        result.append(("index Pagefind", f"{total / 1e6:.1f} Mo en tout : {len(chunks)} morceaux d'index "
                                         f"(le plus gros {chunks[-1].stat().st_size / 1e3:.0f} Ko), {len(fragments)} fragments de pages"))
    result.append(("avant toute interaction", f"{data['before'] / 1e3:.1f} Ko de recherche téléchargés "
                                              f"({len(data['before_files'])} fichiers ; cible : 0)"))
    for query, q in data["queries"].items():
        ok = "✓" if q["bytes"] <= TARGET_KB * 1000 and q["ms"] < TARGET_MS else "✗"
        result.append((f"« {query} », premier usage", f"{q['bytes'] / 1e3:.0f} Ko compressés en {q['files']} fichiers, "
                                                        f"résultats {q['ms']:.0f} ms après la dernière touche {ok} "
                                                        f"({q['click_ms']:.0f} ms après le clic, frappe comprise ; {q['meta']}) ; "
                                                        f"requête suivante {q['warm_ms']:.0f} ms"))
    firsts = [q["bytes"] for q in data["queries"].values()]
    times = [q["ms"] for q in data["queries"].values()]
    result.append(("premier usage (médiane)", f"{statistics.median(firsts) / 1e3:.0f} Ko (cible ≤ {TARGET_KB} Ko), "
                                              f"{statistics.median(times):.0f} ms (cible < {TARGET_MS} ms)"))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon, construction dans un dossier temporaire)")
    args = parser.parse_args(argv)

    def show(site: Path) -> None:
        report(f"Recherche du site ({site})", rows(site))

    if args.site:
        show(args.site)
        return 0
    with tempfile.TemporaryDirectory(prefix="portail-bench-recherche-") as tmp:
        show(build_site(Path(tmp) / "site"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
