"""Bad input gate: malformed or hostile data files, each with its exact French messages.

``tests/fixtures/invalide/<type>/`` holds the corpus (synthetic, deliberately broken files). Each
file has a sidecar ``<file name>.expected``: exactly what ``python -m macros.validate`` prints
for a project whose data is that one file, errors then warnings, one per line, each with its file
and line. Record files go to ``data/<type>/``; a referential case ``<name>--<case>.yml`` replaces
``data/referentiels/<name>.yml``. Cases that cannot live in the repository (a 50 MB file,
symbolic links, a pipe) are made in the test's temporary folder.

To add a case: drop the file, write its ``.expected`` by hand, run
``pytest tests/quality/test_bad_inputs.py -k <file>``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from macros.catalogue import build_catalogue
from macros.core.referentiels import SPECS
from macros.features import FEATURES

LOADED = {f.name for f in FEATURES if f.loader is not None}  # the record types the site loads
SCHEMAS = {f.name: f.schema for f in FEATURES if f.schema is not None}
REFERENTIALS = {**SPECS, **{k: v for f in FEATURES for k, v in f.referentials.items()}}
from tests.conftest import ROOT, VALID_CPTS, make_project
from tests.schema_fields import fields_checked_by

CORPUS = ROOT / "tests" / "fixtures" / "invalide"
RECORD_TYPES = ("cpts", "actions", "observatoire", "evenements", "actualites", "outils", "faq", "glossaire", "appuis")
# Actions, events, news and resources name CPTS: the synthetic projects hold this valid one.
NAMES_CPTS = ("actions", "evenements", "actualites", "outils")
HELPER_CPTS = "cpts-test"


def corpus() -> list[tuple[str, Path]]:
    return sorted((p.parent.name, p) for p in CORPUS.glob("*/*") if p.is_file() and p.suffix != ".expected" and p.name != "LISEZMOI.md")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """One synthetic project reused by every case: the reference tables (35,000 communes) are
    then read once, as their cache is keyed on the project's path."""
    return make_project(tmp_path_factory.mktemp("invalide"))


def project_with(root: Path, kind: str, name: str, content: bytes) -> Path:
    """``root`` reset to the real referentials plus this one file (and the helper CPTS for actions)."""
    if kind not in ("cpts", "referentiels") and kind not in LOADED:
        pytest.skip(f"type d'enregistrement « {kind} » absent (pas de modèle chargé) : cas ignoré")
    for folder in RECORD_TYPES:
        shutil.rmtree(root / "data" / folder, ignore_errors=True)
        (root / "data" / folder).mkdir()
    referentiels = root / "data" / "referentiels"
    for path in referentiels.iterdir():
        original = ROOT / "data" / "referentiels" / path.name
        if path.is_symlink() or not original.exists() or path.read_bytes() != original.read_bytes():
            path.unlink()
    for original in (ROOT / "data" / "referentiels").glob("*.yml"):
        if not (referentiels / original.name).exists():
            shutil.copy2(original, referentiels / original.name)  # copy2 keeps the date: caches stay valid
    if kind in NAMES_CPTS:
        (root / "data" / "cpts" / f"{HELPER_CPTS}.yml").write_text(VALID_CPTS.format(slug=HELPER_CPTS), encoding="utf-8")
    if kind == "referentiels":
        target = referentiels / (name.split("--")[0] + ".yml")
    else:
        target = root / "data" / kind / name
    target.unlink(missing_ok=True)
    target.write_bytes(content)
    return root


def report_lines(root: Path) -> list[str]:
    catalogue, collector = build_catalogue(root)
    assert catalogue is None, "un fichier cassé doit empêcher la publication"
    assert collector.errors, "au moins une erreur"
    return collector.report().splitlines()


