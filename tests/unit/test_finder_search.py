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
        [p.code, p.nom, p.kind, p.parent, p.postaux, p.cpts, p.nearest, p.km, p.rank, p.main])""")
    expected = [[p.code, p.nom, p.kind, p.parent, list(p.postaux), list(p.cpts), p.nearest, p.km, p.rank, p.main]
                for p in finder.places(catalogue)]
    assert sorted(decoded, key=_key) == sorted(expected, key=_key)


def _key(row):
    return (row[0], row[2], row[1])


# --- a name with a postal code or a département, as people type them ---------------------------
# Codes from data/reference/communes.csv: 2A004 Ajaccio (20000), 97411 Saint-Denis (974, 97400),
# 93066 Saint-Denis (93, 93200), 75115 Paris 15e (75015), 97228 Sainte-Marie (972), 79292
# Sainte-Radegonde (former commune, Deux-Sèvres).

@pytest.mark.parametrize("typed, code", [
    ("20000 Ajaccio", "2A004"),
    ("ajaccio 20000", "2A004"),
    ("Saint-Denis 97400", "97411"),
    ("93200 Saint-Denis", "93066"),
    ("75015 Paris", "75115"),
    ("Paris 75015", "75115"),
    ("Paris 15e (75015)", "75115"),
    ("Saint Denis 93", "93066"),
    ("Saint-Denis (974)", "97411"),
    ("Sainte-Marie 972", "97228"),
    ("Sainte-Radegonde 79", "79292"),
    ("Saint-Denis Réunion", "97411"),
    ("Ajaccio 2A", "2A004"),
    # A CEDEX code is no commune's: the département it starts with still narrows the name.
    ("86035 Poitiers cedex", "86194"),
    ("Paris Cedex 15", "75056"),
])
def test_name_with_a_code_or_a_departement(js, typed, code):
    assert first_codes(js, typed) == [code]


def test_a_number_after_a_name_is_still_an_arrondissement(js):
    # "Marseille 13": the 13e arrondissement first, then Marseille in the Bouches-du-Rhône (13).
    codes = first_codes(js, "Marseille 13", 3)
    assert codes[0] == "13213" and "13055" in codes


# --- a postal code shared by several communes: the main one first -------------------------------

@pytest.mark.parametrize("typed, code", [
    ("13100", "13001"),   # Aix-en-Provence, not Saint-Marc-Jaumegarde
    ("49000", "49007"),   # Angers, not Écouflant
    ("20200", "2B033"),   # Bastia
    ("95000", "95127"),   # Cergy
    ("83200", "83137"),   # Toulon
    ("97600", "97611"),   # Mamoudzou
    ("57050", "57463"),   # Metz
    ("59160", "59350"),   # Lille
    ("74370", "74010"),   # Annecy
    ("20167", "2A004"),   # Ajaccio
    ("42230", "42218"),   # Saint-Étienne
    ("89000", "89024"),   # Auxerre
    # The arrondissement of a postal code still comes before its city.
    ("75015", "75115"),
    ("13013", "13213"),
    ("69003", "69383"),
    ("75116", "75116"),
    # Typed without the leading zero, or with a hyphen.
    ("6000", "06088"),    # Nice (06000)
    ("1000", "01053"),    # Bourg-en-Bresse (01000)
    ("75-015", "75115"),
])
def test_shared_postal_code_lists_the_main_commune_first(js, typed, code):
    assert first_codes(js, typed) == [code]


# --- elided articles and articles the official name does not have --------------------------------

@pytest.mark.parametrize("typed, codes", [
    ("lisle jourdain", {"32160", "86112"}),
    ("lisle adam", {"95313"}),
    ("lile rousse", {"2B134"}),
    ("Lhay les roses", {"94038"}),
    ("Les Saintes-Maries-de-la-Mer", {"13096"}),
])
def test_elided_or_extra_article(js, typed, codes):
    assert set(first_codes(js, typed, len(codes))) == codes


def test_lisle_offers_both_lisle_and_l_isle(js):
    codes = first_codes(js, "lisle", 25)
    assert {"24243", "32160", "86112", "95313"} <= set(codes)


# --- one letter wrong: suggestions ---------------------------------------------------------------

@pytest.mark.parametrize("typed, code", [
    ("Besancob", "25056"),
    ("Chateauruox", "36044"),
    ("Issoudum", "36088"),
    ("Parisss", "75056"),
])
def test_misspelt_name_gets_suggestions(js, typed, code):
    result = js.evaluate("(q) => { const r = PortailFinder.search(window.model, q); return [r.suggestions, r.matches.map(p => p.code)]; }", typed)
    assert result[0] is True
    assert result[1][0] == code


def test_exact_matches_are_not_called_suggestions(js):
    assert not js.evaluate("PortailFinder.search(window.model, 'Besançon').suggestions")


# --- explicit ordinals and CEDEX -----------------------------------------------------------------

def test_an_ordinal_matches_only_that_arrondissement(js):
    found = js.evaluate("PortailFinder.search(window.model, 'Paris 1er').matches.map(p => p.code)")
    assert found == ["75101"]


@pytest.mark.parametrize("typed", ["75732", "Paris Cedex 15", "86035 Poitiers cedex"])
def test_cedex_codes_are_recognised(js, typed):
    assert js.evaluate("(q) => PortailFinder.search(window.model, q).cedex", typed) is True


def test_an_ordinary_postal_code_is_not_cedex(js):
    assert not js.evaluate("PortailFinder.search(window.model, '75015').cedex")
