"""The toolkit ("boîte à outils"): schema of ``data/outils/<slug>.yml`` and its loader.

Owns what a resource record may contain — a report, a guide, a training, a support offer, a
directory — who produces it, who it is for, and where to find it, and the rules across fields:
a resource says where it is (a web address, a source document of the portal, or a sentence
saying where to ask), its category and publics come from the closed lists
``data/referentiels/categories-outils.yml`` and ``publics-outils.yml``.

Declared in ``macros/features.py``: the two referentials, ``catalogue.features["outils"]``
({slug: OutilEntry}), the schema for the staff guide, the generated pages (``pages``) and
the toolkit macro.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from ...core.fields import Distinct, HttpUrl, PartialDate, ShortText, Slug, SourceRef, StrictModel, Text, in_referential
from .pages import CATEGORIES, PUBLIC_PREFIX, PUBLICS
from ..links import ActionSlug, CptsSlug, DocumentSlug, link_context
from ...core.loader import LoadContext, RecordEntry, RecordFolder

if TYPE_CHECKING:
    from ...core.yamlio import Located

FOLDER = "outils"

class Heading(StrictModel):
    """An entry of the toolkit's closed lists: a category or a public, with its page's introduction."""

    slug: Slug = Field(description="Identifiant (adresse de sa page).")
    libelle: ShortText = Field(description="Libellé affiché.")
    description: Text = Field("", description="Une phrase d'introduction en tête de sa page.")


CategorySlug = Annotated[Slug, in_referential(CATEGORIES, "catégorie")]
PublicSlug = Annotated[Slug, in_referential(PUBLICS, "public")]


class Outil(StrictModel):
    """A resource CPTS teams, project leaders or partners can use, and where to find it."""

    slug: Slug = Field(description="Identifiant (ancre dans la boîte à outils) ; égal au nom du fichier.")
    titre: ShortText = Field(description="Nom de la ressource.")
    description: Text = Field(min_length=1, description="Ce qu'elle contient et à quoi elle sert, en deux ou trois phrases.")
    categorie: CategorySlug = Field(description="Slug de data/referentiels/categories-outils.yml.")
    publics: Annotated[list[PublicSlug], Distinct] = Field(min_length=1, description="Slugs de data/referentiels/publics-outils.yml.")
    auteur: ShortText = Field(description="Qui la produit ou la propose (organisme).")
    date: PartialDate | None = Field(None, description="Date de la ressource (AAAA, AAAA-MM ou AAAA-MM-JJ), si la source la donne.")
    url: HttpUrl | None = Field(None, description="Adresse web, seulement si une source la donne.")
    document: DocumentSlug | None = Field(None, description="Si la ressource est un document source du portail : son slug dans data/referentiels/documents.yml.")
    acces: Text | None = Field(None, description="Où la trouver ou à qui la demander, à défaut d'adresse web.")
    cpts: Annotated[list[CptsSlug], Distinct] = Field(default_factory=list, description="CPTS qui l'ont créée ou l'utilisent (slugs de data/cpts/).")
    actions: Annotated[list[ActionSlug], Distinct] = Field(default_factory=list, description="Fiches actions liées (slugs de data/actions/).")
    remarques: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Incohérences des sources et précisions, affichées en note.")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la fiche (au moins une).")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour de la fiche.")


OutilEntry = RecordEntry  # a validated resource and its file


def check_outil(record: Outil, located: Located, rel: str, ctx: LoadContext, entries: dict | None = None) -> bool:
    """A visitor must be told where the resource is."""
    if record.url or record.document or record.acces:
        return True
    ctx.collector.error(rel, located.line(("titre",)),
                        "indiquez où trouver cette ressource : « url » (si une source la donne), "
                        "« document » (un document source du portail) ou « acces » (à qui la demander)")
    return False


def check_page_names(ctx: LoadContext) -> bool:
    """A category named like a public's page (or like the toolkit page) would overwrite it."""
    lists = ctx.referentiels.lists
    taken = {"index"} | {PUBLIC_PREFIX + p for p in lists.get(PUBLICS, {})}
    clashes = sorted(set(lists.get(CATEGORIES, {})) & taken)
    for slug in clashes:
        ctx.collector.error(f"data/referentiels/{CATEGORIES}.yml", 0,
                            f"la catégorie « {slug} » porte le nom d'une autre page de la boîte à outils : choisissez un autre slug")
    return not clashes


_RECORDS = RecordFolder(FOLDER, Outil, check_outil, links=link_context)


def load(ctx: LoadContext) -> dict[str, OutilEntry]:
    """Feature loader: every valid resource, by slug; errors go to ``ctx.collector``."""
    if not check_page_names(ctx):
        return {}
    return _RECORDS(ctx)


# The toolkit's optional closed lists (a project without a toolkit does not need them).
REFERENTIALS = {CATEGORIES: (Heading, "slug", False), PUBLICS: (Heading, "slug", False)}
