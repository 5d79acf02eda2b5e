"""Macro calls in hand-written pages are data too: checked before anything renders.

A page of ``docs/`` that opts into macros (``render_macros: true``) names indicators, series,
categories and schemas by identifier. ``check_pages`` reads every page with Jinja's parser,
finds each macro call and checks, before build, serve or ``make validate`` render anything:

- that ``render_macros`` is a true boolean (mkdocs-macros renders only ``true``: ``oui`` or
  ``"true"`` published the page raw), and that a page without it calls no macro outside code
  (it would be published as typed);
- that the macro exists and its arguments fit its signature and their types (its annotations);
- that what it names exists (each feature declares its checks in ``REFERENCE_CHECKS``), unless it
  names a record whose file failed to load (that file's own errors are reported);
- that the page's other expressions can be computed: a setting of MkDocs' ``config`` or of
  ``extra`` that exists, no arithmetic on a macro's text.

Each problem is a ``Problem`` (``docs/x.md:LINE: message``) listing the valid choices.

At render time, ``guard`` wraps every macro, and ``guard_templates`` every page's template, so
that a failure is recorded on the page in French and raised by the hooks after mkdocs-macros has
finished: mkdocs-macros would otherwise print its own English report with a traceback (its
formatter even crashes on a ``%`` in the message), and with ``on_error_fail`` it calls ``exit()``,
which ends ``mkdocs serve`` for good. A macro's block of finished HTML (a table, a chart, a map) is
kept out of Markdown (``GuardedEnv``).
"""
from __future__ import annotations

import difflib
import functools
import inspect
import json
import re
import traceback
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml
from jinja2 import Environment, Template, nodes
from jinja2.exceptions import TemplateSyntaxError, UndefinedError
from markupsafe import Markup

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


class _PageProblem(Exception):
    """A page that cannot be checked as written (encoding, front matter): ``line`` and ``message``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def page_text(raw: bytes) -> str:
    """A page's text as MkDocs reads it (UTF-8, a leading byte-order mark dropped); raises
    ``_PageProblem`` in French where the bytes are not UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _PageProblem(raw[: exc.start].count(b"\n") + 1,
                           "le fichier n'est pas encodé en UTF-8 : réenregistrez-le en UTF-8") from None


# MkDocs' own rule (mkdocs.utils.meta): a front matter is a first line « --- » and the next line
# that is « --- » or « ... »; MkDocs silently renders a page whose front matter does not parse
# with the front matter as text, and the page's macros unrendered.
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def _front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter, body, number of lines before the body) of a Markdown page; raises
    ``_PageProblem`` where the front matter is not a readable list of « nom: valeur »."""
    text = text.replace("\r\n", "\n")
    match = _FRONT.match(text)
    if match is None:
        return {}, text, 0
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        raise _PageProblem(line, "en-tête de la page (entre les deux lignes « --- ») illisible : mettez entre "
                                 "guillemets une valeur qui contient « : », « # » ou commence par un signe, "
                                 "ex. title: \"Accueil : les CPTS\"") from None
    if meta is not None and not isinstance(meta, dict):
        raise _PageProblem(2, "en-tête de la page (entre les deux lignes « --- ») : des lignes « nom: valeur » attendues")
    return meta or {}, text[match.end():], match.group(0).count("\n")


def _literal(value: Any) -> str:
    """A value as a page would write it in a macro call (« deux », 3, true, ["faq"])."""
    if isinstance(value, str):
        return value
    if value is None:
        return "none"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _signature_text(name: str, function: Callable) -> str:
    """The call as documented: « a_la_une(evenements=2, actualites=3) »."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return f"{name}(…)"
    shown = []
    for parameter in parameters:
        default = parameter.default
        if default is inspect.Parameter.empty:
            shown.append(parameter.name)
        else:
            shown.append(f'{parameter.name}="{default}"' if isinstance(default, str)
                         else f"{parameter.name}={_literal(default)}")
    return f"{name}({', '.join(shown)})"


# What a macro's annotation accepts, in the words of the page (a Jinja literal).
_KINDS = {bool: "true ou false", int: "un nombre entier", float: "un nombre", str: "un texte entre guillemets",
          type(None): "none"}


def _accepted(annotation: Any) -> tuple[type, ...] | None:
    """The plain types an annotation accepts (``int``, ``str | None``…), None when it is anything else."""
    if annotation in _KINDS:
        return (annotation,)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        parts = [_accepted(arg) for arg in typing.get_args(annotation)]
        return None if any(part is None for part in parts) else tuple(t for part in parts for t in part)
    return None


