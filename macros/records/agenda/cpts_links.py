"""What a CPTS page lists besides its actions: the events, news and toolkit resources naming it.

A record names a CPTS in its ``cpts`` field (an event also through its programme items); the
CPTS page then links back to it, so a patient or a professional who lands on a CPTS sees its
agenda and its resources. Declared in ``macros/features.py`` as a CPTS-page context (``extra.liens``).
"""
from __future__ import annotations

from typing import Any

from ..actualites import pages as actualite_pages
from ..evenements import view as evenement_view
from ..outils import pages as outil_pages
from ...core.loader import Catalogue
from ...render.fragments import french_date, relative_url


def _names(record: Any, slug: str) -> bool:
    if slug in getattr(record, "cpts", ()):
        return True
    return any(slug in item.cpts for item in getattr(record, "programme", ()))  # events only


def related(catalogue: Catalogue, slug: str, here: str) -> dict[str, Any]:
    features = catalogue.features
    events = sorted((e.record for e in features.get("evenements", {}).values() if _names(e.record, slug)),
                    key=lambda r: (r.debut, r.slug), reverse=True)
    news = sorted((e.record for e in features.get("actualites", {}).values() if _names(e.record, slug)),
                  key=lambda r: (r.date, r.slug), reverse=True)
    tools = sorted((e.record for e in features.get("outils", {}).values() if _names(e.record, slug)),
                   key=lambda r: (r.titre.casefold(), r.slug))
    links = {
        "evenements": [{"titre": r.titre, "quand": evenement_view.dates_text(r.debut, r.fin),
                        "url": relative_url(here, evenement_view.page_url(r.slug))} for r in events],
        "actualites": [{"titre": r.titre, "quand": french_date(r.date),
                        "url": relative_url(here, actualite_pages.page_url(r.slug))} for r in news],
        "outils": [{"titre": r.titre, "quand": "",
                    "url": relative_url(here, outil_pages.TOOLKIT_URL) + f"#outil-{r.slug}"} for r in tools],
    }
    return {"liens": links} if any(links.values()) else {}

