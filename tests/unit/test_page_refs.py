"""The checks of hand-written pages (``macros/build/page_refs.py``) on small pages, without a build.

The build tests (``tests/build/test_page_problems.py``) try the real pages as staff edit them; these
pin the edges: which ``render_macros`` values mkdocs-macros renders, where a macro call is code,
and what is said when mkdocs-macros itself reports a page it could not render.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, StrictUndefined
from jinja2.exceptions import TemplateSyntaxError
from mkdocs_macros.errors import format_error

from macros.build import page_refs
from macros.core.errors import BuildFailure


def nombre_cpts() -> str:
    return "46"


def a_la_une(evenements: int = 2, actualites: int = 3) -> str:
    return ""


MACROS = {"nombre_cpts": nombre_cpts, "a_la_une": a_la_une}


def problems(text: str) -> list[str]:
    return [f"{p.line}: {p.message}" for p in page_refs.check_page(text, "docs/p.md", MACROS, {}, None)]


@pytest.mark.parametrize("value", ["true", "yes", "false"])
def test_a_boolean_render_macros_is_accepted(value):
    # PyYAML, as MkDocs reads front matter, makes « yes » a boolean: mkdocs-macros renders it.
    assert problems(f"---\nrender_macros: {value}\n---\n\n{{{{ nombre_cpts() }}}}\n") == []


@pytest.mark.parametrize("value", ["oui", '"true"', "1", ""])
def test_any_other_render_macros_is_an_error_and_the_page_is_still_checked(value):
    found = problems(f"---\ntitle: T\nrender_macros: {value}\n---\n\n{{{{ inconnue() }}}}\n")
    assert found[0].startswith(f"3: « render_macros: {value}".rstrip()) and "écrivez render_macros: true" in found[0]
    assert found[1].startswith("6: macro « inconnue » inconnue"), found


def test_a_call_outside_code_in_a_page_without_render_macros():
    text = ("# Titre\n\n`{{ nombre_cpts() }}` ``{{ a_la_une() }}`` <code>{{ nombre_cpts() }}</code>\n\n"
            "!!! note\n\n    ```\n    {{ nombre_cpts() }}\n    ```\n\n~~~~\n{{ a_la_une() }}\n```\n{{ a_la_une() }}\n~~~~\n\n"
            "Il y a {{ nombre_cpts() }} CPTS et {{ inconnue() }}.\n")
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("17: « {{ nombre_cpts(…) }} » serait publié tel quel"), found
    assert "un en-tête de trois lignes" in found[0]


def test_arguments_of_the_wrong_type_name_the_signature():
    found = problems('---\nrender_macros: true\n---\n{{ a_la_une(evenements="2") }}\n{{ a_la_une(true) }}\n')
    assert found == [
        '4: la macro « a_la_une » attend un nombre entier pour « evenements », reçu « 2 » '
        '(elle s\'écrit {{ a_la_une(evenements=2, actualites=3) }})',
        '5: la macro « a_la_une » attend un nombre entier pour « evenements », reçu « true » '
        '(elle s\'écrit {{ a_la_une(evenements=2, actualites=3) }})']


def _page(tmp_path: Path, text: str) -> SimpleNamespace:
    source = tmp_path / "p.md"
    source.write_text(text, encoding="utf-8")
    return SimpleNamespace(file=SimpleNamespace(src_uri="p.md", abs_src_path=str(source)), title="Titre")


def test_a_template_failure_names_the_line_of_the_file(tmp_path):
    """The line Jinja counts is in the text after the front matter and the blank lines MkDocs drops."""
    text = "---\nrender_macros: true\n---\n\n\nUn.\n\n{{ page.inconnu }}\n"
    page = _page(tmp_path, text)
    environment = Environment(undefined=StrictUndefined)
    page_refs.guard_templates(SimpleNamespace(env=environment, page=page))
    assert environment.from_string("Un.\n\n{{ page.inconnu }}\n").render(page=object()) == ""
    with pytest.raises(BuildFailure) as raised:
        page_refs.raise_macro_failures(page, "")
    assert str(raised.value).startswith("docs/p.md:8: « inconnu » n'existe pas")


def test_mkdocs_macros_own_report_is_said_in_french(tmp_path):
    """Without the guarded templates, mkdocs-macros replaces the page with its English report."""
    page = _page(tmp_path, "---\nrender_macros: true\n---\n{{ nombre_cpts( }}\n")
    page.file.src_path = "p.md"
    try:
        Environment().from_string("{{ nombre_cpts( }}")
    except TemplateSyntaxError as exc:
        report = format_error(exc, markdown="{{ nombre_cpts( }}", page=page)
    with pytest.raises(BuildFailure) as raised:
        page_refs.raise_macro_failures(page, report)
    assert str(raised.value).startswith("docs/p.md:4: syntaxe de macro incorrecte"), raised.value