def _fits(value: Any, kinds: tuple[type, ...]) -> bool:
    for kind in kinds:
        if kind is bool and isinstance(value, bool):
            return True
        if kind is int and isinstance(value, int) and not isinstance(value, bool):
            return True
        if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        if kind in (str, type(None)) and isinstance(value, kind):
            return True
    return False


def _type_problem(name: str, function: Callable, arguments: dict[str, Any]) -> str | None:
    """The first argument whose type its macro's annotation refuses: the macro would fail while the
    page renders (« slice indices must be integers ») or its check would (« unhashable type »)."""
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # noqa: BLE001 - an annotation this cannot read: the types are not checked
        return None
    for parameter, value in arguments.items():
        kinds = _accepted(hints.get(parameter))
        if kinds is not None and not _fits(value, kinds):
            expected = " ou ".join(dict.fromkeys(_KINDS[kind] for kind in kinds))
            return (f"la macro « {name} » attend {expected} pour « {parameter} », reçu « {_literal(value)} » "
                    f"(elle s'écrit {{{{ {_signature_text(name, function)} }}}})")
    return None


def _names_unavailable(arguments: dict[str, Any], unavailable: frozenset[str]) -> bool:
    """Whether an argument names a record whose file failed to load (« barometre-2024/tailles »
    names data/observatoire/barometre-2024.yml): the check cannot tell, that file's errors do."""
    return any(isinstance(value, str) and (value in unavailable or value.split("/")[0] in unavailable)
               for value in arguments.values())


def _check_call(call: nodes.Call, macros: dict[str, Callable], checks: dict[str, ReferenceCheck],
                catalogue: Any, unavailable: frozenset[str] = frozenset()) -> str | None:
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
        return f"arguments incorrects pour « {name} » : elle s'écrit {{{{ {_signature_text(name, function)} }}}}"
    arguments = dict(bound.arguments)
    wrong_type = _type_problem(name, function, arguments)
    if wrong_type:
        return wrong_type
    check = checks.get(name)
    if check is None:
        return None
    try:
        check(catalogue, arguments)
    except MacroError as exc:  # the features' lookups say what is wrong, in French
        return None if _names_unavailable(arguments, unavailable) else str(exc)
    except Exception as exc:  # noqa: BLE001 - a check that breaks is said for this call; the others go on
        if _names_unavailable(arguments, unavailable):
            return None
        return (f"arguments refusés par « {name} » ({explain(exc)}) : elle s'écrit "
                f"{{{{ {_signature_text(name, function)} }}}}")
    return None


# What a page's template may name besides macros and the page's own variables: Jinja's globals.
JINJA_GLOBALS = frozenset({"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "super", "self",
                           "varargs", "kwargs", "caller", "true", "false", "none", "True", "False", "None"})


@dataclass(frozen=True)
class SiteNames:
    """What the pages' templates may read besides the macros (see ``check_page``)."""

    extra: Mapping[str, Any] = field(default_factory=dict)  # mkdocs.yml's ``extra``: each key is a variable too
    config: frozenset[str] | None = None   # the settings MkDocs' ``config`` has (None: not checked)
    unavailable: frozenset[str] = frozenset()  # slugs of record files that failed to load (their errors say why)

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(str(k) for k in self.extra)


def _name_problems(tree: nodes.Template, macros: dict[str, Callable], known: frozenset[str],
                   defined: set[str]) -> list[tuple[int, str]]:
    """Names a page uses that render nothing useful: a macro written without its parentheses
    (the page would show « <function …> ») and unknown names (the build would stop in English).
    ``defined``: the names the page sets itself."""
    called = {id(call.node) for call in tree.find_all(nodes.Call)}
    defined = defined | {m.name for m in tree.find_all(nodes.Macro)}
    problems = []
    for name in tree.find_all(nodes.Name):
        # A called name is checked with its call (``_check_call``).
        if name.ctx != "load" or id(name) in called or name.name in known or name.name in defined:
            continue
        if name.name in macros:
            problems.append((name.lineno, f"« {name.name} » est une macro : écrivez ses parenthèses, "
                                          f"{{{{ {name.name}() }}}}"))
        else:
            close = difflib.get_close_matches(name.name, sorted(macros), n=1)
            hint = (f"vouliez-vous écrire {{{{ {close[0]}() }}}} ?" if close
                    else f"une macro s'écrit {{{{ nom() }}}} (macros possibles : {', '.join(sorted(macros))})")
            problems.append((name.lineno, f"« {name.name} » inconnu dans cette page : {hint}"))
    return problems


