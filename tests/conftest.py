"""Shared test fixtures: throw-away projects, one real build of the site, a local server, Chromium.

Synthetic records written here exist only for tests; the published data is in ``data/``.
"""
from __future__ import annotations

import functools
import re
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _tile_host() -> "re.Pattern[str]":
    """The configured tile server (mkdocs.yml extra.portail.tuiles_url), as a URL pattern."""
    import yaml

    url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["portail"]["tuiles_url"]
    host = re.sub(r"^https?://", "", url).split("/")[0].replace("{s}.", "")
    return re.compile(r"^https?://([a-z0-9-]+\.)?" + re.escape(host) + "/")


TILE_HOST = _tile_host()
# A valid 1×1 transparent PNG.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360606060"
    "000000050001a5f645400000000049454e44ae426082")

# A minimal valid CPTS record (synthetic, for tests only).
VALID_CPTS = """\
slug: {slug}
nom: CPTS de test {slug}
statut: aci-signe
etapes:
  aci-signe: "2021-06"
taille: 2
region: "76"
departements: ["46"]
siege: "46042"
territoire:
  precision: partiel
  communes: ["46042"]
  note: Territoire de test.
missions: [prevention]
sources:
  - document: tour-de-france-2023
    lignes: "136"
mise_a_jour: "2026-11-23"
"""


SYNTHETIC_CPTS = """\
slug: {slug}
nom: CPTS de test {slug}
statut: {statut}
region: "{region}"
departements: ["{dep}"]
territoire:
  precision: {precision}
  communes: {communes}
  note: Territoire de test.
missions: [prevention, acces-medecin-traitant]
sources:
  - document: tour-de-france-2023
    lignes: "136"
mise_a_jour: "{date}"
"""


def cpts_record(slug: str, communes: list[str], statut: str = "aci-signe", region: str = "76", dep: str = "46",
                precision: str = "partiel", date: str = "2026-11-23") -> str:
    """A synthetic CPTS file (tests only) covering ``communes``."""
    import json

    return SYNTHETIC_CPTS.format(slug=slug, statut=statut, region=region, dep=dep, precision=precision,
                                 communes=json.dumps(communes), date=date)


def make_project(tmp_path: Path, cpts: dict[str, str] | None = None, with_real_data: bool = False) -> Path:
    """A project folder with the real referentials and reference data and the given CPTS files."""
    root = tmp_path / "projet"
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "referentiels", root / "data" / "referentiels")
    (root / "data" / "reference").symlink_to(ROOT / "data" / "reference")
    (root / "data" / "cpts").mkdir()
    if with_real_data:
        for folder in ("cpts", "actions", "observatoire"):
            if (ROOT / "data" / folder).exists():
                shutil.rmtree(root / "data" / folder, ignore_errors=True)
                shutil.copytree(ROOT / "data" / folder, root / "data" / folder)
    for name, text in (cpts or {}).items():
        path = root / "data" / "cpts" / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def copy_site_project(tmp_path: Path) -> Path:
    """A full copy of the repository's site sources (no venv, no built site) to build elsewhere."""
    dest = tmp_path / "site-projet"
    ignore = shutil.ignore_patterns(".venv", "site", ".site-*", ".git", ".cache", "__pycache__", ".pytest_cache", "bench")
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    return dest


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True, env=env, timeout=900,
    )


def differing_files(left: Path, right: Path) -> list[str]:
    """Site-relative paths present in only one of two built sites, or with different bytes."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted(n for n in names
                  if not (left / n).is_file() or not (right / n).is_file()
                  or (left / n).read_bytes() != (right / n).read_bytes())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's site, built once per test session with ``mkdocs build --strict``."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site served on 127.0.0.1 (a free port) for the browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : make test l'installe (paquet Debian chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records console errors and refuses every request not to 127.0.0.1."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.console_errors = []
    page.outside_requests = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

    page.tile_requests = []

    def guard(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        elif TILE_HOST.search(url):
            # Map tiles are the one allowed outside request: answered here with a blank tile,
            # so nothing leaves the machine and the page logs no network error.
            page.tile_requests.append(url)
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            page.outside_requests.append(url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()
