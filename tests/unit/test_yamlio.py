"""Reading staff YAML: every broken form gets one French message with its line."""
import pytest

from macros.core.errors import Collector
from macros.core.yamlio import read_yaml


def read(tmp_path, content: bytes | str):
    path = tmp_path / "x.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    collector = Collector()
    located = read_yaml(path, "data/cpts/x.yml", collector)
    return located, [str(p) for p in collector.errors], [str(p) for p in collector.warnings]


@pytest.mark.parametrize("content, expected", [
    ("nom: a\nnom: b\n", "data/cpts/x.yml:2: champ « nom » en double (déjà défini ligne 1)"),
    ("nom: a\n\tstatut: b\n", "data/cpts/x.yml:2: tabulation interdite : indentez avec des espaces"),
    ("", "data/cpts/x.yml: fichier vide"),
    ("# rien\n\n", "data/cpts/x.yml: fichier vide"),
    (b"nom: \xe9t\xe9\n", "data/cpts/x.yml:1: le fichier n'est pas encodé en UTF-8 : réenregistrez-le en UTF-8"),
    ("a: &x [1]\nb: *x\n", "data/cpts/x.yml:1: les ancres YAML (&nom) ne sont pas acceptées : écrivez chaque valeur en clair"),
    ("a: !!python/object:os.system x\n", "data/cpts/x.yml:1: étiquette YAML (!…) non autorisée ou valeur illisible"),
    ("nom: \"CPTS\n", "data/cpts/x.yml:2: syntaxe YAML invalide (found unexpected end of stream)"),
    ("nom: a\n  b: c\n", "data/cpts/x.yml:2: syntaxe YAML invalide : « : » inattendu (mettez le texte entre guillemets)"),
    ("nom: a\x00\n", "data/cpts/x.yml:1: caractère nul interdit dans le fichier"),
])
def test_broken_yaml_messages(tmp_path, content, expected):
    located, errors, _ = read(tmp_path, content)
    assert located is None
    assert errors == [expected]


def test_every_duplicate_reported_at_once(tmp_path):
    _, errors, _ = read(tmp_path, "a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: 2\n")
    assert errors == [
        "data/cpts/x.yml:3: champ « a » en double (déjà défini ligne 1)",
        "data/cpts/x.yml:6: champ « d » en double (déjà défini ligne 5)",
    ]


def test_bom_is_a_warning_and_lines_are_kept(tmp_path):
    located, errors, warnings = read(tmp_path, "\ufeffnom: a\nliste:\n  - x\n  - y\n")
    assert errors == [] and len(warnings) == 1 and "BOM" in warnings[0]
    assert located.data == {"nom": "a", "liste": ["x", "y"]}
    assert located.line(("liste", 1)) == 4
    assert located.line(("absent",)) == 1


def test_dates_stay_text(tmp_path):
    located, _, _ = read(tmp_path, "date: 2023-06-28\n")
    assert located.data["date"] == "2023-06-28"


@pytest.mark.parametrize("typed, value", [
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("OFF", "OFF"), ("012345", "012345"), ("0x1F", "0x1F"),
    ("1_000", "1_000"), ("10:00", "10:00"), ("012.5", "012.5"), ("true", True), ("FALSE", False), ("0", 0),
    ("-3", -3), ("12", 12), ("12.5", 12.5), ("0.5", 0.5), ("~", None), ("null", None), (".", "."),
])
def test_plain_values_are_read_as_typed(tmp_path, typed, value):
    """Only true/false are booleans and only numbers written as a person reads them are numbers:
    YAML 1.1 read yes as true, 012345 in octal (5349), 10:00 in base 60 (600)."""
    located, errors, _ = read(tmp_path, f"a: {typed}\nb: [{typed}]\n")
    assert errors == []
    assert located.data == {"a": value, "b": [value]}
    assert type(located.data["a"]) is type(value)


def test_oversize_file_refused(tmp_path):
    _, errors, _ = read(tmp_path, "a: " + "x" * 1_100_000 + "\n")
    assert errors == ["data/cpts/x.yml: fichier trop volumineux (1074 Ko, maximum 1000 Ko)"]


@pytest.mark.parametrize("value, quote", [("“La CPTS : une équipe”", "“"), ("« La CPTS : une équipe »", "«"), ("‘CPTS : Lot’", "‘")])
def test_typographic_quotes_are_named(tmp_path, value, quote):
    """Staff-edit probing: « presentation: “La CPTS : une équipe” » (Word's quotes) was told to put
    the text between quotes, which staff had done."""
    _, errors, _ = read(tmp_path, f"slug: x\npresentation: {value}\n")
    assert errors == [f"data/cpts/x.yml:2: syntaxe YAML invalide : les guillemets typographiques ({quote}) ne délimitent "
                      "pas un texte pour YAML : entourez la valeur de guillemets droits \"…\""]