def _chain(node: nodes.Node) -> tuple[str, list[str]] | None:
    """``config.extra.portail`` as ("config", ["extra", "portail"]); None for anything but names
    read through constant attributes and keys."""
    keys: list[str] = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            keys.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            keys.append(node.arg.value)
        else:
            return None
        node = node.node
    if not isinstance(node, nodes.Name) or node.ctx != "load":
        return None
    return node.name, keys[::-1]


def _setting_problems(tree: nodes.Template, names: SiteNames, defined: set[str]) -> list[tuple[int, str]]:
    """Settings a page reads that do not exist: ``config.site_nom`` (MkDocs' settings) and
    ``extra.portail.tuiles`` (mkdocs.yml's ``extra``) stopped the build in English."""
    found: dict[tuple[int, str], str] = {}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        chain = _chain(node)
        if chain is None or chain[0] in defined:
            continue
        root, keys = chain
        if root == "config":
            if names.config is None or not keys:
                continue
            if keys[0] not in names.config:
                close = difflib.get_close_matches(keys[0], sorted(names.config), n=1)
                hint = f"vouliez-vous écrire « config.{close[0]} » ?" if close else "voyez les réglages de mkdocs.yml"
                found[(node.lineno, f"config.{keys[0]}")] = f"« config.{keys[0]} » n'existe pas : {hint}"
                continue
            if keys[0] != "extra":
                continue
            root, keys = "extra", keys[1:]
        if root == "extra":
            value: Any = names.extra
        elif root in names.extra:
            value, keys = names.extra[root], keys
        else:
            continue
        path = [root]
        for key in keys:
            if not isinstance(value, Mapping) or hasattr(dict, key):
                break  # beyond what mkdocs.yml spells out (a method, a value that is no mapping)
            if key not in value:
                where = ".".join(path)
                choices = ", ".join(str(k) for k in value) or "aucun"
                found[(node.lineno, f"{where}.{key}")] = (f"« {where}.{key} » n'existe pas dans « extra » de mkdocs.yml "
                                                           f"(sous « {where} » : {choices})")
                break
            value = value[key]
            path.append(key)
    return [(line, message) for (line, _), message in found.items()]


def _returns_text(function: Callable) -> bool:
    try:
        return typing.get_type_hints(function).get("return") in (str, Markup)
    except Exception:  # noqa: BLE001 - an annotation this cannot read: not known to be text
        return False


# Operators that need numbers on both sides: « + » also joins two texts, never a text and a number.
_ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg, nodes.Pos)
_ORDER = ("gt", "gteq", "lt", "lteq")


def _arithmetic_problems(tree: nodes.Template, macros: dict[str, Callable]) -> list[tuple[int, str]]:
    """A macro's result used as a number (``{{ nombre_cpts() + 1 }}``): it is text to show (« 1 234 »),
    and the page stopped the build with a Python TypeError."""
    operands: list[nodes.Node] = []
    for node in tree.find_all(_ARITHMETIC):
        operands += [node.node] if isinstance(node, nodes.UnaryExpr) else [node.left, node.right]
    for node in tree.find_all(nodes.Compare):
        if any(op.op in _ORDER for op in node.ops):
            operands += [node.expr] + [op.expr for op in node.ops]
    problems = {}
    for operand in operands:
        if (isinstance(operand, nodes.Call) and isinstance(operand.node, nodes.Name)
                and operand.node.name in macros and _returns_text(macros[operand.node.name])):
            name = operand.node.name
            problems[(operand.lineno, name)] = (f"« {name}() » donne un texte à afficher, pas un nombre : aucun calcul "
                                                f"ni comparaison n'est possible avec (écrivez {{{{ {name}() }}}} seul)")
    return [(line, message) for (line, _), message in problems.items()]


