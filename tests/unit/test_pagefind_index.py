"""Pagefind, fed the pages by its service protocol (macros/build/pagefind_index.py), on a tiny site of three pages."""
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


# A stand-in for ``pagefind --service`` that speaks its protocol (base64 JSON messages ended by a
# comma) and fails as told by the pages' addresses: « cassee » is refused, « panique » makes it
# die on the bundle, as a Rust panic would.
FAKE_SERVICE = r'''#!{python}
import base64, json, os, sys
def answer(message_id, payload):
    sys.stdout.write(base64.b64encode(json.dumps({{"message_id": message_id, "payload": payload}}).encode()).decode() + ",")
    sys.stdout.flush()
buffer, urls = b"", []
while True:
    chunk = os.read(0, 65536)
    if not chunk:
        break
    buffer += chunk
    *messages, buffer = buffer.split(b",")
    for raw in messages:
        message = json.loads(base64.b64decode(raw))
        payload, message_id = message["payload"], message["message_id"]
        if payload["type"] == "NewIndex":
            answer(message_id, {{"type": "NewIndex", "index_id": 0}})
        elif payload["type"] == "AddFile":
            urls.append(payload["url"])
            if "cassee" in payload["url"]:
                answer(message_id, {{"type": "Error", "message": "Failed to add file"}})
            else:
                answer(message_id, {{"type": "IndexedFile", "page_word_count": 1, "page_url": payload["url"], "page_meta": {{}}}})
        elif payload["type"] == "GetFiles":
            if any("panique" in url for url in urls):
                sys.stderr.write("thread 'main' panicked at pagefind/src/fossick/mod.rs: index out of bounds\n")
                sys.exit(101)
            answer(message_id, {{"type": "GetFiles", "files": [{{"path": "pagefind.js", "content": ""}}]}})
'''


@pytest.fixture
def fake_service(tmp_path, monkeypatch):
    import sys

    script = tmp_path / "pagefind-factice"
    script.write_text(FAKE_SERVICE.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(pagefind_index, "executable", lambda: str(script))
    return script


def test_the_fake_service_writes_a_bundle(tmp_path, fake_service):
    """The stand-in answers as Pagefind does: the two tests below fail for the reason they name."""
    pagefind_index.index_pages([("/", PAGE.format(title="Accueil", text="ok"))], tmp_path).wait()
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()


def test_a_page_pagefind_refuses_is_named(tmp_path, fake_service):
    pages = [("/", PAGE.format(title="Accueil", text="ok")), ("/cpts/cassee/", PAGE.format(title="X", text="y"))]
    with pytest.raises(BuildFailure, match=r"n'a pas pu lire 1 page\(s\) : /cpts/cassee/"):
        pagefind_index.index_pages(pages, tmp_path).wait()


def test_pagefind_dying_midway_is_said_with_its_last_words(tmp_path, fake_service):
    pages = [("/", PAGE.format(title="Accueil", text="ok")), ("/panique/", PAGE.format(title="X", text="y"))]
    with pytest.raises(BuildFailure, match=r"^l'index de recherche \(Pagefind\) n'a pas pu être construit : "
                                           r"thread 'main' panicked at .*index out of bounds"):
        pagefind_index.index_pages(pages, tmp_path).wait()


def test_a_stopped_index_raises_instead_of_waiting(tmp_path, fake_service):
    indexing = pagefind_index.index_pages([("/", PAGE.format(title="Accueil", text="ok"))], tmp_path)
    indexing.stop()
    with pytest.raises(BuildFailure, match="arrêté"):
        indexing.wait()
