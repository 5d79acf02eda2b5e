"""The glossary: schema of ``data/glossaire/<slug>.yml`` (one term per file) and its loader.

Owns what a term may contain (pydantic model with the French descriptions shown in the staff
guide and the JSON Schema) and the checks across files: a term is defined once, its « voir
aussi » name other existing terms. The page lives in ``glossaire_page.py``.

Plugs into the foundation at import time: ``catalogue.features["glossaire"]`` ({slug: TermEntry}),
the schema for the staff guide, the page macro and the open-data file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from ...core.fields import PartialDate, ShortText, Slug, SourceRef, StrictModel, Text
from ..links import known_slug
from ..refs import LinksToItsOwnKind, links_context
from ...build.search_index import fold

if TYPE_CHECKING:
    from ...core.loader import LoadContext

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


@dataclass(frozen=True)
class TermEntry:
    """A validated term and the file it comes from."""

    record: Term
    path: str


def load(ctx: LoadContext) -> dict[str, TermEntry]:
    """Feature loader: every valid term, by slug; errors go to ``ctx.collector``."""
    from ...core.loader import read_records

    entries: dict[str, TermEntry] = {}
    defined: dict[str, str] = {}  # folded term → file that defines it
    for rel, located, record in read_records(links_context(ctx, (FOLDER,)), FOLDER, Term):
        key = fold(record.terme).casefold()
        if key in defined:
            ctx.collector.error(rel, located.line(("terme",)),
                                f"le terme « {record.terme} » est déjà défini dans {defined[key]} : complétez cette fiche-là")
            continue
        defined[key] = rel
        entries[record.slug] = TermEntry(record, rel)
    return dict(sorted(entries.items()))


def _plug_in() -> None:
    """Register the loader, the schema, the page macro and the open-data file."""
    from . import exports as faq_glossaire_exports, page as glossaire_page
    from ...build import generated, site_macros
    from ...core import loader
    from .. import schema_docs

    loader.register_feature("glossaire", load)
    schema_docs.register_schema(FOLDER, Term)
    generated.register_provider(faq_glossaire_exports.files)
    site_macros.add_macros(glossaire_page.register)


_plug_in()
