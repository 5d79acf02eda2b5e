"""Macro calls in hand-written pages are data too: checked before anything renders.

A page of ``docs/`` that opts into macros (``render_macros: true``) names indicators, series,
categories and schemas by identifier. ``check_pages`` reads every such page with Jinja's parser,
finds each macro call and checks, before build, serve or ``make validate`` render anything:

- that the macro exists and its arguments fit its signature;
- that what it names exists (each feature declares its checks in ``REFERENCE_CHECKS``).

Each problem is a ``Problem`` (``docs/x.md:LINE: message``) listing the valid choices.

At render time, ``guard`` wraps every macro so that a failure is recorded on the page in French
and raised by the hooks after mkdocs-macros has finished: mkdocs-macros would otherwise print
its own English report (and its formatter crashes on a ``%`` in the message). A macro's block of
finished HTML (a table, a chart, a map) is kept out of Markdown (``GuardedEnv``).
"""
from __future__ import annotations

import functools
import inspect
import re
from pathlib import Path
from typing import Any, Callable

import yaml
from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateSyntaxError

from ..core.errors import BuildFailure, MacroError, Problem, explain

# Variables mkdocs-macros gives every page: a name among these is not a macro call to check.
MACROS_PLUGIN_NAMES = frozenset({
    "config", "page", "extra", "environment", "plugin", "git", "navigation", "files", "macros_info",
    "now", "fix_url", "context", "filters", "filters_builtin", "macros",
})

# The start of a macro result that is a block of HTML: Markdown would copy it unchanged, after
# parsing it tag by tag (see ``generated.PageBodies.raw_block``). Inline results (a number, a
# <span>, a link) stay in their sentence.
_BLOCK_HTML = re.compile(r"\s*<(?:div|section|table|figure|ul|ol|dl|details|nav|article|aside|form|fieldset|"
                         r"h[1-6]|p|iframe|blockquote|pre|hr|header|footer)[\s>]")

# Attribute set on a MkDocs page by ``guard`` when one of its macros failed.
_FAILURES = "portail_macro_failures"

ReferenceCheck = Callable[[Any, dict[str, Any]], None]  # (catalogue, arguments) -> raises ValueError


class _Recorder:
    """Stands in for mkdocs-macros' env: registrars add their macros here, nothing renders."""

    def __init__(self) -> None:
        self.macros: dict[str, Callable] = {}
        self.page = None

    def macro(self, function: Callable, name: str | None = None) -> Callable:
        self.macros[name or function.__name__] = function
        return function

    def raw_block(self, html: str) -> str:  # macros are only listed here, never run
        return html


def macro_table(catalogue: Any, registrars: list[Callable]) -> dict[str, Callable]:
    """Every macro the site defines, by name (the same registrars as ``define_env``)."""
    recorder = _Recorder()
    for registrar in registrars:
        registrar(recorder, catalogue)
    return recorder.macros


def _front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter, body, number of lines before the body) of a Markdown page."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                meta = yaml.safe_load(text[3:end]) or {}
            except yaml.YAMLError:
                meta = {}
            close = text.find("\n", end + 4)
            body_start = len(text) if close == -1 else close + 1
            return (meta if isinstance(meta, dict) else {}), text[body_start:], text[:body_start].count("\n")
    return {}, text, 0


def _signature_text(function: Callable) -> str:
    names = list(inspect.signature(function).parameters)
    return ", ".join(names) if names else "aucun argument"


def _check_call(call: nodes.Call, macros: dict[str, Callable], checks: dict[str, ReferenceCheck],
                catalogue: Any) -> str | None:
    """The French problem with one macro call, or None."""
    name = call.node.name
    function = macros.get(name)
    if function is None:
        known = ", ".join(sorted(macros))
        return f"macro « {name} » inconnue (macros possibles : {known})"
    try:
        args = [arg.as_const() for arg in call.args]
        kwargs = {kw.key: kw.value.as_const() for kw in call.kwargs}
    except nodes.Impossible:
        return None  # computed arguments: only the rendering can check them
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        return None
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
    except TypeError:
        return f"arguments incorrects pour « {name} » (arguments possibles : {_signature_text(function)})"
    check = checks.get(name)
    if check is None:
        return None
    try:
        check(catalogue, dict(bound.arguments))
    except MacroError as exc:  # the features' lookups say what is wrong, in French
        return str(exc)
    return None


def check_page(text: str, rel: str, macros: dict[str, Callable], checks: dict[str, ReferenceCheck],
               catalogue: Any) -> list[Problem]:
    """The problems of one page's macro calls (none if the page does not render macros)."""
    meta, body, offset = _front_matter(text)
    if meta.get("render_macros") is not True:
        return []
    try:
        tree = Environment().parse(body)
    except TemplateSyntaxError as exc:
        return [Problem(rel, offset + (exc.lineno or 1), f"syntaxe de macro incorrecte : {exc.message} "
                        "(une macro s'écrit {{ nom(\"argument\") }})")]
    problems = []
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name in MACROS_PLUGIN_NAMES:
            continue
        message = _check_call(call, macros, checks, catalogue)
        if message:
            problems.append(Problem(rel, offset + call.lineno, message))
    return problems


def check_pages(docs_dir: Path, root: Path, macros: dict[str, Callable], checks: dict[str, ReferenceCheck],
                catalogue: Any) -> list[Problem]:
    """Every problem of every Markdown page under ``docs_dir``, paths relative to ``root``."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        problems += check_page(path.read_text(encoding="utf-8"), rel, macros, checks, catalogue)
    return problems


class GuardedEnv:
    """mkdocs-macros' env as registrars see it: every macro they add goes through ``guard``, and
    a result that is a block of HTML goes through ``raw_block`` (the build's ``PageBodies``),
    which keeps it out of Markdown."""

    def __init__(self, env: Any, raw_block: Callable[[str], str]) -> None:
        self._env = env
        self.raw_block = raw_block

    def macro(self, function: Callable, name: str = "") -> Callable:
        name = name or function.__name__
        guarded = guard(self._env, name, function)

        @functools.wraps(function)
        def run(*args, **kwargs):
            result = guarded(*args, **kwargs)
            return self.raw_block(result) if isinstance(result, str) and _BLOCK_HTML.match(result) else result
        self._env.macro(run, name)
        return function

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._env, attribute)


def guard(env: Any, name: str, function: Callable) -> Callable:
    """``function`` as a macro whose failure is recorded on the page instead of raised."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported in French by the hooks (raise_macro_failures)
            message = str(exc) if isinstance(exc, (MacroError, BuildFailure)) else explain(exc)
            page = env.page
            if page is not None:
                getattr(page, _FAILURES, None) or setattr(page, _FAILURES, [])
                getattr(page, _FAILURES).append(f"la macro « {name} » a échoué : {message}")
            return ""
    return run


def raise_macro_failures(page: Any) -> None:
    """After mkdocs-macros rendered ``page``: raise the failures its macros recorded, if any."""
    failures = getattr(page, _FAILURES, None)
    if failures:
        setattr(page, _FAILURES, [])
        where = page.file.src_uri if page.file is not None else "?"
        raise BuildFailure("\n".join(f"docs/{where}: {failure}" for failure in failures))
