"""A person's mobile number or e-mail address is refused wherever it is written: in the contact
fields and in every text field of every record type."""
from __future__ import annotations


import pytest
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from macros.catalogue import build_catalogue
from macros.core import fields
from macros.core.contacts import personal_details
from macros.core.referentiels import SPECS
from macros.features import FEATURES
from tests.schema_fields import fields_checked_by
from tests.conftest import VALID_CPTS, make_project

SENTENCE = "Contact : Dr Jean Martin au 06 12 34 56 78 ou jean.martin@gmail.com"


@pytest.mark.parametrize("text, found", [
    (SENTENCE, ["06 12 34 56 78", "jean.martin@gmail.com"]),
    ("joignable au 0612345678", ["0612345678"]),
    ("au 07.12.34.56.78", ["07.12.34.56.78"]),
    ("au 06-12-34-56-78.", ["06-12-34-56-78"]),
    ("au +33 6 12 34 56 78", ["+33 6 12 34 56 78"]),
    ("au +33 (0)7 12 34 56 78", ["+33 (0)7 12 34 56 78"]),
    ("au +33612345678", ["+33612345678"]),
    ("au 06\u00a012\u00a034\u00a056\u00a078", ["06\u00a012\u00a034\u00a056\u00a078"]),
    ("écrire à jean-marc.le-gall@cpts-x.fr", ["jean-marc.le-gall@cpts-x.fr"]),
    ("Standard : 05 61 00 00 00, contact@cpts-x.fr", []),
    ("réunion le 06.12.2023 14h", []),
    ("SIRET 20006123456789, 1 060 123 habitants", []),
    ("codes 46042 46067 46102", []),
])
def test_personal_details_in_a_sentence(text, found):
    assert personal_details(text) == found


@pytest.mark.parametrize("address", ["jean-marc.le-gall@cpts-x.fr", "jean.dupont.cpts@gmail.com", "contact.jean.dupont@gmail.com",
                                     "dr.martin@cpts-x.fr", "j.dupont@cpts-x.fr"])
def test_more_personal_emails_are_refused(address):
    """Staff-edit probing: these three first addresses passed the contact e-mail filter."""
    with pytest.raises(PydanticCustomError, match="l'adresse d'une personne"):
        fields._email(address)


@pytest.mark.parametrize("address", ["contact@cpts-x.fr", "secretariat.cpts@wanadoo.fr", "coordination@cpts-x.fr",
                                     "cpts.sud.bassin@gmail.com", "info.lot@orange.fr", "lot@cpts-lot.fr"])
def test_shared_mailboxes_are_still_accepted(address):
    assert fields._email(address) == address


def text_fields() -> list[tuple[str, object]]:
    """(dotted name, annotation) of every text field of every record schema and referential."""
    models = [(feature.name, feature.schema) for feature in FEATURES if feature.schema is not None]
    models += [(f"referentiels/{name}", model) for name, (model, _, _) in
               {**SPECS, **{k: v for f in FEATURES for k, v in f.referentials.items()}}.items()]
    return fields_checked_by(fields._text, models)


def test_every_text_field_refuses_personal_details():
    found = text_fields()
    names = {name for name, _ in found}
    assert {"cpts.presentation", "cpts.gouvernance.nom", "cpts.remarques", "evenements.organisateurs",
            "evenements.programme.intervenants", "actions.contexte", "appuis.presentation", "faq.reponse"} <= names
    assert [name for name, annotation in found if not _refuses_the_sentence(TypeAdapter(annotation))] == []


def _refuses_the_sentence(adapter: TypeAdapter) -> bool:
    for value in (SENTENCE, [SENTENCE]):  # a text field, or a list of texts
        try:
            adapter.validate_python(value)
        except ValidationError as exc:
            if any(error["type"] == "texte" for error in exc.errors()):
                return True
        else:
            return False
    return False


def test_a_presentation_with_a_mobile_number_is_refused_with_its_line(tmp_path):
    """Staff-edit probing: « presentation: "Contact : Dr Jean Martin au 06 12 34 56 78 ou
    jean.martin@gmail.com" » was published."""
    text = VALID_CPTS.format(slug="cpts-test") + f'presentation: "{SENTENCE}"\n'
    text += 'gouvernance:\n  - {role: president, nom: "Dr Martin (06 12 34 56 78)", date: "2023", source: {url: "https://exemple.org/a"}}\n'
    catalogue, collector = build_catalogue(make_project(tmp_path, {"cpts-test.yml": text}))
    assert catalogue is None
    rule = ("ne publiez jamais le portable ni l'adresse électronique d'une personne, seulement le numéro ou "
            "l'adresse générique d'une structure (contact@…, coordination@…, secretariat@…)")
    assert [str(e) for e in sorted(set(collector.errors))] == [
        f"data/cpts/cpts-test.yml:19: « presentation » : coordonnées personnelles refusées (« 06 12 34 56 78 », "
        f"« jean.martin@gmail.com ») : {rule}",
        f"data/cpts/cpts-test.yml:21: « nom » : coordonnées personnelles refusées (« 06 12 34 56 78 ») : {rule}",
    ]
