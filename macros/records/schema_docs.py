"""The staff guide's field tables and the published JSON Schema, both derived from the models.

The schema lives in one place (each record type's ``model.py``, declared in ``macros/features.py``
and read here through ``catalogue.schemas``); this module only describes it, so the guide can
never drift from what the validator accepts.
"""
from __future__ import annotations

import copy
import functools
import json
import typing
from typing import Any

from pydantic import BaseModel

from . import export_schemas
from ..core.errors import MacroError
from ..core.loader import Catalogue
from ..render.fragments import render_fragment

def _type_label(annotation: Any) -> str:
    """A French, non-technical name for a field's type."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (list, tuple):
        return f"liste de {_type_label(args[0])}" if args else "liste"
    if origin is dict:
        return "champs « nom: valeur »"
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)) and args:
        return _type_label(args[0])
    if origin is typing.Annotated:
        return _type_label(args[0])
    if origin is typing.Literal:
        return "une valeur parmi : " + ", ".join(map(str, typing.get_args(annotation)))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "groupe de champs"
    return {str: "texte", int: "nombre entier", float: "nombre", bool: "vrai/faux"}.get(annotation, "texte")


def field_rows(model: type[BaseModel], prefix: str = "") -> list[dict[str, str]]:
    """One row per field, nested groups flattened as ``territoire.precision``."""
    rows = []
    for name, field in model.model_fields.items():
        name = field.alias or name  # the YAML key (« import », a Python keyword, is an alias)
        rows.append({"champ": prefix + name, "type": _type_label(field.annotation),
                     "obligatoire": "oui" if field.is_required() else "non", "description": field.description or ""})
        nested = _nested_model(field.annotation)
        if nested is not None:
            rows += field_rows(nested, prefix + name + ".")
    return rows


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def input_schema(folder: str, model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of the YAML files of ``data/<folder>/``, titled so that nobody takes it
    for the schema of an export (those are ``export-*.schema.json``, see export_schemas)."""
    schema = copy.deepcopy(_model_schema(model))
    schema["title"] = f"Fiche YAML « {folder} » (saisie : data/{folder}/<slug>.yml, publiée sous donnees/{folder}/)"
    return schema


@functools.lru_cache(maxsize=64)
def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    # A model is code: its schema never changes while the process runs (a third of a second per
    # preview rebuild, for a dozen models). Callers get a copy.
    return model.model_json_schema()


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    schemas = catalogue.schemas
    out = {f"donnees/schema/{folder}.schema.json": export_schemas.dumps(input_schema(folder, model))
           for folder, model in schemas.items()}
    exported = {name: schemas[name] for name in ("faq", "glossaire") if name in schemas}
    out.update({path: export_schemas.dumps(schema) for path, schema in export_schemas.schemas(exported).items()})
    return out


def _check_folder(catalogue: Catalogue, args: dict[str, Any]) -> None:
    if args["folder"] not in catalogue.schemas:
        raise MacroError(f"type de fiche inconnu « {args['folder']} » (types : {', '.join(sorted(catalogue.schemas))})")


# Checked in hand-written pages before anything renders (see page_refs).
REFERENCE_CHECKS = {"tableau_champs": _check_folder}


def register(env, catalogue: Catalogue) -> None:  # noqa: ANN001 - mkdocs-macros' object
    @env.macro
    def tableau_champs(folder: str) -> str:
        """The field table of a record type (``cpts``, ``actions``…), for the staff guide."""
        _check_folder(catalogue, {"folder": folder})
        model = catalogue.schemas[folder]
        return render_fragment(catalogue.root, "schema_table.html", folder=folder, rows=field_rows(model))
