"""Every JSON file the site publishes validates against the export schema published beside it,
and every CSV export's columns are those its Table Schema describes."""
from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator

from macros.records.export_schemas import JSON_EXPORTS

pytestmark = pytest.mark.build


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_published_json_file_has_an_export_schema(built_site):
    published = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.json")}
    # pagefind/ is the search engine's own bundle (its format is Pagefind's, versioned with it), and
    # search/search_index.json Material's search settings (no page is indexed there): not open data.
    data_files = {p for p in published if not p.startswith(("donnees/schema/", "pagefind/"))} - {"search/search_index.json"}
    assert data_files - set(JSON_EXPORTS) == set(), "fichier JSON publié sans schéma d'export (export_schemas.JSON_EXPORTS)"
    assert set(JSON_EXPORTS.values()) <= published, "schéma d'export annoncé mais non publié"


@pytest.mark.parametrize("data_path", sorted(JSON_EXPORTS))
def test_published_json_validates_against_its_export_schema(built_site, data_path):
    schema = _load(built_site / JSON_EXPORTS[data_path])
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(_load(built_site / data_path)), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{data_path} {list(e.path)}: {e.message}" for e in errors[:20])


def test_export_and_input_schemas_cannot_be_mistaken(built_site):
    for path in (built_site / "donnees" / "schema").glob("*.json"):
        title = _load(path).get("title", "")
        if path.name.startswith("export-"):
            assert "export" in title, path.name
        else:
            assert title.startswith("Fiche YAML"), path.name


def test_the_directory_export_says_null_for_what_is_unknown(built_site):
    rows = _load(built_site / "donnees" / "cpts.json")
    assert all(r["population"] is None or isinstance(r["population"], int) for r in rows)
    assert all(isinstance(r["departements"], list) for r in rows)
    assert "" not in {r["taille"] for r in rows}


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def test_csv_columns_are_described_by_their_table_schema(built_site):
    directory = _load(built_site / "donnees" / "schema" / "export-cpts.tableschema.json")
    assert _header((built_site / "donnees" / "cpts.csv").read_text(encoding="utf-8")) == [f["name"] for f in directory["fields"]]
    tables = _load(built_site / "donnees" / "schema" / "export-observatoire.tableschema.json")
    names = [f["name"] for f in tables["fields"]]
    csvs = sorted((built_site / "observatoire" / "donnees").glob("*.csv"))
    assert csvs
    for path in csvs:
        assert _header(path.read_text(encoding="utf-8")) == names, path.name
