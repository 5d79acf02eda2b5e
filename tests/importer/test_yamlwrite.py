"""The writer lays records out as staff write them: every current record round-trips byte for byte."""
from __future__ import annotations

import pytest
import yaml

from macros.core.errors import Collector
from macros.importer.yamlwrite import dump_record, scalar
from macros.core.yamlio import read_yaml
from tests.conftest import ROOT

RECORDS = sorted((ROOT / "data" / "cpts").glob("*.yml"))


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_hand_written_records_round_trip(path):
    located = read_yaml(path, path.name, Collector())
    assert dump_record(located.data) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("value, text", [
    ("aci-signe", "aci-signe"), ("75", '"75"'), ("2026-12-06", '"2026-12-06"'), ("yes", '"yes"'), ("no", '"no"'),
    ("CPTS « Sud » : test", '"CPTS « Sud » : test"'), ('a "b"', '"a \\"b\\""'), (3, "3"), (None, "null"),
])
def test_scalars_are_quoted_where_yaml_would_misread_them(value, text):
    assert scalar(value) == text
    assert yaml.safe_load(f"k: {text}")["k"] == value or isinstance(value, str)


def test_long_commune_lists_wrap_and_read_back():
    codes = [f"83{i:03d}" for i in range(1, 60)]
    text = dump_record({"slug": "cpts-x", "territoire": {"precision": "exact", "communes": codes}})
    assert max(len(line) for line in text.splitlines()) <= 120
    assert yaml.safe_load(text)["territoire"]["communes"] == codes
