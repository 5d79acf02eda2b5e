"""Links from agenda, news and toolkit records to other records: CPTS, actions, events, source documents.

Owns the slug field types that must name an existing record, and the validation context that tells
them which records exist, so a dangling reference is reported by pydantic with its line, in the
same pass as every other error of the file.

Feature loaders cannot see each other's results, so actions and events are known by their files:
``data/actions/<slug>.yml`` exists. A referenced file that is itself broken still stops the
build, with its own messages.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from ..core.fields import Slug, in_referential
from ..core.loader import LoadContext, record_slugs

__all__ = ["ActionSlug", "CptsSlug", "DocumentSlug", "EvenementSlug", "LinkContext", "known_slug", "link_context", "with_links"]


def known_slug(folder: str, what: str, unknown: str) -> AfterValidator:
    """A validator: the slug names a file of ``data/<folder>/`` (when the validation context lists them)."""

    def check(value: Any, info: ValidationInfo) -> Any:
        known = (info.context or {}).get(folder)
        if known is None or value in known:
            return value
        close = difflib.get_close_matches(str(value), sorted(known), n=1)
        hint = f" : vouliez-vous écrire « {close[0]} » ?" if close else f" (slug d'un fichier de data/{folder}/)"
        raise PydanticCustomError(
            "reference", "{what} « {value} » {unknown} : aucune fiche data/{folder}/{value}.yml{hint}",
            {"what": what, "value": value, "unknown": unknown, "folder": folder, "hint": hint})

    return AfterValidator(check)


def _known_cpts(value: Any, info: ValidationInfo) -> Any:
    """A CPTS slug must name a published CPTS (``data/cpts/<slug>.yml`` that validated)."""
    known = (info.context or {}).get("cpts")
    if known is None or value in known:
        return value
    if value in (info.context or {}).get("cpts_failed", ()):
        return value  # its file exists but has errors, reported on their own: nothing more to say here
    close = difflib.get_close_matches(str(value), list(known), n=1)
    hint = f" : vouliez-vous écrire « {close[0]} » ?" if close else " (slug d'un fichier de data/cpts/)"
    raise PydanticCustomError("reference", "CPTS « {value} » inconnue : aucune fiche data/cpts/{value}.yml publiée{hint}",
                              {"value": value, "hint": hint})


CptsSlug = Annotated[Slug, AfterValidator(_known_cpts)]
ActionSlug = Annotated[Slug, known_slug("actions", "Fiche action", "inconnue")]
EvenementSlug = Annotated[Slug, known_slug("evenements", "Événement", "inconnu")]
DocumentSlug = Annotated[Slug, in_referential("documents", "document source")]


@dataclass
class LinkContext(LoadContext):
    """A load context whose validation also knows the action and event files."""

    links: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def validation_context(self) -> dict[str, Any]:
        return {**super().validation_context, **self.links}


def with_links(ctx: LoadContext, folders: tuple[str, ...], **more: frozenset[str]) -> LinkContext:
    """``ctx`` (every field of it) whose validation also knows the record files of ``folders``
    and the names in ``more``."""
    carried = {f.name: getattr(ctx, f.name) for f in fields(LoadContext)}
    return LinkContext(**carried, links={**{folder: record_slugs(ctx.root, folder) for folder in folders}, **more})


def link_context(ctx: LoadContext) -> LinkContext:
    """``ctx`` (same collector, referentials and CPTS) plus the slugs of actions and events."""
    return with_links(ctx, ("actions", "evenements"))
