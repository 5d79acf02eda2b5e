"""What a record type or a site feature declares: the one shape ``macros/features.py`` lists.

A feature is data, not an import side effect: importing a module never changes what the build
does. The catalogue loads the features it is given (``core.loader.build_catalogue``) and keeps
them, so that the build, the staff guide and the macro checks read the same declarations.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

# (catalogue, MkDocs config) -> {site-relative path: content or a page (render.pages.PageSource)}
Provider = Callable[[Any, Any], dict[str, Any]]
# (mkdocs-macros env, catalogue) -> None: adds the feature's macros with ``@env.macro``
MacroRegistrar = Callable[[Any, Any], None]
# (catalogue, CPTS slug, page URL) -> values for the CPTS page's ``extra``
PageContext = Callable[[Any, str, str], dict[str, Any]]
# (catalogue, macro arguments) -> None, raises ``MacroError`` naming what does not exist
ReferenceCheck = Callable[[Any, dict[str, Any]], None]
# closed list file name (data/referentiels/<name>.yml) -> (model, key field, required)
ReferentialSpec = tuple[type[BaseModel], str, bool]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (the catalogue cache key)
class Feature:
    """One record type or site feature, and every place it plugs into the build."""

    name: str                                        # catalogue.features[name] holds what ``loader`` returns
    loader: Callable[[Any], Any] | None = None       # (core.loader.LoadContext) -> its records
    schema: type[BaseModel] | None = None            # model of data/<name>/*.yml: staff guide and JSON Schema
    referentials: Mapping[str, ReferentialSpec] = field(default_factory=dict)  # closed lists it adds
    files: tuple[Provider, ...] = ()                 # generated pages and files, first process
    deferred: tuple[Provider, ...] = ()              # files no page needs, second process (build.deferred)
    macros: tuple[MacroRegistrar, ...] = ()          # macros of hand-written pages
    cpts_page: tuple[PageContext, ...] = ()          # values added to every CPTS page
    reference_checks: Mapping[str, ReferenceCheck] = field(default_factory=dict)  # macro -> check (build.page_refs)
    twinned: bool = False                            # its YAML files are published under donnees/


def collect(features: tuple[Feature, ...], kind: str) -> list[Any]:
    """Every ``kind`` entry (``files``, ``macros``…) of ``features``, in order, each once.

    A registrar shared by several types (the agenda's macros serve events, news and the toolkit)
    is declared by each of them and used once.
    """
    found: list[Any] = []
    for feature in features:
        for item in getattr(feature, kind):
            if item not in found:
                found.append(item)
    return found
