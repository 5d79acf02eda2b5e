"""Field types: what staff may write and the French message when they write something else."""
import pytest
from pydantic import TypeAdapter, ValidationError

from macros.core.fields import Email, HttpUrl, Lines, PartialDate, Phone, Slug, SourceRef, Text


def check(kind, value):
    return TypeAdapter(kind).validate_python(value)


def message(kind, value):
    with pytest.raises(ValidationError) as exc:
        check(kind, value)
    return exc.value.errors()[0]["msg"]


@pytest.mark.parametrize("value, expected", [
    ("2023", "2023"), ("2023-06", "2023-06"), ("2023-06-28", "2023-06-28"), (2021, "2021"), (" 2024-02-29 ", "2024-02-29"),
])
def test_partial_dates_accepted(value, expected):
    assert check(PartialDate, value) == expected


@pytest.mark.parametrize("value, expected", [
    ("2023-02-30", "« 2023-02-30 » n'est pas une date qui existe"),
    ("2023-13", "« 2023-13 » n'est pas une date qui existe"),
    ("28/06/2023", "« 28/06/2023 » n'est pas une date : écrivez AAAA, AAAA-MM ou AAAA-MM-JJ"),
    ("1850", "année 1850 hors de la plage 1900-2100"),
    (True, "date attendue sous la forme AAAA, AAAA-MM ou AAAA-MM-JJ"),
])
def test_partial_dates_refused(value, expected):
    assert message(PartialDate, value) == expected


@pytest.mark.parametrize("value", ["https://exemple.org/a?b=1", "http://cpts.fr"])
def test_urls_accepted(value):
    assert check(HttpUrl, value) == value


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "//x.org"])
def test_urls_refused(value):
    assert "seules http:// et https://" in message(HttpUrl, value)


@pytest.mark.parametrize("value, said", [
    ("https://exemple.fr/mon document.pdf", "contient une espace, qu'une adresse web ne peut pas contenir telle quelle : écrivez-la %20 à la place"),
    ("https://exemple.fr/l'accès.pdf", "contient une apostrophe, qu'une adresse web ne peut pas contenir telle quelle : écrivez-la %27 à la place"),
    ("https://x.org/\"onmouseover=", "contient un guillemet, qu'une adresse web ne peut pas contenir telle quelle : écrivez-le %22 à la place"),
    ("https://a\u00a0b", "contient une espace insécable, qu'une adresse web ne peut pas contenir telle quelle : écrivez-la %20 à la place"),
])
def test_an_address_with_a_space_or_a_quote_names_the_character(value, said):
    """Staff-edit probing: « https://…/mon document.pdf » was refused with « seules http:// et
    https:// le sont », although it starts with https://."""
    assert message(HttpUrl, value) == f"« {value} » {said}"


def test_mobile_numbers_are_refused_as_personal():
    assert "numéro de portable refusé" in message(Phone, "06 12 34 56 78")
    assert "numéro de portable refusé" in message(Phone, "+33712345678")
    assert check(Phone, "05 61 00 00 00") == "05 61 00 00 00"


def test_emails_and_slugs():
    assert check(Email, "contact@cpts-exemple.fr") == "contact@cpts-exemple.fr"
    assert "n'est pas une adresse e-mail valide" in message(Email, "contact@")
    assert check(Slug, "cpts-du-lot") == "cpts-du-lot"
    assert "n'est pas un identifiant valide" in message(Slug, "CPTS du Lot")


def test_hidden_characters_refused_in_text():
    assert "caractère de contrôle" in message(Text, "abc\u202edef")
    assert check(Text, "Ligne 1\nLigne 2") == "Ligne 1\nLigne 2"


@pytest.mark.parametrize("value, ok", [("250", True), (250, True), ("250-258", True), ("258-250", False), ("0", False), ("l. 250", False)])
def test_lines(value, ok):
    if ok:
        assert check(Lines, value) == str(value)
    else:
        assert "écrivez une ligne" in message(Lines, value)


def test_source_needs_one_kind():
    assert check(SourceRef, {"url": "https://exemple.org"}).url == "https://exemple.org"
    assert "soit « document »" in message(SourceRef, {})
    assert "indiquez les « lignes »" in message(SourceRef, {"document": "tour-de-france-2023"})


@pytest.mark.parametrize("address", ["marie.dupont@gmail.com", "dr.jean.martin@orange.fr", "jdupont@orange.fr",
                                     "p.nom@ars.sante.fr", "jean.martin@cpts-exemple.fr"])
def test_a_personal_email_is_refused(address):
    """Staff-edit probing: a first.last address was published as a CPTS contact."""
    from pydantic_core import PydanticCustomError

    from macros.core.fields import _email

    with pytest.raises(PydanticCustomError, match="l'adresse d'une personne"):
        _email(address)


@pytest.mark.parametrize("address", ["contact@cpts-exemple.fr", "coordination@cpts-sud.fr", "cptsgrandsud@gmail.com",
                                     "secretariat.cpts@wanadoo.fr", "secretariat@agoralib.org", "urps-ml@urps.fr",
                                     "guichet.cpts@ars.sante.fr", "jdupont@cpts-exemple.fr"])
def test_a_shared_mailbox_is_accepted(address):
    from macros.core.fields import _email

    assert _email(address) == address


@pytest.mark.parametrize("value, expected", [
    (True, "« true » n'est pas un nombre (YAML y lit oui/non)"),
    ("013.9", "« 013.9 » commence par un zéro : écrivez le nombre sans zéro en tête (13.9)"),
])
def test_observatoire_and_action_figures_refuse_booleans_and_leading_zeros(value, expected):
    """Staff-edit probing: « valeur: 022 » in an action's results was published 18 (octal)."""
    from macros.records.actions.model import Number as ActionNumber
    from macros.records.observatoire.model import Number as ObservatoireNumber

    for kind in (ActionNumber, ObservatoireNumber):
        assert message(kind, value) == expected


def test_leading_zero():
    from macros.core.fields import leading_zero

    assert [leading_zero(v) for v in ("012345", "-022", "00", "0.5", "0", "12", 12)] == ["12345", "-22", "0", None, None, None, None]
