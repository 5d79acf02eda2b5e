"""The glossary: schema of ``data/glossaire/<slug>.yml`` (one term per file) and its loader.

Owns what a term may contain (pydantic model with the French descriptions shown in the staff
guide and the JSON Schema) and the checks across files: a term is defined once, its « voir
aussi » name other existing terms. The page lives in ``page.py``.

Declared in ``macros/features.py``: ``catalogue.features["glossaire"]`` ({slug: TermEntry}),
the schema for the staff guide, the page macro and the open-data file.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from ...core.fields import PartialDate, ShortText, Slug, SourceRef, StrictModel, Text
from ..links import known_slug
from ..refs import LinksToItsOwnKind, links_context
from ...core.text import fold
from ...core.loader import LoadContext, RecordEntry, RecordFolder

if TYPE_CHECKING:
    from ...core.yamlio import Located

FOLDER = "glossaire"
TermSlug = Annotated[Slug, known_slug(FOLDER, "Terme", "inconnu")]


class Term(StrictModel):
    """One term or acronym and what it means, with its source."""

    slug: Slug = Field(description="Identifiant du terme, égal au nom du fichier ; l'ancre de la page est « #terme-<slug> ».")
    terme: ShortText = Field(max_length=80, description="Le mot ou le sigle, tel qu'il s'affiche et se classe (« ACI », « Bassin de vie »).")
    en_toutes_lettres: ShortText | None = Field(None, description="Pour un sigle : sa forme développée (« Accord conventionnel interprofessionnel »).")
    definition: Text = Field(min_length=1, description="La définition, en phrases simples ; paragraphes séparés par une ligne vide.")
    voir_aussi: Annotated[list[TermSlug], LinksToItsOwnKind] = Field(default_factory=list, description="Slugs d'autres termes du glossaire (fichiers de data/glossaire/).")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la définition (document et lignes, ou url).")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour du terme.")


TermEntry = RecordEntry  # a validated term and its file


def check_term(record: Term, located: Located, rel: str, ctx: LoadContext, entries: dict[str, TermEntry]) -> bool:
    """A term is defined once (« aidant » and « Aidant » are one term)."""
    key = fold(record.terme).casefold()
    defined = next((e.path for e in entries.values() if fold(e.record.terme).casefold() == key), None)
    if defined is not None:
        ctx.collector.error(rel, located.line(("terme",)),
                            f"le terme « {record.terme} » est déjà défini dans {defined} : complétez cette fiche-là")
        return False
    return True


def _links(ctx: LoadContext) -> LoadContext:
    return links_context(ctx, (FOLDER,))


# Feature loader: every valid term, by slug; errors go to ``ctx.collector``.
load = RecordFolder(FOLDER, Term, check_term, links=_links)
