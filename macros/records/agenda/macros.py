"""Macros of the hand-written pages for the agenda, the news and the toolkit, and the home page's block.

Thin adapters: each takes the current page's URL from mkdocs-macros, asks the view modules for
values, renders a fragment. "À venir" and "passé" are decided with the build date.
"""
from __future__ import annotations

from ...core.build_date import build_date
from ...core.loader import Catalogue
from ..link_view import relative
from ...render.fragments import french_number, relative_url, render_fragment
from ..actualites import pages as actualite_pages
from ..evenements import view as evenement_view
from ..outils import pages as outil_pages


def agenda(catalogue: Catalogue, here: str) -> str:
    today = build_date()
    return render_fragment(
        catalogue.root, "evenement_agenda.html", aujourdhui=today.isoformat(),
        a_venir=[relative(here, e) for e in evenement_view.upcoming(catalogue, today)],
        passes=[{**y, "evenements": [relative(here, e) for e in y["evenements"]]} for y in evenement_view.past_by_year(catalogue, today)],
        calendrier_url=relative_url(here, evenement_view.CALENDAR_FILE))


def front_page(catalogue: Catalogue, here: str, events: int = 2, news: int = 3) -> str:
    """The home page's block: the next events and the latest news, with links to the full lists."""
    today = build_date()
    return render_fragment(
        catalogue.root, "accueil_agenda.html",
        evenements=[relative(here, e) for e in evenement_view.upcoming(catalogue, today)[:events]],
        actualites=actualite_pages.latest(catalogue, here, news),
        agenda_url=relative_url(here, evenement_view.AGENDA_URL),
        actualites_url=relative_url(here, actualite_pages.NEWS_URL))


def register(env, catalogue: Catalogue) -> None:  # noqa: ANN001 - mkdocs-macros' object
    def here() -> str:
        return env.page.url if env.page is not None else ""

    @env.macro
    def agenda_evenements() -> str:
        """Upcoming events, then past events by year (docs/evenements/index.md)."""
        return agenda(catalogue, here())

    @env.macro
    def liste_actualites() -> str:
        """Every news item, newest first (docs/actualites/index.md)."""
        return actualite_pages.listing(catalogue, here())

    @env.macro
    def boite_a_outils() -> str:
        """Every resource by category, with links to the category and public pages (docs/boite-a-outils/index.md)."""
        return outil_pages.toolkit(catalogue, here())

    @env.macro
    def a_la_une(evenements: int = 2, actualites: int = 3) -> str:
        """The next events and the latest news, for the home page."""
        return front_page(catalogue, here(), evenements, actualites)

    @env.macro
    def nombre_ressources() -> str:
        return french_number(len(catalogue.features.get("outils", {})))
