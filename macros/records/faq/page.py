"""What the FAQ page shows: questions grouped by theme, each with its links and sources (``faq_questions`` macro).

Pure functions from the catalogue to plain values, then one fragment (``faq.html``). Every
question is an ``<h3>`` anchored by its slug, so Material's search lists it on its own and a
link to ``faq/#<slug>`` keeps working while the page changes around it; answers are plain,
always visible HTML (no JavaScript needed to read them).
"""
from __future__ import annotations

from typing import Any

from ..citations import merged_sources
from .model import THEME_ANCHOR, THEMES
from ..glossaire.page import paragraphs, term_url
from ...core.loader import Catalogue
from ..refs import link_href, page_url
from ...render.fragments import relative_url, render_fragment
from ...core.text import fold

URL = "faq/"
# Who reads which themes: the page's table of contents offers each audience its themes.
AUDIENCES = (("patients", "Vous êtes patient·e"), ("professionnels", "Vous êtes professionnel·le de santé"))


def question_url(slug: str) -> str:
    return f"{URL}#{slug}"


def links(catalogue: Catalogue, record: Any, here: str) -> list[dict[str, Any]]:
    """The answer's links, one group per kind, in the order a reader wants them (site-relative made relative)."""
    terms = catalogue.features.get("glossaire", {})
    actions = catalogue.features.get("actions", {})
    questions = catalogue.features["faq"]
    groups = [
        ("Glossaire", [(terms[s].record.terme, term_url(s)) for s in record.glossaire]),
        ("Pages du portail", [(p.titre, page_url(p.page)) for p in record.pages]),
        ("Fiches actions", [(actions[s].record.titre, f"actions/{s}/") for s in record.actions]),
        ("CPTS", [(catalogue.cpts[s].record.nom, f"cpts/{s}/") for s in record.cpts]),
        ("Voir aussi", [(questions[s].record.question, question_url(s)) for s in record.questions_liees]),
    ]
    return [{"genre": genre, "liens": [{"texte": text, "url": link_href(here, url)} for text, url in items]}
            for genre, items in groups if items]


def question_view(catalogue: Catalogue, entry: Any, here: str) -> dict[str, Any]:
    record = entry.record
    return {"slug": record.slug, "question": record.question, "paragraphes": paragraphs(record.reponse),
            "liens": links(catalogue, record, here), "sources": merged_sources(catalogue, record.sources),
            "mise_a_jour": record.mise_a_jour}


def ordered(entries: list[Any]) -> list[Any]:
    """Questions with an « ordre » first (by it), then the others alphabetically."""
    return sorted(entries, key=lambda e: (e.record.ordre or 1000, fold(e.record.question).casefold(), e.record.slug))


def themes(catalogue: Catalogue, here: str = URL) -> list[dict[str, Any]]:
    """The themes of the referential that have questions, in its order, each with its questions."""
    entries = list(catalogue.features["faq"].values())
    out = []
    for slug, theme in catalogue.referentiels.lists[THEMES].items():
        members = ordered([e for e in entries if e.record.theme == slug])
        if members:
            out.append({"slug": slug, "ancre": THEME_ANCHOR + slug, "libelle": theme.libelle, "public": theme.public,
                        "questions": [question_view(catalogue, e, here) for e in members]})
    return out


def audiences(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Table of contents: each audience with its themes and those meant for everyone."""
    return [{"libelle": label, "themes": [t for t in groups if t["public"] in (key, "tous")]} for key, label in AUDIENCES]


def register(env, catalogue: Catalogue) -> None:  # noqa: ANN001 - mkdocs-macros' object
    def here() -> str:
        return env.page.url if env.page is not None else URL

    @env.macro
    def faq_questions() -> str:
        """Every question, grouped by theme, with a table of contents per audience."""
        groups = themes(catalogue, here())
        return render_fragment(catalogue.root, "faq.html", themes=groups, publics=audiences(groups),
                               donnees_url=relative_url(here(), "donnees/faq.json"))

    @env.macro
    def nombre_questions() -> str:
        return str(len(catalogue.features["faq"]))
