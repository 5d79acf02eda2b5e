"""The finder's own JavaScript (docs/assets/js/finder.js) on the real index, in Chromium.

Name folding and ranking live in the browser (names are not stored folded in the index), so they
are tested where they run: the script is loaded into a blank page and its pure functions
(``PortailFinder.decode``, ``words``, ``search``) are called directly; no site build is needed.
Expected INSEE codes are read from data/reference/communes.csv (e.g. 42218 Saint-Étienne,
2B134 L'Île-Rousse, 36044 Châteauroux, 75119 Paris 19e Arrondissement, 2B033 Bastia,
83115 Sainte-Maxime, 55502 Stenay; Arbignieu is a former commune of 01015 Arboys en Bugey).
"""
from __future__ import annotations

import json

import pytest

from macros.geo import finder
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SCRIPT = ROOT / "docs" / "assets" / "js" / "finder.js"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def js(browser, catalogue):
    """A blank page with finder.js loaded and the real index decoded into ``window.model``."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content("<!doctype html><html lang='fr'><head><meta charset='utf-8'></head><body></body></html>")
    page.add_script_tag(path=str(SCRIPT))
    index = json.loads(finder.index_bytes(catalogue))
    page.evaluate("(index) => { window.model = PortailFinder.decode(index); }", index)
    yield page
    assert errors == []
    context.close()


def first_codes(js, query, n=1):
    return js.evaluate("([q, n]) => PortailFinder.search(window.model, q).matches.slice(0, n).map(p => p.code)", [query, n])


@pytest.mark.parametrize("typed, words", [
    ("L'Île-Rousse", ["l", "ile", "rousse"]),
    ("L’ÎLE  rousse", ["l", "ile", "rousse"]),
    ("Saint-Étienne", ["saint", "etienne"]),
    ("Paris 19e Arrondissement", ["paris", "19", "arrondissement"]),
    ("paris 19ème", ["paris", "19"]),
    ("Lyon 1er", ["lyon", "1"]),
    ("Œuilly", ["oeuilly"]),
    ("Sainte-Marie-aux-Mines", ["sainte", "marie", "aux", "mines"]),
])
def test_words(js, typed, words):
    assert js.evaluate("(t) => PortailFinder.words(t)", typed) == words


@pytest.mark.parametrize("typed, code", [
    ("saint etienne", "42218"),
    ("St-Étienne", "42218"),
    ("ST ETIENNE", "42218"),
    ("st étienne", "42218"),
    ("l'île-rousse", "2B134"),
    ("ile rousse", "2B134"),
    ("L’Ile Rousse", "2B134"),
    ("chateauroux", "36044"),
    ("CHÂTEAUROUX", "36044"),
    ("Châteaur", "36044"),
    ("paris 19", "75119"),
    ("Paris 19ème", "75119"),
    ("paris 19e arr", "75119"),
    ("75019", "75119"),
    ("75119", "75119"),
    ("2B033", "2B033"),
    ("2b033", "2B033"),
    ("Ste-Maxime", "83115"),
    ("ste maxime", "83115"),
    ("sten", "55502"),
    ("36 000", "36044"),
    ("85300", "85047"),
])
def test_first_suggestion(js, typed, code):
    assert first_codes(js, typed) == [code]


def test_former_commune_points_to_its_current_commune(js):
    found = js.evaluate("PortailFinder.search(window.model, 'Arbignieu').matches[0]")
    assert (found["nom"], found["kind"], found["parent"]) == ("Arbignieu", "ancienne", "01015")
    assert js.evaluate("window.model.byCode['01015'].nom") == "Arboys en Bugey"


def test_paris_lists_the_city_then_every_arrondissement(js):
    codes = first_codes(js, "Paris", 25)
    assert codes[0] == "75056"
    assert codes[1:21] == [f"751{i:02d}" for i in range(1, 21)]


def test_homonyms_are_all_offered(js):
    # Six communes are named exactly "Sainte-Colombe" (communes.csv): all come first.
    homonyms = js.evaluate("""() => PortailFinder.search(window.model, 'sainte colombe').matches
        .filter(p => p.nom === 'Sainte-Colombe' && p.kind === 'commune').map(p => p.dep)""")
    assert len(homonyms) == len(set(homonyms)) >= 2


def test_code_prefix_matches_postal_or_insee_codes(js):
    found = js.evaluate("PortailFinder.search(window.model, '8530').matches.map(p => [p.code, p.postaux])")
    assert found and all(code.startswith("8530") or any(p.startswith("8530") for p in postaux) for code, postaux in found)
    # Postal codes first: that is what people type.
    assert any(p.startswith("8530") for p in found[0][1])


def test_nothing_for_gibberish(js):
    assert js.evaluate("PortailFinder.search(window.model, 'zzqxw').total") == 0
    assert js.evaluate("PortailFinder.search(window.model, '  - ').total") == 0


def test_browser_decoder_agrees_with_the_builder(js, catalogue):
    decoded = js.evaluate("""() => window.model.places.map(p =>
        [p.code, p.nom, p.kind, p.parent, p.postaux, p.cpts, p.nearest, p.km, p.rank])""")
    expected = [[p.code, p.nom, p.kind, p.parent, list(p.postaux), list(p.cpts), p.nearest, p.km, p.rank]
                for p in finder.places(catalogue)]
    assert sorted(decoded, key=_key) == sorted(expected, key=_key)


def _key(row):
    return (row[0], row[2], row[1])
