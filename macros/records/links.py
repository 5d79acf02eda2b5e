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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from ..core.fields import Slug, in_referential
from ..core.loader import LoadContext

__all__ = ["ActionSlug", "CptsSlug", "DocumentSlug", "EvenementSlug", "LinkContext", "known_slug", "link_context"]


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


def record_slugs(root: Path, folder: str) -> frozenset[str]:
    """Slugs of the record files of ``data/<folder>/`` (file names without ``.yml``)."""
    directory = root / "data" / folder
    if not directory.is_dir():
        return frozenset()
    return frozenset(p.stem for p in directory.glob("*.yml") if not p.name.startswith("."))


@dataclass
class LinkContext(LoadContext):
    """A load context whose validation also knows the action and event files."""

    links: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def validation_context(self) -> dict[str, Any]:
        return {**super().validation_context, **self.links}


def link_context(ctx: LoadContext) -> LinkContext:
    """``ctx`` (same collector, referentials and CPTS) plus the slugs of actions and events."""
    links = {folder: record_slugs(ctx.root, folder) for folder in ("actions", "evenements")}
    return LinkContext(ctx.root, ctx.collector, ctx.referentiels, ctx.reference, ctx.cpts, ctx.cpts_failed, links=links)
