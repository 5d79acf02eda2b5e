"""The finder index (macros/geo/finder.py): format round trip, size budget, nearest CPTS, coverage.

``decode_index`` below is a second, independent reading of the format described in the module
docstring of ``macros/geo/finder.py``; it exists only for these tests. The browser's own decoder
(``finder.js``) is checked against the same places in ``test_finder_search.py``.
"""
from __future__ import annotations

import gzip
import json

import pytest

from macros.geo import finder
from macros.geo.finder import Place
from macros.catalogue import build_catalogue, load_catalogue
from macros.core.reference import ANCIENNE, ARRONDISSEMENT, COMMUNE
from tests.conftest import ROOT, cpts_record, make_project

MAX_GZIPPED = 300_000


# --- an independent decoder ----------------------------------------------------------------------

def _names(column: str) -> list[str]:
    names, previous = [], ""
    for token in column.split("|") if column else []:
        previous = previous[: ord(token[0]) - 48] + token[1:]
        names.append(previous)
    return names


def _codes(column: str, dep: str, count: int) -> list[str]:
    codes, previous = [], 0
    for token in column.split(",") if count else []:
        if token.startswith("!"):
            codes.append(token[1:])
            continue
        previous += 1 if token == "" else int(token)
        codes.append(dep + str(previous).zfill(5 - len(dep)))
    return codes


def _postcodes(column: str, prefix: str, count: int) -> list[tuple[str, ...]]:
    result, previous = [], ()
    for token in column.split(",") if count else []:
        if token != "=":
            previous = tuple(p if len(p) == 5 else prefix + p for p in token.split())
        result.append(previous)
    return result


def _coverage(token: str) -> tuple[tuple[int, ...], int | None, int | None]:
    if not token.startswith("~"):
        return tuple(int(x) for x in token.split(".")), None, None
    if token == "~":
        return (), None, None
    index, tens = token[1:].split(":")
    return (), int(index), int(tens) * 10


def _parent(token: str, code: str, dep: str) -> str:
    if token == "":
        return code
    if token.startswith("!"):
        return token[1:]
    return dep + token.zfill(5 - len(dep))


def _rank(char: str) -> tuple[int, bool]:
    """Population class, and whether the place is the main commune of a shared postal code."""
    return (ord(char) - 97, True) if char.isalpha() else (int(char), False)


def decode_index(index: dict) -> list[Place]:
    """Every place of a finder index, in the index's order."""
    columns = {name: value.split("#") for name, value in index["columns"].items()}
    parent_of = {code: city for city, codes in index["arrondissements"].items() for code in codes}
    places = []
    for z, dep in enumerate(index["zones"]):
        names = _names(columns["n"][z])
        codes = _codes(columns["c"][z], dep, len(names))
        postcodes = _postcodes(columns["p"][z], index["postal_prefixes"].get(dep, dep), len(names))
        coverage = columns["k"][z].split(",")
        for i, nom in enumerate(names):
            cpts, nearest, km = _coverage(coverage[i])
            parent = parent_of.get(codes[i])
            places.append(Place(codes[i], nom, dep, ARRONDISSEMENT if parent else COMMUNE, parent,
                                postcodes[i], cpts, nearest, km, *_rank(columns["r"][z][i])))
        former = _names(columns["an"][z])
        former_codes = _codes(columns["ac"][z], dep, len(former))
        parents = columns["ap"][z].split(",") if former else []
        for i, nom in enumerate(former):
            places.append(Place(former_codes[i], nom, dep, ANCIENNE, _parent(parents[i], former_codes[i], dep)))
    return places


def round_trip(places: list[Place]) -> list[Place]:
    index = finder.encode(places, {"cpts": []}, {})
    return decode_index(json.loads(json.dumps(index)))


# --- round trips on hand-made places: every branch of the format ---------------------------------

