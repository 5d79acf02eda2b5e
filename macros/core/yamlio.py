"""Safe YAML reading for staff-written files, with the line of every value.

Staff edit YAML by hand, so this module turns every way a file can be broken (encoding, tabs,
syntax, duplicate keys, anchors, custom tags, size, a word processor's quotes) into one French
message with its line, reads every plain value as it was typed (only true/false are booleans, no
octal or base-60 numbers), and keeps, for each value, the line it was written on so that later
checks can point at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import memo
from .errors import Collector

MAX_BYTES = 1_000_000  # a record is a few KB; anything this large is a mistake or an attack

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Located:
    """A parsed YAML document and the line of each key path (``("territoire", "communes", 0)``)."""

    data: Any
    lines: dict[Key, int]
    text: str = ""  # the file as written: messages quote what staff typed (01053, not the 555 YAML read)

    def line(self, path: Key) -> int:
        """Line of ``path``, or of its nearest written ancestor (a missing key points at its parent)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (no 'billion laughs', no hidden sharing)."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _YamlProblem(
                event.start_mark.line + 1,
                "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur",
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _YamlProblem(
                event.start_mark.line + 1,
                "les ancres YAML (&nom) ne sont pas acceptées : écrivez chaque valeur en clair",
            )
        # Explicit tags (!!binary, !!python/…, !include…) are refused, even those SafeLoader knows:
        # staff never need them, and they turn text into something else without a visible sign.
        if getattr(event, "tag", None) not in (None, "!"):
            raise _YamlProblem(event.start_mark.line + 1, "étiquette YAML (!…) non autorisée ou valeur illisible")
        return super().compose_node(parent, index)


