"""Property-based tests: every record that validates renders; no malformed file gets a traceback.

For every record type, Hypothesis generates records from the pydantic models
(``tests/strategies.py``) — optional fields absent, null, empty and filled; texts at their caps;
unicode; references to other records — writes each into a copy of the project's data, loads the
whole catalogue with the real loader and renders everything the record appears in: its own page,
and every macro of the hand-written pages (directory, agenda, FAQ, glossary, maps, coverage…).
``tests/build/test_properties_build.py`` pushes a few such records through a real ``mkdocs build``.

Then, generated malformed YAML (random text, and valid records broken line by line) goes through
``make validate``'s own function: it must answer with messages, never an exception.

Seeded (``derandomize``) and bounded, so the suite stays fast and repeatable; counterexamples found
while writing these tests are kept as ordinary cases in ``test_counterexamples_found``.
"""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros import catalogue as loader, validate
from macros.build import generated, page_refs
from macros.portal import open_formats
from tests import strategies as S
from tests.conftest import ROOT

SETTINGS = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TYPES = {  # record folder -> (model name for the strategies, slug prefix)
    "cpts": "Cpts", "actions": "Action", "evenements": "Evenement", "actualites": "Actualite",
    "outils": "Outil", "faq": "Question", "glossaire": "Term", "observatoire": "Dataset", "appuis": "Appui",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's data and pages, where generated records are written one at a time."""
    root = tmp_path_factory.mktemp("proprietes") / "projet"
    root.mkdir()
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("reference"))
    (root / "data" / "reference").symlink_to(ROOT / "data" / "reference")
    for name in ("docs", "overrides", "macros"):
        (root / name).symlink_to(ROOT / name)
    (root / "mkdocs.yml").symlink_to(ROOT / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def domain(project):
    catalogue, collector = loader.build_catalogue(project)
    assert catalogue is not None, collector.report()
    return S.domain_of(catalogue)


@pytest.fixture(scope="module")
def config(project):
    from mkdocs.config import load_config

    return load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))


def strategy_for(folder: str, domain: S.Domain):
    if folder == "observatoire":
        return S.observatoire_datasets(domain)
    model = S.model_of(folder)
    return S.records(model, domain)


def write_record(project: Path, folder: str, slug: str, record: dict) -> Path:
    path = project / "data" / folder / f"{slug}.yml"
    path.write_text(yaml.safe_dump({**record, "slug": slug}, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return path


def render_everything(catalogue, config) -> dict[str, str]:
    """Every generated page body and every macro of the hand-written pages, rendered."""
    pages = generated.PageBodies()
    files = generated.all_files(catalogue, config, pages)
    files.update(open_formats.geojson(catalogue, config))  # listed by a page provider, written by the second core
    failures = pages.render_lazy()
    assert not failures, "\n".join(failures)
    macros = page_refs.macro_table(catalogue, catalogue.collect("macros"))
    rendered = {name: str(macro()) for name, macro in macros.items() if name in NO_ARGUMENT_MACROS}
    rendered.update({path: generated._SOURCE_TOKEN.sub(lambda m: pages.body(m.group(0)) or m.group(0), text)
                     for path, text in files.items() if isinstance(text, str)})
    return rendered


NO_ARGUMENT_MACROS = {
    "annuaire_tableau", "comptes_par_statut", "nombre_cpts", "carte_france", "cartes_regions", "couverture_synthese",
    "couverture_regions", "couverture_departements", "couverture_date", "bibliotheque_actions", "nombre_actions",
    "agenda_evenements", "liste_actualites", "boite_a_outils", "a_la_une", "faq_questions", "glossaire_termes",
    "editions_observatoire", "comparaisons_editions", "incoherences_observatoire", "trouver_ma_cpts",
}


@pytest.mark.parametrize("folder", list(TYPES))
def test_every_generated_record_validates_and_renders(project, domain, config, folder):
    slug = "zz-genere" if folder != "cpts" else "cpts-zz-genere"

    @SETTINGS
    @given(record=strategy_for(folder, domain))
    def check(record):
        path = write_record(project, folder, slug, record)
        try:
            catalogue, collector = loader.build_catalogue(project)
            assert catalogue is not None, f"{yaml.safe_dump(record, allow_unicode=True)}\n{collector.report()}"
            rendered = render_everything(catalogue, config)
            if folder in ("cpts", "actions", "evenements", "actualites"):
                page = next(text for p, text in rendered.items() if p == f"{folder}/{slug}.md")
                assert "<script>alert(1)</script>" not in page, "le texte des fiches est échappé"
        finally:
            path.unlink()

    check()


# ------------------------------------------------------------------ malformed YAML, never a traceback

def _broken_versions(text: str) -> st.SearchStrategy[str]:
    """A valid record's YAML broken the way hands break files: a line lost, doubled, cut short,
    re-indented, retyped; plus random text."""
    lines = text.splitlines()

    def mutate(kind: str, index: int, junk: str) -> str:
        i = index % max(len(lines), 1)
        out = list(lines)
        if kind == "supprimer":
            del out[i]
        elif kind == "doubler":
            out.insert(i, out[i] if out else junk)
        elif kind == "couper":
            return text[: index % (len(text) + 1)]
        elif kind == "tabulation":
            out[i] = "\t" + out[i] if out else junk
        elif kind == "remplacer":
            key = out[i].split(":", 1)[0] if out and ":" in out[i] else "champ"
            out[i] = f"{key}: {junk}"
        elif kind == "inserer":
            out.insert(i, junk)
        return "\n".join(out) + "\n"
    return st.builds(mutate, st.sampled_from(["supprimer", "doubler", "couper", "tabulation", "remplacer", "inserer"]),
                     st.integers(0, 10_000), JUNK)


JUNK = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["[", "{", "- - -", "&a [*a]", "*inconnu", "!!python/object:os.system", "? x", "'''", ": :", "null",
                     "1e999", "-.inf", ".nan", "0x1F", "2024-13-45", "yes", "~", "\x00", "\ufeff", "é: [", "{a: 1, a: 2}",
                     "x: &a {b: *a}", "[" * 60, "%TAG ! tag:x", "--- \n---"]),
)


