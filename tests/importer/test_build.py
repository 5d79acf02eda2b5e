"""A real ``mkdocs build`` after an import publishes the imported CPTS (directory, finder, page, sources)."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from tests.conftest import copy_site_project, mkdocs_build
from tests.importer.conftest import FIXTURES, run
from tests.importer.synthetic_listings import write_xlsx

pytestmark = pytest.mark.build


def cpts_page(site, slug: str) -> BeautifulSoup:
    return BeautifulSoup((site / "cpts" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_imported_cpts_are_published(tmp_path):
    project = copy_site_project(tmp_path)
    assert run(project, FIXTURES / "liste-cp1252.csv", "--ecrire") == 0
    # A population cited from a listing, and a record with only a website among its contacts.
    assert run(project, write_xlsx(tmp_path / "liste-ars.xlsx"), "--feuille", "CPTS", "--ecrire") == 0
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr

    directory = {row["slug"]: row for row in json.loads((site / "donnees" / "cpts.json").read_text(encoding="utf-8"))}
    assert directory["cpts-fictive-du-littoral-varois"]["nombre_communes"] == 4
    assert directory["cpts-fictive-du-littoral-varois"]["statut_libelle"] == "ACI signé"
    assert directory["cpts-fictive-nice-collines"]["precision_territoire"] == "exact"
    assert "cpts-paris-19" in directory  # the records already there are still published

    finder = json.loads((site / "donnees" / "finder-index.json").read_text(encoding="utf-8"))
    assert {"cpts-fictive-du-littoral-varois", "cpts-fictive-des-monts-du-forez", "cpts-fictive-nice-collines"} <= {
        *finder["cpts"]["slug"]}

    page = cpts_page(site, "cpts-fictive-du-littoral-varois")
    sources = page.find(id="sources").find_next("ul").get_text(" ", strip=True)
    assert "Liste importée « liste-cp1252.csv » — l. 2–5, importée le 6 décembre 2026" in sources
    assert "La Garde" in page.get_text()
    contacts = page.find(id="contacts").find_next("ul").get_text(" ", strip=True)
    assert "Site web : https://www.cpts-fictive-littoral.example.org" in contacts
    balagne = cpts_page(site, "cpts-fictive-de-balagne-haute")
    assert "15 000 habitants (6 décembre 2026, selon Liste importée « liste-ars.xlsx » — feuille « CPTS », l. 4–6" in \
        " ".join(balagne.get_text(" ").split()).replace("\u202f", " ")
    assert (site / "donnees" / "cpts" / "cpts-fictive-du-littoral-varois.yml").is_file()
