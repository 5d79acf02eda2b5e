"""A record copied from data/modeles/ and only partly filled in: every example value it still
holds is refused, however deep (programme items, figures, list items, web addresses)."""
from __future__ import annotations

import re

from macros.catalogue import build_catalogue
from tests.conftest import ROOT, VALID_CPTS, make_project


def _copy(tmp_path, folder: str, template: str, filled: dict[str, str]):
    """The template copied as data/<folder>/exemple-<template>.yml with the top-level ``filled`` fields rewritten."""
    root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    (root / "data" / "modeles").symlink_to(ROOT / "data" / "modeles")
    (root / "data" / folder).mkdir(exist_ok=True)
    text = (ROOT / "data" / "modeles" / f"{template}.yml").read_text(encoding="utf-8")
    for key, value in filled.items():
        text, count = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, flags=re.MULTILINE)
        assert count == 1, key
    (root / "data" / folder / f"exemple-{template}.yml").write_text(text, encoding="utf-8")
    catalogue, collector = build_catalogue(root)
    return catalogue, [str(e) for e in sorted(set(collector.errors))], text.splitlines()


def _line(lines: list[str], fragment: str) -> int:
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


def test_an_event_copied_with_its_top_level_texts_filled_in_keeps_no_example(tmp_path):
    """Staff-edit probing: filling titre, resume, lieu, inscription and description published
    « Organisation : Nom de l'organisme », the programme item « Intitulé du moment », the site
    https://exemple.fr/colloque and the template's source as the event's own."""
    catalogue, errors, lines = _copy(tmp_path, "evenements", "evenement", {
        "titre": '"Journée des soignants"', "resume": '"Une journée."', "lieu": '"Rochefort"',
        "inscription": '"Gratuit."', "description": '"Une journée pour les soignants."'})
    assert catalogue is None
    where = "data/evenements/exemple-evenement.yml"
    model = "a encore la valeur d'exemple du modèle data/modeles/evenement.yml"
    assert errors == sorted([
        f"{where}:{_line(lines, 'organisateurs:')}: « organisateurs » {model} (« Nom de l'organisme ») : écrivez la vôtre",
        f"{where}:{_line(lines, 'site_web:')}: « site_web » {model} (« https://exemple.fr/colloque ») : écrivez la vôtre",
        f"{where}:{_line(lines, 'Intitulé du moment')}: « titre » {model} (« Intitulé du moment ») : écrivez la vôtre",
        f"{where}:{_line(lines, 'https://exemple.fr/page-source')}: « url » {model} (« https://exemple.fr/page-source ») : écrivez la vôtre",
    ], key=lambda m: int(m.split(":")[1]))


def test_an_action_copied_keeps_no_example_figure_or_step(tmp_path):
    """Staff-edit probing: the action template's « deroule » and its figure « Patients reçus »
    (120, with its source) passed once the top-level texts were filled in."""
    catalogue, errors, lines = _copy(tmp_path, "actions", "action", {
        "titre": '"Atelier mémoire"', "resume": '"Des ateliers."', "cpts": "[cpts-test]", "contexte": '"Un besoin."'})
    assert catalogue is None
    where = "data/actions/exemple-action.yml"
    model = "a encore la valeur d'exemple du modèle data/modeles/action.yml"
    assert errors == sorted([
        f"{where}:{_line(lines, 'Première étape.')}: « deroule » {model} (« Première étape. ») : écrivez la vôtre",
        f"{where}:{_line(lines, 'Patients reçus')}: « libelle » {model} (« Patients reçus ») : écrivez la vôtre",
        f"{where}:{_line(lines, 'source-du-chiffre')}: « url » {model} (« https://exemple.fr/source-du-chiffre ») : écrivez la vôtre",
        f"{where}:{_line(lines, 'page-source')}: « url » {model} (« https://exemple.fr/page-source ») : écrivez la vôtre",
    ], key=lambda m: int(m.split(":")[1]))


def test_a_record_sharing_codes_and_short_values_with_its_template_is_accepted(tmp_path):
    """What a real record may share with the template by chance (a slug, a code, a date, a
    format such as « Atelier ») is not taken for a leftover."""
    from macros.core.templates import Template, leftovers

    template = Template("data/modeles/x.yml", {"mission": "prevention", "programme": [{"format": "Atelier", "code": "A1"}],
                                               "mise_a_jour": "2026-11-23", "valeur": 120})
    record = {"mission": "prevention", "programme": [{"format": "Atelier", "code": "A1"}], "mise_a_jour": "2026-11-23", "valeur": 120}
    assert leftovers(record, template) == []
    assert leftovers({"programme": [{"titre": "Mon atelier"}, {"titre": "Intitulé du moment"}]},
                     Template("m", {"programme": [{"titre": "Intitulé du moment"}]})) == [(("programme", 1, "titre"), "Intitulé du moment")]
