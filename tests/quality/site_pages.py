"""The page types of the built site, in one table, and how to find one page of each type.

The quality gates (accessibility, links, injection) run on one page of every type listed here.
When a new kind of page lands (FAQ, glossary, events…), add a row: until pages of that type
exist, the gates skip it with a message naming the missing pattern; once they exist, it is
tested. ``test_every_built_page_has_a_type`` fails on a page no row describes, so a new page
type cannot slip past the gates unnoticed.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PageType:
    """A kind of page: a French label for messages and the site paths (globs) of its pages."""

    key: str                        # pytest id
    label: str                      # what a failure message calls it
    patterns: tuple[str, ...]       # site-relative globs; "*" does not cross "/"
    exclude: tuple[str, ...] = ()   # globs of pages that match ``patterns`` but are another type
    search: str | None = None       # the page type is the header search's results for this query


PAGE_TYPES: tuple[PageType, ...] = (
    PageType("accueil", "page d'accueil", ("index.html",)),
    PageType("annuaire", "annuaire des CPTS", ("annuaire/index.html",)),
    PageType("fiche-cpts", "fiche d'une CPTS", ("cpts/*/index.html",)),
    PageType("carte", "carte nationale", ("carte/index.html",)),
    PageType("carte-region", "carte d'une région", ("carte/*/index.html",)),
    PageType("document-carte", "document de carte (dans une iframe)", ("cartes/*.html", "cartes/*/*.html")),
    PageType("trouver", "recherche par commune (trouver ma CPTS)", ("trouver-ma-cpts/index.html",)),
    PageType("actions", "bibliothèque d'actions", ("actions/index.html",)),
    PageType("fiche-action", "fiche d'une action", ("actions/*/index.html",), exclude=("actions/mission/index.html",)),
    PageType("actions-mission", "fiches actions d'une mission", ("actions/mission/*/index.html",)),
    PageType("observatoire", "accueil de l'observatoire", ("observatoire/index.html",)),
    PageType("observatoire-edition", "page d'une enquête de l'observatoire", ("observatoire/*/index.html",)),
    PageType("couverture", "couverture de la population", ("couverture/index.html",)),
    PageType("couverture-region", "couverture d'une région", ("couverture/*/index.html",)),
    PageType("contribuer", "guide de saisie", ("contribuer/index.html",)),
    PageType("legal", "page légale", ("mentions-legales/index.html", "confidentialite/index.html", "accessibilite/index.html")),
    PageType("a-propos", "page d'information", ("a-propos/*/index.html",)),
    PageType("404", "page d'erreur 404", ("404.html",)),
    PageType("recherche", "résultats de la recherche", (), search="CPTS"),
    # Announced page types: skipped with a message until they are built.
    PageType("faq", "foire aux questions", ("faq/index.html", "faq/*/index.html")),
    PageType("glossaire", "glossaire", ("glossaire/index.html", "glossaire/*/index.html")),
    PageType("boite-a-outils", "boîte à outils", ("boite-a-outils/index.html", "boite-a-outils/*/index.html")),
    PageType("evenements", "agenda des événements", ("evenements/index.html",)),
    PageType("evenement", "page d'un événement", ("evenements/*/index.html",)),
    PageType("actualites", "actualités", ("actualites/index.html",)),
    PageType("actualite", "page d'une actualité", ("actualites/*/index.html",)),
    PageType("appuis", "liste des appuis aux CPTS", ("appuis/index.html",)),
    PageType("appui", "page d'un appui aux CPTS", ("appuis/*/index.html",)),
)


def _matches(rel: str, globs: tuple[str, ...]) -> bool:
    # fnmatch's "*" crosses "/": compare segment counts so "cpts/*/index.html" is one level only.
    return any(fnmatch.fnmatchcase(rel, g) and rel.count("/") == g.count("/") for g in globs)


def html_pages(site: Path) -> list[str]:
    """Every HTML document of the built site, as sorted site-relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def pages_of(page_type: PageType, site: Path) -> list[str]:
    return [rel for rel in html_pages(site) if _matches(rel, page_type.patterns) and not _matches(rel, page_type.exclude)]


def types_of(rel: str) -> list[PageType]:
    return [t for t in PAGE_TYPES if _matches(rel, t.patterns) and not _matches(rel, t.exclude)]


def representative(page_type: PageType, site: Path) -> str | None:
    """The page of this type to test: the largest one, as it carries the most kinds of content."""
    pages = pages_of(page_type, site)
    if not pages:
        return None
    return max(pages, key=lambda rel: ((site / rel).stat().st_size, rel))


def missing_message(page_type: PageType) -> str:
    return (f"type de page « {page_type.label} » absent du site construit (aucune page {', '.join(page_type.patterns)}) : "
            "non testé tant qu'il n'existe pas")


def url_of(rel: str) -> str:
    """The URL path a visitor uses for a built file ('cpts/x/index.html' → 'cpts/x/')."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel
