"""The checks of hand-written pages (``macros/build/page_refs.py``) on small pages, without a build.

The build tests (``tests/build/test_page_problems.py``) try the real pages as staff edit them; these
pin the edges: the line a failure names, and what is said when mkdocs-macros itself reports a page
it could not render.
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