def expected_lines(path: Path) -> list[str]:
    sidecar = path.with_name(path.name + ".expected")
    assert sidecar.exists(), f"écrivez les messages attendus dans {sidecar.relative_to(ROOT)}"
    return [line for line in sidecar.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_large_and_covers_every_record_type():
    cases = corpus()
    assert len(cases) >= 50
    kinds = {kind for kind, _ in cases}
    assert kinds >= {"cpts", "referentiels"} | (set(RECORD_TYPES) & set(LOADED))


# Cases that reveal a bug in a module another engineer owns, reported to them: the symptom seen
# ("accepté": the file validates; "exception": a traceback instead of a message) and who fixes
# what. While the symptom lasts the case is an expected failure; once it is gone the case must
# give its .expected messages (adjust the wording there if the fix chose other words) and the
# entry must be removed.
KNOWN_BUGS: dict[str, tuple[str, str]] = {
}


@pytest.mark.parametrize("kind, path", corpus(), ids=[f"{k}/{p.name}" for k, p in corpus()])
def test_bad_file_gives_its_exact_messages(workspace, kind, path):
    root = project_with(workspace, kind, path.name, path.read_bytes())
    known = KNOWN_BUGS.get(f"{kind}/{path.name}")
    if known:
        symptom, why = known
        try:
            catalogue, _ = build_catalogue(root)
        except Exception:  # noqa: BLE001 - the symptom being tracked
            seen = "exception"
        else:
            seen = "accepté" if catalogue is not None else None
        if seen == symptom:
            pytest.xfail(f"bogue connu ({symptom}) : {why}")
    assert report_lines(root) == expected_lines(path)
    assert not known, f"bogue corrigé : retirez « {kind}/{path.name} » de KNOWN_BUGS"


# ---------------------------------------------------------------- cases made at run time

def test_fifty_megabyte_file_is_refused_without_reading_it(workspace):
    root = project_with(workspace, "cpts", "cpts-enorme.yml", b"")
    with open(root / "data" / "cpts" / "cpts-enorme.yml", "wb") as handle:
        handle.write(VALID_CPTS.format(slug="cpts-enorme").encode("utf-8"))
        handle.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    assert report_lines(root) == ["data/cpts/cpts-enorme.yml: fichier trop volumineux (51200 Ko, maximum 1000 Ko)"]


REFUSED = "lien symbolique ou fichier spécial refusé : enregistrez à cet endroit un vrai fichier YAML"


def test_symbolic_link_cannot_publish_a_file_from_outside_data(workspace, tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text(VALID_CPTS.format(slug="cpts-lien"), encoding="utf-8")  # valid: only the link is wrong
    root = project_with(workspace, "cpts", "cpts-autre.yml", VALID_CPTS.format(slug="cpts-autre").encode("utf-8"))
    (root / "data" / "cpts" / "cpts-lien.yml").symlink_to(outside)
    assert report_lines(root) == [f"data/cpts/cpts-lien.yml: {REFUSED}"]


def test_symbolic_link_refused_for_a_referential(workspace):
    root = project_with(workspace, "cpts", "cpts-autre.yml", VALID_CPTS.format(slug="cpts-autre").encode("utf-8"))
    (root / "data" / "referentiels" / "roles.yml").unlink()
    (root / "data" / "referentiels" / "roles.yml").symlink_to(ROOT / "data" / "referentiels" / "roles.yml")
    assert report_lines(root) == [f"data/referentiels/roles.yml: {REFUSED}"]


def test_named_pipe_does_not_hang_the_build(workspace):
    root = project_with(workspace, "cpts", "cpts-autre.yml", VALID_CPTS.format(slug="cpts-autre").encode("utf-8"))
    os.mkfifo(root / "data" / "cpts" / "cpts-tube.yml")
    assert report_lines(root) == [f"data/cpts/cpts-tube.yml: {REFUSED}"]


def test_same_slug_with_different_case(workspace):
    root = project_with(workspace, "cpts", "cpts-test.yml", VALID_CPTS.format(slug="cpts-test").encode("utf-8"))
    (root / "data" / "cpts" / "CPTS-TEST.yml").write_text(VALID_CPTS.format(slug="CPTS-TEST"), encoding="utf-8")
    assert report_lines(root) == [
        "data/cpts/CPTS-TEST.yml:1: « slug » : « CPTS-TEST » n'est pas un identifiant valide : minuscules sans accents, chiffres et tirets",
        "data/cpts/cpts-test.yml: slug en double : « data/cpts/CPTS-TEST.yml » porte déjà ce nom (à la casse près)",
    ]


@pytest.mark.parametrize("name", ["statuts", "regions", "departements"])
def test_missing_referential(workspace, name):
    root = project_with(workspace, "cpts", "cpts-test.yml", VALID_CPTS.format(slug="cpts-test").encode("utf-8"))
    (root / "data" / "referentiels" / f"{name}.yml").unlink()
    assert report_lines(root) == [f"data/referentiels/{name}.yml: fichier de référentiel manquant"]


# ---------------------------------------------------------------- the command line

CLI_CASES = ["cpts/cpts-tabulation.yml", "cpts/cpts-latin1.yml", "cpts/cpts-python-objet.yml",
             "cpts/cpts-ancres-alias.yml", "cpts/cpts-bom-et-erreur.yml", "actions/action-cpts-inconnue.yml",
             "evenements/evenement-fin-avant-debut.yml", "outils/outil-listes-fermees.yml",
             "referentiels/statuts--couleur-invalide.yml"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_validate_command_exits_non_zero_with_the_messages(workspace, case):
    path = CORPUS / case
    root = project_with(workspace, path.parent.name, path.name, path.read_bytes())
    result = subprocess.run([sys.executable, "-m", "macros.validate", str(root)], cwd=ROOT, check=False,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for line in expected_lines(path):
        assert line in result.stderr.splitlines(), f"{line!r} absent de :\n{output}"
    assert not Path("/tmp/portail-pwned").exists(), "une étiquette YAML a exécuté du code"


# ---------------------------------------------------------------- every URL field of every schema

HOSTILE_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "file:///etc/passwd", "//exemple.fr/piege", "../../etc/passwd", "/etc/passwd",
                "https://exemple.fr/\" onmouseover=\"alert(1)", "https://exemple.fr/<script>", "http://exemple.fr/ x"]


def url_fields() -> list[tuple[str, object]]:
    """(dotted name, annotation) of every URL field of every record schema and referential."""
    from macros.core import fields

    models = sorted(SCHEMAS.items()) + [(f"referentiels/{name}", model) for name, (model, _, _) in sorted(REFERENTIALS.items())]
    return fields_checked_by(fields._url, models)


def test_every_url_field_accepts_only_web_addresses():
    fields_found = url_fields()
    names = {name for name, _ in fields_found}
    assert {"cpts.contacts.site_web", "cpts.contacts.adhesion", "cpts.sources.url", "referentiels/documents.url"} <= names
    if "actions" in LOADED:
        assert "actions.documents.url" in names
    accepted = []
    for name, annotation in fields_found:
        adapter = TypeAdapter(annotation)
        adapter.validate_python("https://exemple.fr/page?a=1&b=2#c")
        for url in HOSTILE_URLS:
            try:
                adapter.validate_python(url)
            except ValidationError:
                continue
            accepted.append(f"{name} accepte « {url} »")
    assert accepted == []