EDGE_CASES = [
    # Deltas of 1 (written as nothing), larger gaps, several and shared postal codes ("="),
    # a postal code outside the département's prefix, names sharing a long start.
    Place("01001", "L'Abergement-Clémenciat", "01", COMMUNE, None, ("01400",), (), 3, 40, 1),
    Place("01002", "L'Abergement-de-Varey", "01", COMMUNE, None, ("01640",), (0, 2), None, None, 0),
    Place("01004", "Ambérieu-en-Bugey", "01", COMMUNE, None, ("01500", "01501"), (), None, None, 3),
    Place("01005", "Ambérieux-en-Dombes", "01", COMMUNE, None, ("01500", "01501"), (), 0, 0, 2),
    # The main commune of a postal code shared within a population class.
    Place("01008", "Principale", "01", COMMUNE, None, ("01500",), (), None, None, 3, True),
    Place("01006", "Saint-Martin-de-la-Longue-Vallée-Profonde-du-Haut", "01", COMMUNE, None, ("42620",), (1,), None, None, 0),
    Place("01007", "Saint-Martin-de-la-Longue-Vallée-Profonde-du-Haut-Bas", "01", COMMUNE, None, (), (), None, None, 0),
    # Former communes: same code as their commune nouvelle, another one, another département.
    Place("01004", "Vieux-Ambérieu", "01", ANCIENNE, "01004"),
    Place("01004", "Vieux-Ambérieu-Bis", "01", ANCIENNE, "01005"),
    Place("39012", "Ancienne-du-Jura", "01", ANCIENNE, "01002"),
    Place("01099", "Ancienne-Partie-Ailleurs", "01", ANCIENNE, "39001"),
    # Corsica: letters in the code, postal codes starting with 20.
    Place("2B033", "Bastia", "2B", COMMUNE, None, ("20200", "20600"), (), 1, 30, 4),
    # A city and its arrondissements.
    Place("75056", "Paris", "75", COMMUNE, None, ("75001", "75019"), (2,), None, None, 5),
    Place("75101", "Paris 1er Arrondissement", "75", ARRONDISSEMENT, "75056", ("75001",), (), 2, 0, 5),
    Place("75119", "Paris 19e Arrondissement", "75", ARRONDISSEMENT, "75056", ("75019",), (2,), None, None, 5),
    # An overseas collectivity with a single commune whose delta is 1 (an empty column value).
    Place("97701", "Saint-Barthélemy", "977", COMMUNE, None, ("97133",), (), None, None, 2),
]


def test_round_trip_of_every_branch_of_the_format():
    assert sorted(round_trip(EDGE_CASES), key=_key) == sorted(EDGE_CASES, key=_key)


def _key(place: Place) -> tuple:
    return (place.departement, place.kind, place.code, place.nom)


@pytest.mark.parametrize("name", ["A|B", "Nom#avec dièse"])
def test_a_name_that_would_break_the_format_is_refused(name):
    with pytest.raises(ValueError):
        finder.encode([Place("01001", name, "01", COMMUNE, None)], {"cpts": []}, {})


def test_front_coding_never_uses_a_separator():
    names = ["A" * 60, "A" * 59 + "B", "A" * 11 + "C"]  # shared lengths 40 (capped) and 11 (";")
    column = finder._front_coded(names)
    assert "#" not in column and column.count("|") == 2
    assert _names(column) == names


# --- the real index ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def published(catalogue):
    return finder.index_bytes(catalogue)


def test_real_index_round_trips(catalogue, published):
    assert sorted(decode_index(json.loads(published)), key=_key) == sorted(finder.places(catalogue), key=_key)


def test_real_index_is_deterministic(catalogue, published):
    assert finder.index_bytes(catalogue) == published


def test_real_index_has_every_commune_arrondissement_and_former_commune(catalogue, published):
    places = decode_index(json.loads(published))
    kinds = {kind: [p for p in places if p.kind == kind] for kind in (COMMUNE, ARRONDISSEMENT, ANCIENNE)}
    ref = catalogue.reference
    assert {p.code for p in kinds[COMMUNE]} == {c.code for c in ref.communes.values() if c.type == COMMUNE}
    assert {p.code for p in kinds[ARRONDISSEMENT]} == {c.code for c in ref.communes.values() if c.type == ARRONDISSEMENT}
    # Former communes whose name the commune nouvelle kept are left out on purpose.
    expected = {(c.code, c.nom) for c in ref.anciennes if c.nom != ref.communes[c.parent].nom}
    assert {(p.code, p.nom) for p in kinds[ANCIENNE]} == expected
    assert len(expected) > 2000


def test_real_index_fits_the_budget(published):
    print(f"\nindex du localisateur : {len(published) / 1e3:.0f} Ko brut, {len(gzip.compress(published)) / 1e3:.0f} Ko gzip")
    assert len(gzip.compress(published, 9)) <= MAX_GZIPPED


