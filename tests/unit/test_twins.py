"""The published copy of a record (donnees/<type>/<slug>.yml) is its file without the comments:
notes between staff are never published."""
from __future__ import annotations

import pytest

from macros.catalogue import build_catalogue
from macros.core.yamlcomments import without_comments
from macros.core.yamlio import parse_plain
from macros.records.twins import yaml_twins
from tests.conftest import VALID_CPTS, make_project


@pytest.mark.parametrize("text, published", [
    ("# en-tête\na: 1\n", "a: 1\n"),
    ("a: x # note\nb: y\n", "a: x\nb: y\n"),
    ("a: x\n  # note indentée\nb: y\n", "a: x\nb: y\n"),
    ('a: "x # y" # note\n', 'a: "x # y"\n'),
    ("a: 'l''équipe # y'\n", "a: 'l''équipe # y'\n"),
    ("a: C# et F#\n", "a: C# et F#\n"),
    ("a: https://exemple.fr/page#ancre\n", "a: https://exemple.fr/page#ancre\n"),
    ("a: |  # texte simple\n  # pas une note\n  fin\nb: 1 # note\n", "a: |\n  # pas une note\n  fin\nb: 1\n"),
    ("a: [x, y] # note\nb:\n  - z # note\n", "a: [x, y]\nb:\n  - z\n"),
    ("a: x # note\r\nb: y\r\n", "a: x\r\nb: y\r\n"),
    ("a: x\n\nb: y\n", "a: x\n\nb: y\n"),
    # Lines of their own that are text, not comments (the quick path must leave them to the scanner).
    ("a: |\n  # pas une note\n  fin\n# note\n", "a: |\n  # pas une note\n  fin\n"),
    ('a: "debut\n  # pas une note"\n# note\n', 'a: "debut\n  # pas une note"\n'),
])
def test_comments_are_removed_and_nothing_else(text, published):
    assert without_comments(text) == published
    assert parse_plain(published) == parse_plain(text)


def test_a_note_in_a_comment_is_not_published(tmp_path):
    """Staff-edit probing: « statut: non-renseigne # président joignable au 06 12 34 56 78 (ne pas
    publier) » was published in donnees/cpts/<slug>.yml, a byte-for-byte copy of the file."""
    text = "# Notes internes : trésorier joignable au 07 98 76 54 32\n" + VALID_CPTS.format(slug="cpts-test").replace(
        "statut: aci-signe", "statut: aci-signe # président joignable au 06 12 34 56 78 (ne pas publier)")
    root = make_project(tmp_path, {"cpts-test.yml": text, "cpts-autre.yml": VALID_CPTS.format(slug="cpts-autre")})
    catalogue, collector = build_catalogue(root)
    assert collector.errors == []
    twins = yaml_twins(catalogue, {})
    published = twins["donnees/cpts/cpts-test.yml"].decode("utf-8")
    assert "06 12" not in published and "07 98" not in published and "#" not in published
    assert published == VALID_CPTS.format(slug="cpts-test")
    assert twins["donnees/cpts/cpts-autre.yml"] == (root / "data" / "cpts" / "cpts-autre.yml").read_bytes()