@pytest.mark.parametrize("folder", list(TYPES))
def test_malformed_files_get_messages_never_a_traceback(project, domain, folder):
    @SETTINGS
    @given(data=st.data())
    def check(data):
        valid = yaml.safe_dump({**data.draw(strategy_for(folder, domain)), "slug": "zz-casse"}, allow_unicode=True, sort_keys=False)
        broken = data.draw(st.one_of(_broken_versions(valid), st.text(max_size=200), st.binary(max_size=100).map(
            lambda b: b.decode("latin-1"))))
        path = project / "data" / folder / "zz-casse.yml"
        path.write_bytes(broken.encode("utf-8", "surrogatepass"))
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = validate.main([str(project)])
        finally:
            path.unlink()
        assert code in (0, 1)
        assert "Traceback" not in out.getvalue() + err.getvalue()
        if code == 1:
            assert "data/" in err.getvalue(), "une erreur nomme son fichier"

    check()


# ------------------------------------------------------------------ counterexamples kept as cases

COUNTEREXAMPLES = {
    # A CPTS whose only contact is its website (issue 11): the page read contacts.email.
    "cpts/site-web-seul": ("cpts", {"contacts": {"site_web": "https://cpts.example.org/"}}),
    # Every optional contact null, written out as staff copy the template.
    "cpts/contacts-nuls": ("cpts", {"contacts": {"site_web": None, "email": None, "telephone": None, "adhesion": None}}),
    # Found by Hypothesis: a partial territory gives a population « minimum », which the first
    # version of the directory's JSON export refused.
    "cpts/territoire-partiel": ("cpts", {"territoire": {"precision": "partiel", "communes": [], "epci": ["200000172"],
                                                        "departements": [], "note": "au moins"}, "region": None, "departements": []}),
}


@pytest.mark.parametrize("case", list(COUNTEREXAMPLES))
def test_counterexamples_found(project, config, case):
    folder, extra = COUNTEREXAMPLES[case]
    base = yaml.safe_load((ROOT / "data" / "cpts" / "cpts-balagne.yml").read_text(encoding="utf-8"))
    path = write_record(project, folder, "cpts-zz-contre-exemple", {**base, **extra})
    try:
        catalogue, collector = loader.build_catalogue(project)
        assert catalogue is not None, collector.report()
        render_everything(catalogue, config)
    finally:
        path.unlink()
