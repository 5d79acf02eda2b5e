"""The second process of the build: results come back whole, failures come back as messages."""
from __future__ import annotations

import pytest

from macros import deferred, generated


@pytest.fixture
def forking(monkeypatch):
    monkeypatch.setattr(deferred, "DEFERRED_PROVIDERS", [])
    monkeypatch.setitem(deferred.SETTINGS, "fork", True)
    for store in (generated.BODIES, generated.LAZY, generated.TITLES):
        store.clear()
    generated.SUPPLIERS.clear()
    yield
    generated.SUPPLIERS.clear()


def test_bodies_files_and_search_entries_come_back_from_the_child(forking, tmp_path):
    source = generated.markdown_page({"title": "Fiche &amp; test"}, lambda: '<h2 id="a">Accès</h2><p>Texte « é »</p>', key="x/y.md")
    token = generated.token_of(source)
    deferred.register(lambda catalogue, config: {"cartes/test.html": "<p>carte</p>", "donnees/test.json": b"{}"})
    job = deferred.start(None, None, [("x/y/", "Fiche &amp; test", token)])
    assert job.process is not None, "the work must run in a second process when forking is allowed"
    assert generated.body(token) == '<h2 id="a">Accès</h2><p>Texte « é »</p>'
    entries = deferred.finish(job, tmp_path)
    assert (tmp_path / "cartes" / "test.html").read_text(encoding="utf-8") == "<p>carte</p>"
    assert (tmp_path / "donnees" / "test.json").read_bytes() == b"{}"
    assert [e["location"] for e in entries["x/y/"]] == ["x/y/", "x/y/#a"]
    assert entries["x/y/"][1]["title"] == "Accès" and "acces" in entries["x/y/"][1]["text"]


def test_a_failing_page_body_is_reported_not_lost(forking, tmp_path):
    def broken() -> str:
        raise ValueError("gabarit cassé")

    token = generated.token_of(generated.markdown_page({"title": "t"}, broken, key="z.md"))
    job = deferred.start(None, None, [])
    with pytest.raises(RuntimeError, match="gabarit cassé"):
        generated.body(token)
    with pytest.raises(RuntimeError, match="gabarit cassé"):
        deferred.finish(job, tmp_path)


def test_a_failing_map_is_reported_not_lost(forking, tmp_path):
    def broken(catalogue, config):
        raise RuntimeError("carte : adresse externe inattendue")

    deferred.register(broken)
    job = deferred.start(None, None, [])
    with pytest.raises(RuntimeError, match="adresse externe inattendue"):
        deferred.finish(job, tmp_path)
    assert list(tmp_path.iterdir()) == [], "nothing is written when the work failed"
