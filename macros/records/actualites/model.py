"""News ("actualités"): schema of ``data/actualites/<slug>.yml`` and its loader.

Owns what a news item may contain — a dated announcement (a report published, a plan announced,
a colloquium held) with its text, the documents and records it concerns, and its sources — and
the check that every CPTS, action, event and document it names exists.

Declared in ``macros/features.py``: ``catalogue.features["actualites"]`` ({slug: ActualiteEntry}),
the schema for the staff guide, the generated pages (``pages``) and the news macros.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from ..actions.model import DocumentLink
from ...core.fields import Distinct, PartialDate, ShortText, Slug, SourceRef, StrictModel, Text
from ..links import ActionSlug, CptsSlug, DocumentSlug, EvenementSlug, link_context
from ...core.loader import LoadContext, RecordEntry, RecordFolder

if TYPE_CHECKING:
    from ...core.yamlio import Located

FOLDER = "actualites"
RESERVED_SLUGS = frozenset({"index"})  # the news page itself


class Actualite(StrictModel):
    """One dated piece of news, written from its sources."""

    slug: Slug = Field(description="Identifiant et adresse de la page ; égal au nom du fichier.")
    titre: ShortText = Field(description="Titre de l'actualité, en une phrase.")
    date: PartialDate = Field(description="Date de l'événement annoncé (AAAA-MM-JJ, ou AAAA-MM, ou AAAA si la source n'en dit pas plus).")
    resume: Text = Field(min_length=1, description="Chapô : une ou deux phrases affichées dans la liste des actualités.")
    texte: Text = Field(min_length=1, description="Le texte de l'actualité ; paragraphes séparés par une ligne vide.")
    documents: Annotated[list[DocumentSlug], Distinct] = Field(default_factory=list, description="Documents dont parle l'actualité (slugs de data/referentiels/documents.yml).")
    evenements: Annotated[list[EvenementSlug], Distinct] = Field(default_factory=list, description="Événements liés (slugs de data/evenements/).")
    cpts: Annotated[list[CptsSlug], Distinct] = Field(default_factory=list, description="CPTS concernées (slugs de data/cpts/).")
    actions: Annotated[list[ActionSlug], Distinct] = Field(default_factory=list, description="Fiches actions liées (slugs de data/actions/).")
    liens: list[DocumentLink] = Field(default_factory=list, description="Pages web utiles (titre et url).")
    remarques: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Incohérences des sources et précisions, affichées en note.")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de l'actualité (au moins une).")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour de la fiche.")


ActualiteEntry = RecordEntry  # a validated news item and its file


def check_actualite(record: Actualite, located: Located, rel: str, ctx: LoadContext, entries: dict) -> bool:
    """A news item may not take the slug of the news page itself."""
    if record.slug in RESERVED_SLUGS:
        ctx.collector.error(rel, located.line(("slug",)), f"le slug « {record.slug} » est réservé à la page des actualités : choisissez-en un autre")
        return False
    return True


# Feature loader: every valid news item, by slug; errors go to ``ctx.collector``.
load = RecordFolder(FOLDER, Actualite, check_actualite, links=link_context)
