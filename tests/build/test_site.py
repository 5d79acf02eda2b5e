"""A real ``mkdocs build --strict`` of the repository, checked with BeautifulSoup."""
from __future__ import annotations

import csv
import filecmp
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.catalogue import load_catalogue
from tests.conftest import ROOT, copy_site_project, mkdocs_build

pytestmark = pytest.mark.build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path):
    return sorted(p for p in site.rglob("*.html"))


def test_one_page_per_cpts_file(built_site):
    files = sorted(p.stem for p in (ROOT / "data" / "cpts").glob("*.yml"))
    pages = sorted(p.parent.name for p in (built_site / "cpts").glob("*/index.html"))
    assert pages == files
    catalogue = load_catalogue(ROOT)
    for slug in files:
        page = soup(built_site / "cpts" / slug / "index.html")
        assert page.h1.get_text(strip=True) == catalogue.cpts[slug].record.nom
        assert page.find(id="sources") is not None
        assert page.find("a", string="fichier de données (YAML)")["href"] == f"../../donnees/cpts/{slug}.yml"


def test_every_page_is_french_and_self_hosted(built_site):
    for path in html_pages(built_site):
        if "cartes" in path.parts:  # standalone map pages are checked by the map tests
            continue
        page = soup(path)
        assert page.html.get("lang") == "fr", path
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for node in page.find_all(tag):
                url = node.get(attr) or ""
                assert not re.match(r"^(https?:)?//", url), f"{path}: {tag} {url}"


def test_cpts_pages_are_not_in_the_navigation(built_site):
    home = soup(built_site / "index.html")
    nav_links = [a.get("href", "") for a in home.select("nav a")]
    assert not any("cpts/cpts-" in href for href in nav_links)


def test_directory_lists_every_cpts_with_counts(built_site):
    catalogue = load_catalogue(ROOT)
    page = soup(built_site / "annuaire" / "index.html")
    rows = page.select("table[data-annuaire-table] tbody tr")
    assert len(rows) == len(catalogue.cpts)
    assert {r.find("a")["href"] for r in rows} == {f"../cpts/{slug}/" for slug in catalogue.cpts}
    counts = page.find("caption", string=re.compile("par statut")).find_parent("table")
    total = sum(int(tr.find("td").get_text()) for tr in counts.select("tbody tr"))
    assert total == len(catalogue.cpts)
    aci = sum(1 for e in catalogue.cpts.values() if e.record.statut == "aci-signe")
    aci_row = [tr for tr in counts.select("tbody tr") if "ACI signé" in tr.get_text()][0]
    assert int(aci_row.find("td").get_text()) == aci


def test_exports_match_the_data(built_site):
    catalogue = load_catalogue(ROOT)
    rows = list(csv.DictReader(io.StringIO((built_site / "donnees" / "cpts.csv").read_text(encoding="utf-8"))))
    assert [r["slug"] for r in rows] == list(catalogue.cpts)
    data = json.loads((built_site / "donnees" / "cpts.json").read_text(encoding="utf-8"))
    assert {d["slug"]: d["nom"] for d in data} == {s: e.record.nom for s, e in catalogue.cpts.items()}


def test_material_search_indexes_nothing(built_site):
    """Visitors search with Pagefind: Material's plugin keeps the header's search box and writes
    its settings only (it used to parse every page for a 6 MB index that no page reads)."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []


def test_search_bundle_is_built(built_site):
    """The build runs Pagefind (macros/build/pagefind_index.py): its chunked index is in the site, one
    fragment per page, without Pagefind's unused interfaces; pages state their type and région."""
    bundle = built_site / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.fr.pagefind"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    pages = [p for p in built_site.rglob("index.html") if soup(p).select_one("article.md-content__inner")]
    assert entry["languages"]["fr"]["page_count"] == len(pages)
    assert len(list((bundle / "fragment").iterdir())) == len(pages)
    assert len(list((bundle / "index").iterdir())) > 1, "l'index est découpé en morceaux"
    assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()
    fiche = soup(built_site / "cpts" / "cpts-pays-de-redon" / "index.html")
    assert fiche.select_one("article [data-pagefind-meta='type:Fiche CPTS']")
    assert fiche.select_one("article [data-pagefind-meta=region]").get_text(strip=True)


def test_no_page_hands_material_its_search(built_site):
    """Material's bundle downloads the whole search index on every page when it finds a form
    named "search", and mounts its search on data-md-component="search": no page has either."""
    for path in html_pages(built_site):
        page = soup(path)
        assert page.find("form", attrs={"name": "search"}) is None, path
        assert page.find(attrs={"data-md-component": re.compile("^search")}) is None, path
    home = soup(built_site / "index.html")
    assert home.select_one("[data-portail-recherche] .md-search__input")
    assert any("recherche.js" in (s.get("src") or "") for s in home.find_all("script"))


def test_pages_state_their_sources_and_dates(built_site):
    page = soup(built_site / "cpts" / "cpts-pays-de-redon" / "index.html")
    text = page.get_text(" ", strip=True)
    assert "Tour de France des CPTS" in text and "l. 540" in text
    assert page.find("time")


def test_two_builds_are_byte_identical(built_site, tmp_path):
    again = tmp_path / "site"
    result = mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(built_site, again)

    def differences(cmp):
        found = [str(Path(cmp.left) / f) for f in cmp.diff_files + cmp.left_only + cmp.right_only]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    # dircmp compares shallowly (size, mtime): compare bytes of every file to be sure.
    assert differences(comparison) == []
    for path in built_site.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(built_site)).read_bytes(), path


def _make_build(project: Path) -> subprocess.CompletedProcess:
    venv = Path(sys.executable).parent.parent
    return subprocess.run(
        ["make", "-s", "build", f"VENV={venv}", "-o", f"{venv}/.installed"],
        cwd=project, capture_output=True, text=True, timeout=900,
    )


def test_failed_build_keeps_previous_site_and_reports_every_error(tmp_path):
    project = copy_site_project(tmp_path)
    first = _make_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    broken = project / "data" / "cpts" / "cpts-balagne.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("taille:", "taile:", 1) if "taille:" in broken.read_text(encoding="utf-8")
                      else broken.read_text(encoding="utf-8") + "champ_inconnu: 1\n", encoding="utf-8")
    (project / "data" / "cpts" / "cpts-nord-du-lot.yml").write_text("nom: a\nnom: b\n", encoding="utf-8")
    second = _make_build(project)
    output = second.stdout + second.stderr
    assert second.returncode != 0
    assert "Traceback" not in output
    assert "data/cpts/cpts-balagne.yml:" in output and "champ inconnu" in output
    assert "data/cpts/cpts-nord-du-lot.yml:2: champ « nom » en double (déjà défini ligne 1)" in output
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not (project / ".site-tmp").exists()