# What a plain (unquoted) value becomes. PyYAML follows YAML 1.1, which turns what staff type
# into something else without a sign: yes/no/on/off into true/false (« taille: yes » published
# « Taille 1 »), 012345 into the octal 5349, 0x1F and 1_000 into numbers, 10:00 into 600 (base 60).
# Here only true/false are booleans, and only a number written as a person reads it (no leading
# zero, no underscore, no base prefix, no colon) is a number: everything else stays the text that
# was typed, which a number field refuses with a message quoting it (core.fields.WholeNumber) and
# a text or code field takes as written (YAML 1.2's core schema, without its leading zeros).
# Dates stay text: the models parse "AAAA", "AAAA-MM" and "AAAA-MM-JJ" themselves, so an
# impossible date gets a message with its line instead of a PyYAML exception.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_RETYPED = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _resolvers() -> dict:
    table = {first: [(tag, regexp) for tag, regexp in resolvers if tag not in _RETYPED]
             for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    for tag, regexp, firsts in (("tag:yaml.org,2002:bool", _BOOL, "tTfF"),
                                ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
                                ("tag:yaml.org,2002:float", _FLOAT, "-+.0123456789")):
        for first in firsts:
            table.setdefault(first, []).append((tag, regexp))
    return table


_Loader.yaml_implicit_resolvers = _resolvers()


# libyaml (C) parses ~10x faster than pure Python, which matters with 1,000 records; it cannot
# report anchors or explicit tags (it accepts !!binary…), so a file that may contain one (or any
# syntax error) goes through _Loader.
_FastLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml SafeLoader with the same resolvers as _Loader (dates stay text)."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

_MAYBE_ANCHOR = re.compile(r"(^|[\s\[{,:-])[&*!][^\s*]", re.MULTILINE)


class _YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# Quotes a word processor types: YAML takes them for text, so « “La CPTS : une équipe” » is an
# unquoted sentence whose « : » starts a field.
TYPOGRAPHIC_QUOTES = "“”„‟«»‘’‚‹›"
TYPOGRAPHIC_QUOTE_ADVICE = ("les guillemets typographiques ({quote}) ne délimitent pas un texte pour YAML : entourez "
                            "la valeur de guillemets droits \"…\"")


def typographic_quote(value: str) -> str | None:
    """The typographic quote a value starts with (« “La CPTS » read as text by YAML), if any."""
    value = value.strip()
    return value[0] if value[:1] and value[0] in TYPOGRAPHIC_QUOTES else None


def _explain_syntax(error: yaml.YAMLError, text: str = "") -> tuple[int, str]:
    """A French message for PyYAML's scanner/parser errors."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problem = (getattr(error, "problem", "") or "").lower()
    lines = text.splitlines()
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    value = re.sub(r"^\s*(?:-\s+)?(?:[^\s:\"'#][^:#]*:\s+)?", "", written)
    quote = typographic_quote(value)
    if quote and ("mapping values" in problem or "expected ':'" in problem or "did not find expected" in problem):
        # The sentence was quoted, with the quotes of a word processor: say so rather than « add quotes ».
        return line, "syntaxe YAML invalide : " + TYPOGRAPHIC_QUOTE_ADVICE.format(quote=quote)
    if "'\\t'" in problem or "tab" in problem:
        return line, "tabulation interdite : indentez avec des espaces"
    if "could not find expected ':'" in problem:
        return line, "syntaxe YAML invalide : il manque « : » après un nom de champ, ou un guillemet n'est pas fermé"
    if "mapping values are not allowed" in problem:
        return line, "syntaxe YAML invalide : « : » inattendu (mettez le texte entre guillemets)"
    if "found undefined tag" in problem or "could not determine a constructor" in problem:
        return line, "étiquette YAML (!…) non autorisée"
    if "found character" in problem and "cannot start any token" in problem:
        return line, "caractère interdit en début de valeur (mettez le texte entre guillemets)"
    if "another document" in problem:
        return line, "un seul document YAML par fichier : supprimez cette ligne « --- » et ce qui la suit, ou faites-en un autre fichier"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return line, "syntaxe YAML invalide : indentation incohérente, liste mal formée ou guillemet non fermé plus haut"
    if "special characters are not allowed" in problem or "control characters" in problem:
        return line, "caractère de contrôle interdit dans le fichier"
    return line, f"syntaxe YAML invalide ({problem or 'structure illisible'})"


def _index_lines(node: yaml.Node, path: Key, lines: dict[Key, int], report) -> None:
    """Record the line of every value and report duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                report(key_node.start_mark.line + 1, "une clé doit être un simple nom de champ")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                report(line, f"champ « {key} » en double (déjà défini ligne {seen[key]})")
                continue
            seen[key] = line
            lines[path + (key,)] = line
            _index_lines(value_node, path + (key,), lines, report)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _index_lines(item, path + (i,), lines, report)


def read_yaml(path: Path, rel: str, collector: Collector) -> Located | None:
    """Parse one staff file; on any problem report it (with its line) and return None."""
    if path.is_symlink() or not path.is_file():
        # A link would publish a file from outside data/ (record files are copied into the site);
        # a pipe or a device would hang the build. Staff files are plain files.
        collector.error(rel, 0, "lien symbolique ou fichier spécial refusé : enregistrez à cet endroit un vrai fichier YAML")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # checked before reading: a huge file must not be loaded into memory
            collector.error(rel, 0, f"fichier trop volumineux ({size // 1024} Ko, maximum {MAX_BYTES // 1000} Ko)")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        collector.error(rel, 0, f"fichier illisible ({exc.strerror})")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        collector.warning(rel, 1, "marque d'ordre des octets (BOM) en tête de fichier : ignorée, mais réenregistrez-le en « UTF-8 sans BOM »")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        collector.error(rel, line, "le fichier n'est pas encodé en UTF-8 : réenregistrez-le en UTF-8")
        return None
    if "\x00" in text:
        collector.error(rel, text.split("\x00")[0].count("\n") + 1, "caractère nul interdit dans le fichier")
        return None
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        collector.error(rel, 0, "fichier vide")
        return None

    # Under ``mkdocs serve``, an unchanged file is not parsed again (``memo``): its result and
    # the problems it reported are reused.
    parsed, problems = memo.memoized("yaml", (text, rel), lambda: _parse_reporting(text, rel))
    collector.errors.extend(problems.errors)
    collector.warnings.extend(problems.warnings)
    return parsed


def _parse_reporting(text: str, rel: str) -> tuple[Located | None, Collector]:
    problems = Collector()
    fast = _FastLoader is not None and not _MAYBE_ANCHOR.search(text)
    if fast:
        try:
            return _parse(text, rel, problems, _FastLoader), problems
        except yaml.YAMLError:
            pass  # let the pure-Python loader produce the detailed French message
    return _parse(text, rel, problems, _Loader), problems


def _parse(text: str, rel: str, collector: Collector, loader_class) -> Located | None:
    """Compose, index lines, check duplicates, construct; report any problem with its line."""
    found: list[tuple[int, str]] = []
    try:
        # The reader checks every character as it is built: a control character raises here.
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        if loader_class is not _Loader:
            raise
        line = text[: exc.position].count("\n") + 1
        collector.error(rel, line, f"caractère de contrôle interdit dans le fichier (U+{exc.character:04X}) : supprimez-le")
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            collector.error(rel, 0, "fichier vide")
            return None
        lines: dict[Key, int] = {(): node.start_mark.line + 1}
        _index_lines(node, (), lines, lambda line, msg: found.append((line, msg)))
        if found:
            for line, msg in found:
                collector.error(rel, line, msg)
            return None
        data = loader.construct_document(node)
    except _YamlProblem as exc:
        collector.error(rel, exc.line, exc.message)
        return None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        collector.error(rel, mark.line + 1 if mark else 0, "étiquette YAML (!…) non autorisée ou valeur illisible")
        return None
    except yaml.YAMLError as exc:
        if loader_class is not _Loader:
            raise
        line, message = _explain_syntax(exc, text)
        collector.error(rel, line, message)
        return None
    except (ValueError, OverflowError):  # defensive: a scalar PyYAML cannot convert
        collector.error(rel, 0, "valeur illisible")
        return None
    finally:
        loader.dispose()
    return Located(data, lines, text)


def parse_plain(text: str) -> Any:
    """The data of ``text`` read as staff files are read (same booleans and numbers), without the
    checks and line numbers of ``read_yaml``: for a text that has already passed them."""
    return yaml.load(text, Loader=_FastLoader if _FastLoader is not None else _Loader)  # noqa: S506 - safe loaders
