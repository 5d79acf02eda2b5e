"""Pydantic validation errors turned into French messages pointing at a file and line.

Pydantic's own messages are English and developer-oriented; staff need to know which field, on
which line, and what to write instead.
"""
from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Collector
from .fields import PATTERN_HINTS
from .yamlio import TYPOGRAPHIC_QUOTE_ADVICE, Located, typographic_quote

_TYPES = {
    "string_type": "doit être un texte",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier (sans décimales)",
    "float_type": "doit être un nombre",
    "float_parsing": "doit être un nombre",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "list_type": "doit être une liste (une ligne « - valeur » par élément)",
    "dict_type": "doit être un ensemble de champs (« nom: valeur »)",
    "model_type": "doit être un ensemble de champs (« nom: valeur »)",
    "model_attributes_type": "doit être un ensemble de champs (« nom: valeur »)",
    "none_required": "doit être vide",
    "finite_number": "doit être un nombre fini",
}


# Characters that look like a hyphen or a space, or show nothing (a word processor's, or a copy
# from a PDF): « non‑renseigne » with U+2011 is no status, and the message must say why. With the
# character meant (a hyphen), or None when the fix is to delete it (no code holds a space).
LOOKALIKES = {
    "\u2010": ("un trait d'union typographique", "-"), "\u2011": ("un trait d'union insécable", "-"),
    "\u2012": ("un tiret numérique", "-"), "\u2013": ("un tiret demi-cadratin", "-"), "\u2014": ("un tiret cadratin", "-"),
    "\u2212": ("un signe moins", "-"), "\u00ad": ("un trait d'union conditionnel, invisible", None),
    "\u00a0": ("une espace insécable", None), "\u202f": ("une espace fine insécable", None), "\u2009": ("une espace fine", None),
    "\u2007": ("une espace numérique", None), "\u200b": ("une espace de largeur nulle, invisible", None),
    "\u200c": ("un antiliant sans chasse, invisible", None), "\u200d": ("un liant sans chasse, invisible", None),
    "\u2060": ("un gluon de mots, invisible", None), "\ufeff": ("une espace insécable de largeur nulle, invisible", None),
}
# Errors about a value typed as a code (slug, date, code, choice…), where such a character is the fault;
# in a text it is ordinary typography.
_CODE_KINDS = {"slug", "date", "string_pattern_mismatch", "literal_error", "reference", "email", "telephone", "lignes",
               "int_parsing", "float_parsing", "value_error", "nombre"}


def lookalike(value: Any) -> str | None:
    """What is wrong with a code that holds a look-alike character, in French, or None."""
    if not isinstance(value, str):
        return None
    for position, char in enumerate(value):
        if char in LOOKALIKES:
            name, meant = LOOKALIKES[char]
            where = f"après « {value[:position]} »" if position else "au début"
            if meant is None:
                pronoun = "la" if name.startswith("une ") else "le"
                return f"« {value} » contient {name} (U+{ord(char):04X}) {where} : supprimez-{pronoun}"
            return (f"« {value} » contient {name} (U+{ord(char):04X}) {where}, au lieu du tiret « {meant} » du "
                    f"clavier : retapez-le")
    return None


def _field_label(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if not isinstance(p, int)]
    return names[-1] if names else "fiche"


