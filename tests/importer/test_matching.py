"""Commune matching: the trap table (tests/fixtures/import/pieges.csv) and the folding rules."""
from __future__ import annotations

import csv

import pytest

from macros.importer.columns import Mapping
from macros.importer.communes import CommuneIndex
from macros.importer.listing import split_list, status_slug
from macros.importer.text import fold, move_article, repair_mojibake
from macros.core.reference import load_reference
from tests.conftest import ROOT
from tests.importer.conftest import FIXTURES

with (FIXTURES / "pieges.csv").open(encoding="utf-8", newline="") as handle:
    TRAPS = list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def index() -> CommuneIndex:
    return CommuneIndex.build(load_reference(ROOT))


def test_trap_table_is_not_empty():
    assert len(TRAPS) >= 30
    assert sum(t["attendu"] == "non trouvée" for t in TRAPS) >= 10


TRAP_IDS = [f"{t['saisie'] or t['code_insee']}-{t['departement'] or 'sans-dep'}" for t in TRAPS]


@pytest.mark.parametrize("trap", TRAPS, ids=TRAP_IDS)
def test_trap(index, trap):
    dep = index.departement(trap["departement"]) if trap["departement"] else None
    match = index.match(trap["saisie"], dep, trap["code_insee"] or None)
    if trap["attendu"] == "non trouvée":
        assert match.code is None, f"{trap['piege']} : apparié à tort à {match.code} ({match.method})"
        codes = {c.rsplit(", ", 1)[1].rstrip(")") for c in match.candidates}
        assert set(trap["candidats"].split()) <= codes, match.candidates
        assert len(match.candidates) <= 3
        assert match.detail  # a person must read why
    else:
        assert match.code == trap["attendu"], f"{trap['piege']} : {match}"
        typed = trap["saisie"]
        if trap["code_insee"]:
            assert match.method == "code" or "inconnu, ignoré" in match.detail, match
            return
        # Every match that is not the exact name says how it was made.
        exact = index.ref.communes[match.code].nom == typed
        assert match.method == "exact" if exact else match.method not in ("", "exact"), match


@pytest.mark.parametrize("typed, expected", [
    ("Garde (La)", "La Garde"), ("Garde, La", "La Garde"), ("Abergement-Clémenciat (L')", "L'Abergement-Clémenciat"),
    ("Les Mées", "Les Mées"), ("Laval", "Laval"),
])
def test_move_article(typed, expected):
    assert move_article(typed) == expected


@pytest.mark.parametrize("typed", ["LA GARDE", "Garde (La)", "la  garde", "La-Garde", "GARDE, LA"])
def test_fold_meets_on_one_key(typed):
    assert fold(typed) == fold("La Garde") == "la garde"


def test_fold_saint_and_apostrophes():
    assert fold("St-Jean-d’Angély") == fold("Saint Jean d'Angely") == "saint jean d angely"
    assert fold("Ste Maxime") == fold("Sainte-Maxime")
    assert fold("Œuilly") == "oeuilly"


@pytest.mark.parametrize("text, repaired", [
    ("BÃ©ziers", "Béziers"), ("Ã‰vreux", "Évreux"), ("CPTS du Pays dâ€™Aubagne", "CPTS du Pays d’Aubagne")])
def test_mojibake_repaired_reversibly(text, repaired):
    assert repair_mojibake(text) == repaired
    assert repaired.encode("utf-8").decode("cp1252") == text


@pytest.mark.parametrize("text", ["Béziers", "Château-Thierry", "Ã", "Saint-Ãtienne"])
def test_genuine_names_are_not_repaired(text):
    assert repair_mojibake(text) is None


def test_split_list_keeps_articles_with_their_name():
    pieces = split_list("Garde, La; Le Pradet\nCarqueiranne, Crau (La)")
    assert pieces == ["Garde, La", "Le Pradet", "Carqueiranne", "Crau (La)"]


@pytest.mark.parametrize("value, slug", [
    ("ACI signé", "aci-signe"), ("Projet de santé validé", "projet-sante"), ("Lettre d'intention", "lettre-intention"),
    ("pré-projet", "pre-projet"), ("LDI validée", "lettre-intention"), ("ACI en cours de signature", "projet-sante"),
    ("Statut non renseigné", "non-renseigne"), ("Hmm", None),
])
def test_status_wording(value, slug):
    assert status_slug(value, Mapping()) == slug