# Code in Markdown, where a macro call is an example shown as typed: fenced blocks (at any
# indentation: in a list or an admonition too), code spans and <code> elements.
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)|<code\b.*?</code>", re.S)
_CALL = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\s*\(")


def _calls_outside_code(body: str, macros: dict[str, Callable]) -> list[tuple[int, str]]:
    """(line, macro) of each macro call written outside code in a page that does not render macros."""
    found, fence = [], None
    for number, line in enumerate(body.split("\n"), 1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        for match in _CALL.finditer(_CODE_SPAN.sub("", line)):
            if match.group(1) in macros:
                found.append((number, match.group(1)))
    return found


def _front_line(text: str, key: str) -> int:
    """The line of ``key`` in a page's front matter (2, the line after « --- », if not found)."""
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n")[1:], 2):
        if line.startswith(f"{key}:") or line.startswith(f"{key} :"):
            return number
        if line.rstrip() in ("---", "..."):
            break
    return 2


def check_page(text: str, rel: str, macros: dict[str, Callable], checks: dict[str, ReferenceCheck],
               catalogue: Any, names: SiteNames = SiteNames()) -> list[Problem]:
    """The problems of one page: its front matter, and its macro calls if it renders macros (or
    calls one without rendering them)."""
    try:
        meta, body, offset = _front_matter(text)
    except _PageProblem as problem:
        return [Problem(rel, problem.line, problem.message)]
    problems = []
    if "render_macros" not in meta:
        how = ("ajoutez « render_macros: true » à son en-tête" if offset
               else "ajoutez en tête de page un en-tête de trois lignes : « --- », « render_macros: true », « --- »")
        return [Problem(rel, offset + line, f"« {{{{ {name}(…) }}}} » serait publié tel quel : cette page ne calcule pas "
                                            f"ses macros ; {how} (pour montrer la macro sans la calculer, écrivez-la "
                                            "entre accents graves : `{{ … }}`)")
                for line, name in _calls_outside_code(body, macros)]
    render = meta["render_macros"]
    if not isinstance(render, bool):
        # mkdocs-macros renders only the boolean true: « oui » or « "true" » published the page
        # raw. The page is checked as staff meant it, so that its other errors come at once.
        line = _front_line(text, "render_macros")
        written = text.replace("\r\n", "\n").split("\n")[line - 1].strip()
        problems.append(Problem(rel, line, f"« {written} » n'est pas compris : écrivez render_macros: true (sans "
                                           "guillemets) pour que les macros de la page soient calculées, ou "
                                           "render_macros: false pour les montrer telles quelles"))
    elif render is False:
        return []
    try:
        tree = Environment().parse(body)
    except TemplateSyntaxError as exc:
        return problems + [Problem(rel, offset + (exc.lineno or 1), f"syntaxe de macro incorrecte : {exc.message} "
                                   "(une macro s'écrit {{ nom(\"argument\") }})")]
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name in MACROS_PLUGIN_NAMES:
            continue
        message = _check_call(call, macros, checks, catalogue, names.unavailable)
        if message:
            problems.append(Problem(rel, offset + call.lineno, message))
    known = MACROS_PLUGIN_NAMES | JINJA_GLOBALS | names.variables | frozenset(str(k) for k in meta)
    defined = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    found = _name_problems(tree, macros, known, defined) + _setting_problems(tree, names, defined)
    found += _arithmetic_problems(tree, macros)
    problems += [Problem(rel, offset + line, message) for line, message in found]
    return sorted(problems, key=lambda p: p.line)


def check_pages(docs_dir: Path, root: Path, macros: dict[str, Callable], checks: dict[str, ReferenceCheck],
                catalogue: Any, names: SiteNames = SiteNames()) -> list[Problem]:
    """Every problem of every Markdown page under ``docs_dir``, paths relative to ``root``."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        try:
            text = page_text(path.read_bytes())
        except _PageProblem as problem:
            problems.append(Problem(rel, problem.line, problem.message))
            continue
        except OSError as exc:
            problems.append(Problem(rel, 0, f"fichier illisible ({exc.strerror})"))
            continue
        problems += check_page(text, rel, macros, checks, catalogue, names)
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


def _record(page: Any, line: int | None, message: str) -> None:
    """Keep a failure on the page (``line``: of the page's body, as Jinja counts it)."""
    if page is not None:
        getattr(page, _FAILURES, None) or setattr(page, _FAILURES, [])
        getattr(page, _FAILURES).append((line, message))


def _template_line(frames: list[traceback.FrameSummary]) -> int | None:
    """The line of the page being rendered: Jinja names a template made from text « <template> »."""
    return next((frame.lineno for frame in reversed(frames) if frame.filename == "<template>"), None)


def guard(env: Any, name: str, function: Callable) -> Callable:
    """``function`` as a macro whose failure is recorded on the page instead of raised."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported in French by the hooks (raise_macro_failures)
            message = str(exc) if isinstance(exc, (MacroError, BuildFailure)) else explain(exc)
            _record(env.page, _template_line(traceback.extract_stack()), f"la macro « {name} » a échoué : {message}")
            return ""
    return run


def _render_failure(kind: str, text: str) -> str:
    """A page's expression that failed while rendering (``kind``: the Python exception's name), in French."""
    if kind == UndefinedError.__name__:
        found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", text)
        name = next(g for g in found.groups() if g) if found else text
        return (f"« {name} » n'existe pas : vérifiez son orthographe (une macro s'écrit {{{{ nom() }}}}, un réglage "
                "de mkdocs.yml {{ config.site_name }})")
    detail = text.strip().splitlines()[0][:200] if text.strip() else ""
    return (f"cette expression ne peut pas être calculée ({kind}{' : ' + detail if detail else ''}) : "
            "une macro s'écrit seule, {{ nom(\"argument\") }}, sans calcul autour")


class _PageTemplate(Template):
    """A page's template whose failure is recorded on the page, like a macro's (``guard``), instead
    of reaching mkdocs-macros (see the module docstring). ``macros_plugin``: set by ``guard_templates``."""

    macros_plugin: Any = None

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            return super().render(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported in French by the hooks (raise_macro_failures)
            _record(getattr(self.macros_plugin, "page", None), _template_line(traceback.extract_tb(exc.__traceback__)),
                    _render_failure(type(exc).__name__, str(exc)))
            return ""


def guard_templates(macros_plugin: Any) -> None:
    """Make every page template of mkdocs-macros (its Jinja environment, new at each build) a
    ``_PageTemplate``; nothing to do without mkdocs-macros."""
    environment = getattr(macros_plugin, "env", None) if macros_plugin is not None else None
    if environment is None or issubclass(environment.template_class, _PageTemplate):
        return
    environment.template_class = type("PageTemplate", (_PageTemplate,), {"macros_plugin": macros_plugin})


# mkdocs-macros' own report of a page it could not render (it replaces the page, or its title,
# with it): what still reaches it when ``guard_templates`` could not act, said in French.
_MACROS_REPORT = re.compile(r"# _Macro (Syntax|Rendering) Error_")
_REPORTED_LINE = re.compile(r"_Line (\d+) in Markdown file:_ \*\*(.*?)\*\*")
_REPORTED_ERROR = re.compile(r"^_(\w+)_: (.*)$", re.M)


def _macros_plugin_report(text: Any) -> tuple[int | None, str] | None:
    if not isinstance(text, str) or _MACROS_REPORT.search(text) is None:
        return None
    syntax = _REPORTED_LINE.search(text)
    if syntax:
        return int(syntax.group(1)), (f"syntaxe de macro incorrecte : {syntax.group(2)} "
                                      "(une macro s'écrit {{ nom(\"argument\") }})")
    error = next((m for m in _REPORTED_ERROR.finditer(text) if m.group(1) != "File"), None)
    return None, _render_failure(error.group(1), error.group(2)) if error else "la page n'a pas pu être calculée"


def _body_offset(page: Any) -> int:
    """Lines of the page's file before the text mkdocs-macros renders: MkDocs drops the front
    matter and the blank lines after it (``mkdocs.utils.meta.get_data``)."""
    try:
        text = page_text(Path(page.file.abs_src_path).read_bytes())
        meta, body, offset = _front_matter(text)
    except (AttributeError, TypeError, OSError, _PageProblem):
        return 0
    return offset + len(body) - len(body.lstrip("\n"))


def raise_macro_failures(page: Any, markdown: Any = None) -> None:
    """After mkdocs-macros rendered ``page`` (into ``markdown``): raise the failures its macros and
    template recorded, if any, each with the page's line when it is known."""
    failures = list(getattr(page, _FAILURES, None) or [])
    for text in (markdown, getattr(page, "title", None)):
        reported = _macros_plugin_report(text)
        if reported:
            failures.append(reported)
    if failures:
        setattr(page, _FAILURES, [])
        where = f"docs/{page.file.src_uri}" if page.file is not None else "docs/?"
        offset = _body_offset(page)
        raise BuildFailure("\n".join(f"{where}:{offset + line}: {message}" if line else f"{where}: {message}"
                                     for line, message in dict.fromkeys(failures)))
