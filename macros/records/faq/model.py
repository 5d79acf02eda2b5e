"""The FAQ: schema of ``data/faq/<slug>.yml`` (one question per file), its themes and its loader.

Owns what a question may contain (pydantic models with the French descriptions shown in the
staff guide and the JSON Schema), the closed list of themes (``data/referentiels/themes-faq.yml``)
and the checks across files: every glossary term, action, CPTS, question or page a question
links to must exist. The page lives in ``page.py``.

Declared in ``macros/features.py``: ``catalogue.features["faq"]`` ({slug: QuestionEntry}),
the themes referential, the schema for the staff guide and the page macro.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ...core.fields import PartialDate, ShortText, Slug, SourceRef, StrictModel, Text, WholeNumber, in_referential
from ..links import ActionSlug, CptsSlug
from ..links import known_slug
from ..refs import DistinctLinks, DocsPage, LinksToItsOwnKind, links_context
from ...core.loader import LoadContext, RecordEntry, RecordFolder

if TYPE_CHECKING:
    from ...core.yamlio import Located

FOLDER = "faq"
THEMES = "themes-faq"
# Theme sections of the page are anchored « #theme-<slug> »; a question's anchor is its slug.
THEME_ANCHOR = "theme-"
TermSlug = Annotated[Slug, known_slug("glossaire", "Terme", "inconnu")]
QuestionSlug = Annotated[Slug, known_slug(FOLDER, "Question", "inconnue")]


class FaqTheme(StrictModel):
    """A theme of the FAQ page, in the order of the referential file."""

    slug: Slug = Field(description="Identifiant du thème (ancre « #theme-<slug> » de la page).")
    libelle: ShortText = Field(description="Titre du thème sur la page.")
    public: Literal["patients", "professionnels", "tous"] = Field(description="Qui le thème concerne d'abord : patients, professionnels ou tous.")


class PageLink(StrictModel):
    """A hand-written page of the site that completes the answer."""

    titre: ShortText = Field(description="Texte du lien (« Trouver ma CPTS »).")
    page: DocsPage = Field(description="Chemin de la page comme dans mkdocs.yml (« trouver-ma-cpts.md »).")


class Question(StrictModel):
    """One question and its answer, with links to the records that illustrate it."""

    slug: Slug = Field(description="Identifiant de la question, égal au nom du fichier ; l'ancre de la page est « #<slug> ».")
    question: ShortText = Field(description="La question, telle qu'un visiteur la poserait.")
    theme: Annotated[Slug, in_referential(THEMES, "thème")] = Field(description="Slug d'un thème de data/referentiels/themes-faq.yml.")
    ordre: WholeNumber | None = Field(None, ge=1, le=999, description="Place dans le thème (1 en premier) ; sans ordre, la question suit, par ordre alphabétique.")
    reponse: Text = Field(min_length=1, description="La réponse, en texte simple (ni HTML ni Markdown) ; paragraphes séparés par une ligne vide.")
    glossaire: Annotated[list[TermSlug], DistinctLinks] = Field(default_factory=list, description="Termes du glossaire cités (slugs de data/glossaire/).")
    actions: Annotated[list[ActionSlug], DistinctLinks] = Field(default_factory=list, description="Fiches actions qui illustrent la réponse (slugs de data/actions/).")
    cpts: Annotated[list[CptsSlug], DistinctLinks] = Field(default_factory=list, description="CPTS citées (slugs de data/cpts/).")
    questions_liees: Annotated[list[QuestionSlug], LinksToItsOwnKind] = Field(default_factory=list, description="Autres questions de la FAQ (slugs de data/faq/).")
    pages: list[PageLink] = Field(default_factory=list, description="Pages du site à consulter (titre et chemin).")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la réponse (document et lignes, ou url).")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour de la réponse.")


QuestionEntry = RecordEntry  # a validated question and its file


def check_question(record: Question, located: Located, rel: str, ctx: LoadContext, entries: dict | None = None) -> bool:
    """Rules beyond the schema; True when the question can be published."""
    if record.slug.startswith(THEME_ANCHOR):
        ctx.collector.error(rel, located.line(("slug",)),
                            f"un slug qui commence par « {THEME_ANCHOR} » est réservé aux thèmes de la page : choisissez-en un autre")
        return False
    return True


def _links(ctx: LoadContext) -> LoadContext:
    return links_context(ctx, ("glossaire", "actions", FOLDER))


# Feature loader: every valid question, by slug; errors go to ``ctx.collector``.
load = RecordFolder(FOLDER, Question, check_question, links=_links)

# The themes of the page, a closed list (data/referentiels/themes-faq.yml).
REFERENTIALS = {THEMES: (FaqTheme, "slug", True)}
