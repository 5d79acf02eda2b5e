"""``make audit``: Lighthouse (mobile) on one page of each kind that matters, served gzipped on 127.0.0.1.

Not part of ``make test``. Serves a built site (``site/`` by default) compressed like a real web
server would (gzip for text types), runs the pinned npm ``lighthouse`` (package.json) with Debian's
Chromium (``CHROME_PATH``, default /usr/bin/chromium) and prints the four scores of each page:
performance, accessibility, best practices, SEO (0–100). Map tiles (the only third-party requests)
are blocked, so scores do not depend on the tile server. Reports are kept with ``--rapports DIR``.

    python -m bench.lighthouse [SITE] [--pages home,cpts,...] [--rapports DIR]
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".atom", ".geojson", ".csv", ".txt", ".ics")


def pages(site: Path) -> dict[str, str]:
    """Label → URL path: the home page, the heaviest CPTS page, the finder, the directory, the map,
    a map document opened alone (« Ouvrir la carte seule »), an action, the barometer."""
    def heaviest(pattern: str, exclude: str = "") -> str:
        found = [p for p in site.glob(pattern) if not exclude or exclude not in p.as_posix()]
        if not found:
            return ""
        best = max(found, key=lambda p: (p.stat().st_size, p.as_posix()))
        return best.parent.relative_to(site).as_posix() + "/"

    return {
        "accueil": "",
        "fiche-cpts": heaviest("cpts/*/index.html"),
        "trouver-ma-cpts": "trouver-ma-cpts/",
        "annuaire": "annuaire/",
        "carte": "carte/",
        "document-carte": "cartes/france.html",
        "fiche-action": heaviest("actions/*/index.html", "actions/mission/"),
        "barometre": "observatoire/barometre-2024/",
    }


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as a production server would)."""

    def log_message(self, *args):  # quiet
        pass

    def send_head(self):  # noqa: ANN201 - http.server's signature
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if not self.path.split("?")[0].endswith("/") and path.name == "index.html" and not self.path.endswith(".html"):
            return super().send_head()  # the directory redirect
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_lighthouse(url: str, output: Path) -> dict[str, int]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
               "--only-categories=" + ",".join(CATEGORIES), "--form-factor=mobile",
               "--chrome-flags=--headless --no-sandbox --disable-gpu",
               "--blocked-url-patterns=*tile.openstreetmap*"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not output.exists():
        raise RuntimeError(f"Lighthouse a échoué sur {url} :\n{result.stderr[-2000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def failing_audits(report_path: Path, limit: int = 6) -> list[str]:
    report = json.loads(report_path.read_text(encoding="utf-8"))
    out = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                out.append(f"{category}:{ref['id']} ({audit.get('displayValue') or audit['score']})")
    return out[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--pages", default="", help="étiquettes séparées par des virgules (toutes par défaut)")
    parser.add_argument("--rapports", default="", help="dossier où garder les rapports JSON")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").exists():
        print(f"Site introuvable dans {site} : lancez d'abord make build.", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.exists():
        print("Lighthouse n'est pas installé : make npm-tools.", file=sys.stderr)
        return 2
    chosen = pages(site)
    if args.pages:
        chosen = {k: v for k, v in chosen.items() if k in args.pages.split(",")}
    reports = Path(args.rapports) if args.rapports else Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    print(f"{'page':<16} {'perf.':>5} {'access.':>7} {'pratiques':>9} {'SEO':>4}  adresse")
    worst = 100
    try:
        for label, path in chosen.items():
            output = reports / f"{label}.json"
            scores = run_lighthouse(f"{base}/{path}", output)
            worst = min(worst, *scores.values())
            print(f"{label:<16} {scores['performance']:>5} {scores['accessibility']:>7} {scores['best-practices']:>9} "
                  f"{scores['seo']:>4}  /{path}", flush=True)
            for line in failing_audits(output):
                print(f"{'':<16}   à revoir : {line}")
    finally:
        server.shutdown()
    print(f"Rapports JSON : {reports}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
