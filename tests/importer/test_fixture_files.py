"""The committed GeoJSON examples: what make_fixtures.py writes, and both forms give the same records."""
from __future__ import annotations

import importlib.util

import pytest

from tests.importer.conftest import FIXTURES, record, run

EXPECTED = {
    "cpts-fictive-de-la-rade-est": ["83034", "83062", "83098"],
    "cpts-fictive-de-la-vallee-du-gapeau": ["83017", "83047", "83054", "83130", "83131", "83132"],
}


def _script():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["contours-avec-codes.geojson", "contours-sans-codes.geojson"])
def test_committed_geojson_is_what_the_script_writes(name):
    script = _script()
    assert (FIXTURES / name).read_text(encoding="utf-8") == script.collection(script.FILES[name])


@pytest.mark.parametrize("name, method", [("contours-avec-codes.geojson", "code INSEE : 9"),
                                          ("contours-sans-codes.geojson", "point de la commune dans le contour : 9")])
def test_codes_or_contours_give_the_same_records(empty_project, capsys, name, method):
    assert run(empty_project, FIXTURES / name, "--ecrire") == 0
    out = capsys.readouterr().out
    assert f"Communes reconnues, par méthode : {method}\n" in out
    assert "!" not in out  # no commune cut by a contour, no point in two contours
    for slug, communes in EXPECTED.items():
        data = record(empty_project, slug)
        assert (data["statut"], data["territoire"]["communes"]) == ("aci-signe", communes)
        assert data["sources"] == [{"import": {"fichier": name, "lignes": "1" if "rade" in slug else "2",
                                               "date": "2026-12-06"}}]
