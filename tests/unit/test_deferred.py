"""The second process of the build: results come back whole, failures come back as messages."""
from __future__ import annotations

import pytest

from macros.build import deferred, generated
from macros.core.errors import BuildFailure
from macros.render.pages import markdown_page


class Catalogue:
    """Stands in for the catalogue: only its features' deferred providers are read."""

    def __init__(self) -> None:
        self.deferred: list = []

    def collect(self, kind: str) -> list:
        return self.deferred if kind == "deferred" else []


@pytest.fixture
def forking(monkeypatch):
    monkeypatch.setitem(deferred.SETTINGS, "fork", True)
    return monkeypatch


def page(monkeypatch, body) -> tuple[str, generated.PageBodies]:
    """One generated page, listed the same way in the child and in the parent."""
    bodies = generated.PageBodies()
    source = bodies.markdown(markdown_page({"title": "Fiche &amp; test"}, body, key="x/y.md"))
    token = bodies.token_of(source)

    def all_files(catalogue, config, store):
        store.markdown(markdown_page({"title": "Fiche &amp; test"}, body, key="x/y.md"))
        return {"x/y.md": source}
    monkeypatch.setattr(generated, "all_files", all_files)
    return token, bodies


def test_bodies_and_files_come_back_from_the_child(forking, tmp_path):
    token, bodies = page(forking, lambda: '<h2 id="a">Accès</h2><p>Texte « é »</p>')
    catalogue = Catalogue()
    catalogue.deferred.append(lambda catalogue, config: {"cartes/test.html": "<p>carte</p>", "donnees/test.json": b"{}"})
    job = deferred.start(catalogue, {"site_dir": str(tmp_path)}, bodies)
    assert job.process is not None, "the work must run in a second process when forking is allowed"
    job.site_ready()
    assert bodies.body(token) == '<h2 id="a">Accès</h2><p>Texte « é »</p>'
    deferred.finish(job)
    assert (tmp_path / "cartes" / "test.html").read_text(encoding="utf-8") == "<p>carte</p>"
    assert (tmp_path / "donnees" / "test.json").read_bytes() == b"{}"


def test_the_child_writes_nothing_before_the_site_directory_is_ready(forking, tmp_path):
    token, bodies = page(forking, lambda: "<p>x</p>")
    catalogue = Catalogue()
    catalogue.deferred.append(lambda catalogue, config: {"cartes/test.html": "<p>carte</p>"})
    job = deferred.start(catalogue, {"site_dir": str(tmp_path)}, bodies)
    job.process.join(timeout=3)
    assert job.process.is_alive(), "the child waits for site_ready"
    assert not (tmp_path / "cartes").exists()
    job.site_ready()
    deferred.finish(job)
    assert (tmp_path / "cartes" / "test.html").exists()


def test_a_failing_page_body_is_reported_not_lost(forking, tmp_path):
    def broken() -> str:
        raise ValueError("gabarit cassé")

    token, bodies = page(forking, broken)
    job = deferred.start(Catalogue(), {"site_dir": str(tmp_path)}, bodies)
    job.site_ready()
    with pytest.raises(BuildFailure, match="la page « x/y/ ».*gabarit cassé"):
        bodies.body(token)
    with pytest.raises(BuildFailure, match="gabarit cassé"):
        deferred.finish(job)


def test_a_failing_map_is_reported_not_lost(forking, tmp_path):
    def broken(catalogue, config):
        raise RuntimeError("carte : adresse externe inattendue")

    token, bodies = page(forking, lambda: "<p>x</p>")
    catalogue = Catalogue()
    catalogue.deferred.append(broken)
    job = deferred.start(catalogue, {"site_dir": str(tmp_path)}, bodies)
    job.site_ready()
    with pytest.raises(BuildFailure, match="adresse externe inattendue"):
        deferred.finish(job)
    assert list(tmp_path.iterdir()) == [], "nothing is written when the work failed"
