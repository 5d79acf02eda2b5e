"""Pagefind's run after the build (macros/build/pagefind_index.py), on a tiny site of three pages."""
from __future__ import annotations

import builtins
import filecmp
import json
import shutil
from pathlib import Path

import pytest

from macros.build import pagefind_index
from macros.core.errors import BuildFailure

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head><body>
<nav>Menu du site</nav>
<article class="md-content__inner md-typeset"><h1>{title}</h1><p>{text}</p>
<p data-search-exclude>motexclu</p><span hidden data-pagefind-meta="type:Fiche CPTS"></span></article>
</body></html>"""


def tiny_site(root: Path) -> Path:
    pages = {
        "index.html": ("Accueil", "L'accès aux soins d’une CPTS."),
        "cpts/a/index.html": ("CPTS A", "Diabète et prévention."),
        "404.html": ("Page introuvable", "Rien ici."),
    }
    for rel, (title, text) in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    return root


def test_indexes_the_pages_and_keeps_only_what_the_box_uses(tmp_path):
    site = tiny_site(tmp_path / "site")
    pagefind_index.index_site(site)
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == 2, "404.html n'est pas indexée"
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.fr.pagefind").is_file()
    assert not [name for name in pagefind_index.UNUSED if (bundle / name).exists()]


def test_same_site_same_bytes(tmp_path):
    first, second = tiny_site(tmp_path / "a"), tiny_site(tmp_path / "b")
    pagefind_index.index_site(first)
    pagefind_index.index_site(second)
    comparison = filecmp.dircmp(first / "pagefind", second / "pagefind")
    assert not comparison.left_only and not comparison.right_only
    for path in (first / "pagefind").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (second / "pagefind" / path.relative_to(first / "pagefind")).read_bytes(), path


def test_a_second_run_replaces_the_bundle(tmp_path):
    site = tiny_site(tmp_path / "site")
    pagefind_index.index_site(site)
    stale = site / "pagefind" / "index" / "fr_ancien.pf_index"
    stale.write_bytes(b"")
    pagefind_index.index_site(site)
    assert not stale.exists()


def test_a_failure_is_reported_in_french(tmp_path, monkeypatch):
    site = tiny_site(tmp_path / "site")
    monkeypatch.setattr(pagefind_index, "executable", lambda: shutil.which("false"))
    with pytest.raises(BuildFailure, match=r"^l'index de recherche \(Pagefind\) n'a pas pu être construit"):
        pagefind_index.index_site(site)


def test_a_missing_engine_says_how_to_install_it(monkeypatch):
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "pagefind_bin":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(BuildFailure, match="make install"):
        pagefind_index.executable()


def test_only_the_content_is_indexed(tmp_path):
    """The article only (no menu), without Material's excluded elements (data-search-exclude)."""
    import gzip

    site = tiny_site(tmp_path / "site")
    pagefind_index.index_site(site)
    words = b"".join(gzip.decompress(chunk.read_bytes()) for chunk in (site / "pagefind" / "index").iterdir())
    assert b"prevention" in words or "prévention".encode() in words or b"prevent" in words
    assert b"motexclu" not in words
    assert b"menu" not in words
