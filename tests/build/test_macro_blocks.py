"""Blocks of HTML that macros put in hand-written pages skip Markdown and stay where they are called.

``build.page_refs.GuardedEnv`` hands a macro's block result to ``PageBodies.raw_block``: a token
goes through Markdown in its place and the block comes back after it. Checked on a page written
the way staff write them: a block in an admonition, blocks one under the other, blocks inside
raw HTML, and links to anchors that only exist inside a block (MkDocs still checks them).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, copy_site_project, mkdocs_build

FIRST_QUESTION = sorted(p.stem for p in (ROOT / "data" / "faq").glob("*.yml"))[0]

PAGE = f"""---
render_macros: true
---
# Essai des blocs

Voir [la question](faq/index.md#{FIRST_QUESTION}).

!!! note "Dans un encadré"

    {{{{ chiffre_cle("barometre-2024/repondants") }}}}

{{{{ chiffre_cle("barometre-2024/participation-cpts") }}}}
{{{{ chiffre_cle("barometre-2024/participation-aci") }}}}

<div class="enveloppe">
{{{{ chiffre_cle("barometre-2024/repondants") }}}}
</div>

Fin de la page.
"""


def build(tmp_path, page: str) -> tuple[subprocess.CompletedProcess, Path]:
    project = copy_site_project(tmp_path)
    (project / "docs" / "essai-blocs.md").write_text(page, encoding="utf-8")
    return mkdocs_build(project, project / "site"), project / "site"


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    # Strict (mkdocs.yml): the link to the anchor of a question, inside the FAQ's block, is known.
    result, site = build(tmp_path_factory.mktemp("blocs"), PAGE)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "essai-blocs" / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


def test_blocks_land_where_they_are_called(article):
    assert "PORTAILCORPS" not in str(article)
    figures = article.select(".observatoire-chiffre")
    assert len(figures) == 4
    assert article.select_one(".admonition .observatoire-chiffre") is not None, "le bloc reste dans l'encadré"
    assert len(article.select(".enveloppe > .observatoire-chiffre")) == 1
    # Blocks one under the other are not wrapped in a paragraph (a <div> inside <p> is invalid).
    assert all(figure.find_parent("p") is None for figure in figures)
    assert article.find_all("p")[-1].get_text() == "Fin de la page."


def test_a_link_to_an_absent_anchor_still_fails(tmp_path):
    page = PAGE.replace(f"#{FIRST_QUESTION})", "#ancre-absente)")
    result, _ = build(tmp_path, page)
    assert result.returncode != 0
    assert "ancre-absente" in result.stdout + result.stderr
