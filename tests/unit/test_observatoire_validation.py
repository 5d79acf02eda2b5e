"""Observatoire datasets: broken fixtures give exactly the expected French messages, file and line."""
import shutil

import pytest

from macros.catalogue import build_catalogue
from macros.records.observatoire.loading import ObservatoireError, decimal_year
from tests.conftest import ROOT, make_project

FIXTURES = ROOT / "tests" / "fixtures" / "observatoire"


def load(tmp_path, *files, real_data=False):
    """Catalogue, errors and warnings of a project holding these observatoire files."""
    root = make_project(tmp_path)
    (root / "overrides").symlink_to(ROOT / "overrides")  # the HTML fragments the renderers use
    folder = root / "data" / "observatoire"
    if real_data:
        shutil.copytree(ROOT / "data" / "observatoire", folder)
    folder.mkdir(exist_ok=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    catalogue, collector = build_catalogue(root)
    return catalogue, [str(p) for p in sorted(set(collector.errors))], [str(p) for p in sorted(set(collector.warnings))]


def test_published_data_loads_without_error_or_warning(tmp_path):
    catalogue, errors, warnings = load(tmp_path, real_data=True)
    assert errors == []
    assert [w for w in warnings if "observatoire" in w] == []
    datasets = catalogue.observatoire.datasets
    assert {"barometre-2024", "deploiement-national", "tour-de-france-2023", "guichet-occitanie-2022"} <= set(datasets)


def test_valid_fixture_resolves_inherited_source_and_date(tmp_path):
    catalogue, errors, warnings = load(tmp_path, FIXTURES / "valide" / "enquete-test.yml")
    assert errors == [] and warnings == []
    entry = catalogue.observatoire.entry("enquete-test/opinions")
    point = entry.series[0].points[0]
    assert (point.date, point.source.document, point.source.lignes) == ("2024-06", "barometre-occitanie-2024", "92-96")
    # A series without its own base inherits the indicator's; one with a base keeps it.
    assert entry.series[0].base.effectif == 1250
    assert entry.series[1].base.libelle == "jeunes répondants"


BROKEN = {
    "part-superieure-a-100.yml": [
        "data/observatoire/part-superieure-a-100.yml:19: part de 112 % impossible : une part est comprise entre 0 et 100",
        "data/observatoire/part-superieure-a-100.yml:20: part de -3 % impossible : une part est comprise entre 0 et 100",
    ],
    "source-manquante.yml": [
        "data/observatoire/source-manquante.yml:17: valeur sans date : ajoutez « date » à l'indicateur ou à la valeur",
        "data/observatoire/source-manquante.yml:17: valeur sans source : ajoutez « source » à l'indicateur ou à la valeur",
    ],
    "indicateur-inconnu.yml": [
        ("data/observatoire/indicateur-inconnu.yml:8: indicateur inconnu « repondant » dans « a_la_une » "
        "(indicateurs de ce fichier : repondants, effectifs)"),
        ("data/observatoire/indicateur-inconnu.yml:8: « effectifs » n'est pas un chiffre clé : « a_la_une » ne cite que "
        "des indicateurs de type « chiffre »"),
    ],
    "regles-diverses.yml": [
        "data/observatoire/regles-diverses.yml:12: des parts en % demandent une « base » : qui a répondu, et combien s'ils sont connus",
        "data/observatoire/regles-diverses.yml:19: indicateur « sans-base » en double (déjà défini ligne 9)",
        ("data/observatoire/regles-diverses.yml:38: dans une courbe, chaque valeur se repère par sa « date » "
        "(AAAA, AAAA-MM ou AAAA-MM-JJ), pas par une « categorie »"),
        "data/observatoire/regles-diverses.yml:39: valeur calculée : expliquez le calcul dans « note »",
        "data/observatoire/regles-diverses.yml:40: valeur en double pour « 2023 » dans la série « Série » (déjà ligne 39)",
        ("data/observatoire/regles-diverses.yml:47: un chiffre clé n'a qu'une série d'une seule valeur : "
        "choisissez « barres » pour en montrer plusieurs"),
        "data/observatoire/regles-diverses.yml:61: effectif à virgule (2.5) : un nombre s'écrit sans décimales",
        "data/observatoire/regles-diverses.yml:62: effectif négatif (-1) : un nombre de personnes ou de CPTS est positif ou nul",
        "data/observatoire/regles-diverses.yml:63: série « Tous » en double dans cet indicateur",
        "data/observatoire/regles-diverses.yml:65: valeur sans « categorie » : indiquez la modalité de réponse ou la catégorie",
    ],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_messages(tmp_path, name):
    catalogue, errors, _ = load(tmp_path, FIXTURES / "invalide" / name)
    assert catalogue is None
    assert errors == BROKEN[name]


def test_schema_errors_are_all_reported_in_french(tmp_path):
    """Shape errors come from the shared schema messages; the observatoire only adds its number rule."""
    catalogue, errors, _ = load(tmp_path, FIXTURES / "invalide" / "structure.yml")
    assert catalogue is None
    where = [e.split(": ", 1)[0] for e in errors]
    assert where == [f"data/observatoire/structure.yml:{n}" for n in (11, 14, 18, 19, 25)]
    assert errors[2] == ("data/observatoire/structure.yml:18: « valeur » : « 13,9 % » n'est pas un nombre : "
                         "écrivez-le sans « % » ni espace, avec un point décimal (13.9)")
    assert "camembert" in errors[0] and "inconnu-total" in errors[1] and "unité" in errors[3] and "60-90" in errors[4]


def test_all_broken_files_are_reported_at_once(tmp_path):
    files = [FIXTURES / "invalide" / name for name in BROKEN]
    _, errors, _ = load(tmp_path, *files)
    assert errors == sorted(message for messages in BROKEN.values() for message in messages)


def test_sums_warn_unless_explained(tmp_path):
    catalogue, errors, warnings = load(tmp_path, FIXTURES / "invalide" / "sommes.yml")
    assert errors == [] and catalogue is not None
    assert warnings == [
        ("data/observatoire/sommes.yml:19: les parts de la série « Sans explication » totalisent 96 % au lieu d'environ "
        "100 % : corrigez une valeur, ou expliquez l'écart dans « ecart_somme »"),
        ("data/observatoire/sommes.yml:40: les valeurs de la série « CPTS » totalisent 17532 et non 17232 comme le "
        "total publié : corrigez une valeur, ou expliquez l'écart dans « ecart_somme »"),
    ]


def test_unknown_indicator_in_a_page_names_what_exists(tmp_path):
    catalogue, _, _ = load(tmp_path, FIXTURES / "valide" / "enquete-test.yml")
    observatoire = catalogue.observatoire
    with pytest.raises(ObservatoireError) as exc:
        observatoire.entry("enquete-test/opinion")
    assert str(exc.value) == ("indicateur inconnu « enquete-test/opinion » : les indicateurs de « enquete-test » sont "
                              "repondants, opinions, parts, evolution")
    with pytest.raises(ObservatoireError) as exc:
        observatoire.entry("barometre-2099/repondants")
    assert str(exc.value) == ("indicateur inconnu « barometre-2099/repondants » : écrivez « <fichier>/<indicateur> » "
                              "avec un fichier de data/observatoire/ (enquete-test)")


# ---------------------------------------------------------------- edition comparisons

def test_second_edition_fixture_creates_the_comparison(tmp_path):
    catalogue, errors, _ = load(tmp_path, FIXTURES / "comparaison" / "barometre-2025.yml", real_data=True)
    assert errors == []
    comparisons = {c.key: c for c in catalogue.observatoire.comparisons}
    assert set(comparisons) == {"comparaison/barometre-cpts-occitanie/departements",
                                "comparaison/barometre-cpts-occitanie/repondants"}
    departements = comparisons["comparaison/barometre-cpts-occitanie/departements"]
    assert [e.dataset.slug for e in departements.entries] == ["barometre-2024", "barometre-2025"]
    # Only the series present in both editions is compared.
    assert departements.series_labels == ("CPTS répondantes",)
    assert [c.key for c in catalogue.observatoire.comparisons_for("barometre-2024")] == sorted(comparisons)


def test_without_second_edition_there_is_no_comparison(tmp_path):
    catalogue, errors, _ = load(tmp_path, real_data=True)
    assert errors == []
    assert catalogue.observatoire.comparisons == ()
    assert catalogue.observatoire.comparisons_for("barometre-2024") == []


def test_shared_indicator_with_another_unit_is_an_error(tmp_path):
    text = (FIXTURES / "comparaison" / "barometre-2025.yml").read_text(encoding="utf-8")
    broken = tmp_path / "barometre-2025.yml"
    text = text.replace("    unite: nombre\n", "    unite: \"%\"\n    base: {libelle: répondants}\n", 1)
    broken.write_text(text.replace("valeur: 205", "valeur: 20.5"), encoding="utf-8")
    catalogue, errors, _ = load(tmp_path / "projet-a", broken, real_data=True)
    assert catalogue is None
    assert errors == [
        ("data/observatoire/barometre-2025.yml:13: l'indicateur « repondants » existe aussi dans « barometre-2024 » "
        "(data/observatoire/barometre-2024.yml) avec un autre sens (unité « % » au lieu de « nombre ») : les éditions "
        "d'une collection ne sont comparables que si un même identifiant garde son unité ; changez l'identifiant")
    ]


@pytest.mark.parametrize("date, expected", [
    ("2019", 2019.5),
    ("2022-12", 2022 + 11.5 / 12),
    ("2023-06-21", 2023 + 171.5 / 365),
    ("2024-01-01", 2024 + 0.5 / 366),
])
def test_partial_dates_sit_in_the_middle_of_their_period(date, expected):
    assert decimal_year(date) == pytest.approx(expected)


def test_schema_is_published_for_the_staff_guide():
    from macros.features import FEATURES
    from macros.records import schema_docs
    from macros.records.observatoire.model import Dataset

    assert {f.name: f.schema for f in FEATURES}["observatoire"] is Dataset
    fields = {row["champ"] for row in schema_docs.field_rows(Dataset)}
    assert {"indicateurs.series.valeurs.valeur", "indicateurs.series.valeurs.source.lignes"} <= fields