def _model_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc`` (best effort, for suggestions)."""
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return model
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def french_message(error: dict[str, Any], model: type[BaseModel] | None) -> str:
    """One pydantic error as a French sentence naming the field."""
    kind = error["type"]
    loc = tuple(p for p in error["loc"] if p != "[key]")
    field = _field_label(loc)
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = str(error.get("typed", value))[:60] if not isinstance(value, (dict, list)) else ""
    if kind == "missing":
        return f"champ obligatoire « {field} » manquant"
    wrong = lookalike(value) if kind in _CODE_KINDS else None
    if wrong:
        return f"« {field} » : {wrong}"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(field), known, n=1)
        hint = f" : vouliez-vous écrire « {close[0]} » ?" if close else (f" (champs possibles : {', '.join(known)})" if known else "")
        return f"champ inconnu « {field} »{hint}"
    if kind == "string_type" and isinstance(value, dict):
        quote = typographic_quote(str(next(iter(value), "")))
        if quote:  # « - “a : b” » in a list: quoted, but with a word processor's quotes
            return f"« {field} » doit être un texte : {TYPOGRAPHIC_QUOTE_ADVICE.format(quote=quote)}"
        # The classic staff trap: an unquoted sentence containing " : " is read as "field: value".
        return f"« {field} » doit être un texte : si la phrase contient « : », mettez-la entre guillemets"
    if kind in _TYPES and value is None:
        return f"« {field} » est vide : écrivez sa valeur après « {field}: »"
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        # YAML reads true/false as booleans and digits as numbers (core.yamlio).
        read = "oui/non" if isinstance(value, bool) else "un nombre"
        return f"« {field} » doit être un texte : écrivez la valeur entre guillemets (valeur lue comme {read} : « {shown} »)"
    if kind == "nombre":  # core.fields.refuse_boolean_or_zero: the value as typed, then why it is no number
        return f"« {field} » : « {error.get('typed', ctx.get('value'))} » {ctx.get('reason')}"
    if kind in _TYPES:
        return f"« {field} » {_TYPES[kind]}" + (f" (valeur lue : « {shown} »)" if shown and kind != "missing" else "")
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(ctx.get("pattern", ""))
        return f"« {field} » : « {shown} » n'a pas le format attendu" + (f" ({hint})" if hint else "")
    if kind in ("reference", "doublon"):
        return error["msg"]
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return f"« {field} » ne doit pas être vide"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"« {field} » est trop long ({ctx.get('max_length')} caractères au maximum)"
    if kind == "too_short":
        return f"« {field} » : indiquez au moins {ctx.get('min_length')} élément(s)"
    if kind == "too_long":
        return f"« {field} » : {ctx.get('max_length')} éléments au maximum"
    if kind in ("greater_than_equal", "greater_than"):
        return f"« {field} » doit être supérieur{' ou égal' if kind.endswith('equal') else ''} à {ctx.get('ge', ctx.get('gt'))} (valeur lue : {shown})"
    if kind in ("less_than_equal", "less_than"):
        return f"« {field} » doit être inférieur{' ou égal' if kind.endswith('equal') else ''} à {ctx.get('le', ctx.get('lt'))} (valeur lue : {shown})"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"« {field} » : valeur « {shown} » inconnue (valeurs possibles : {expected})"
    if kind == "value_error":
        return f"« {field} » : {error['msg'].removeprefix('Value error, ')}"
    # Our own validators (core/fields.py, the records' models) already speak French: prefix the field name.
    if kind in ("slug", "texte", "date", "url", "email", "telephone", "lignes", "source", "territoire", "zone"):
        return f"« {field} » : {error['msg']}" if loc else error["msg"]
    return f"« {field} » : valeur invalide"


def report_validation(
    exc: ValidationError,
    located: Located,
    rel: str,
    collector: Collector,
    prefix: tuple[Any, ...] = (),
    model: type[BaseModel] | None = None,
) -> None:
    """Report every error of ``exc`` with the line of the offending value."""
    model = model or _root_model(exc)
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if p != "[key]")
        if error["type"] == "doublon":  # the repeat itself, on its own line when the list is written one item a line
            loc += (error["ctx"]["index"],)
        line = located.line(prefix + loc)
        if error["type"] in ("string_type", "nombre") and isinstance(error.get("input"), (bool, int, float)):
            error = {**error, "typed": _typed(located.text, line, error["input"], loc)}
        collector.error(rel, line, french_message(error, model))


def _typed(text: str, line: int, value: Any, loc: tuple[Any, ...]) -> Any:
    """The scalar as written on ``line`` (« 01053 »), where YAML read a number (555, in octal);
    in a list written on one line (``[46042, 01053]``), the item at the error's position."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return value
    written = lines[line - 1].split(" #")[0]
    written = written.split(":", 1)[1] if ":" in written else written.lstrip(" -")
    written = written.strip().lstrip("- ").strip()
    if written.startswith("[") and written.endswith("]"):
        items = [item.strip() for item in written[1:-1].split(",")]
        position = loc[-1] if loc and isinstance(loc[-1], int) else None
        written = items[position] if position is not None and position < len(items) else ""
    return written or value


def _root_model(exc: ValidationError) -> type[BaseModel] | None:
    """The referential model that failed (records pass their model): its fields name the fixes."""
    from . import referentiels  # local: referentiels reports its errors through this module

    candidate = getattr(referentiels, exc.title, None)
    if isinstance(candidate, type) and issubclass(candidate, BaseModel):
        return candidate
    return None