def test_real_index_knows_the_data(published):
    """Expectations read from data/cpts/*.yml: Challans 85047 is the partial territory of
    cpts-loire-vendee-ocean, Paris 19e (75119) the approximate one of cpts-paris-19."""
    index = json.loads(published)
    slugs = index["cpts"]["slug"]
    by_code = {p.code: p for p in decode_index(index) if p.kind != ANCIENNE}
    assert [slugs[i] for i in by_code["85047"].cpts] == ["cpts-loire-vendee-ocean"]
    assert [slugs[i] for i in by_code["75119"].cpts] == ["cpts-paris-19"]
    assert [slugs[i] for i in by_code["75056"].cpts] == ["cpts-paris-19"]  # Paris: any arrondissement
    assert by_code["75101"].cpts == () and slugs[by_code["75101"].nearest] == "cpts-paris-19"
    challans = finder.cpts_rows(index["cpts"])[slugs.index("cpts-loire-vendee-ocean")]
    assert challans["precision"] == "partiel"


# --- nearest CPTS on a synthetic project ---------------------------------------------------------

def cpts_file(slug, communes, statut="aci-signe", region="76", dep="46", precision="partiel"):
    return cpts_record(slug, communes, statut=statut, region=region, dep=dep, precision=precision)


def test_nearest_cpts_and_distance(tmp_path):
    # Points from data/reference/communes.csv: Cahors 46042 (44.44683, 1.44062), Pradines 46224
    # (44.46484, 1.40105, about 3.7 km from Cahors), Figeac 46102 (44.60980, 2.03460),
    # Capdenac 46055 (44.58151, 2.04815, about 3.3 km from Figeac and 50 km from Cahors),
    # Strasbourg 67482, far more than NEAREST_MAX_KM from both.
    root = make_project(tmp_path, {
        "cpts-a.yml": cpts_file("cpts-a", ["46042"]),
        "cpts-b.yml": cpts_file("cpts-b", ["46102"]),
    })
    catalogue, collector = build_catalogue(root)
    assert catalogue is not None, collector.errors
    by_code = {p.code: p for p in finder.places(catalogue) if p.kind != ANCIENNE}
    assert by_code["46042"].cpts == (0,) and by_code["46102"].cpts == (1,)
    assert (by_code["46224"].nearest, by_code["46224"].km) == (0, 0)
    assert (by_code["46055"].nearest, by_code["46055"].km) == (1, 0)
    assert by_code["67482"].nearest is None and by_code["67482"].km is None


def test_cpts_table_labels_come_from_the_referentials(tmp_path):
    root = make_project(tmp_path, {"cpts-a.yml": cpts_file("cpts-a", ["46042"], statut="projet-sante")})
    catalogue, _ = build_catalogue(root)
    table = finder.cpts_table(catalogue)
    entry = table["cpts"][0]
    assert table["statuts"][entry["statut"]]["libelle"] == catalogue.referentiels.statuts["projet-sante"].libelle
    missions = catalogue.referentiels.missions
    assert [table["offres"][i] for i in entry["offres"]] == [
        missions["prevention"].pour_les_patients, missions["acces-medecin-traitant"].pour_les_patients]
    assert entry["precision"] == "partiel" and "partiel" in table["precisions"]


@pytest.mark.parametrize("code, name", [
    ("975", "Saint-Pierre-et-Miquelon"),
    ("977", "Saint-Barthélemy"),
    ("978", "Saint-Martin"),
    ("986", "Wallis-et-Futuna"),
    ("987", "Polynésie française"),
    ("988", "Nouvelle-Calédonie"),
])
def test_overseas_collectivities_are_named(published, catalogue, code, name):
    # data/reference/communes.csv: 97502 Saint-Pierre (975), 97701 Saint-Barthélemy (977),
    # 97801 Saint-Martin (978), 98613 Uvea (986), Polynesian (987) and Caledonian (988) communes.
    assert any(c.departement == code for c in catalogue.reference.communes.values())
    assert json.loads(published)["departements"][code] == name


def test_every_place_has_a_real_departement_name(published):
    names = json.loads(published)["departements"]
    assert not [code for code, name in names.items() if "Collectivité d'outre-mer" in name]
