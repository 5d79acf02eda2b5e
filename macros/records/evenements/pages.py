"""Generated files of the agenda: one page and one calendar file per event, the agenda calendar, the YAML twins.

``evenements/<slug>.md`` → ``/evenements/<slug>/``, kept out of the nav (the agenda page lists
them). ``evenements/<slug>.ics`` lets a visitor add the event to a calendar, when its days are
known; ``evenements/agenda.ics`` holds every such event. Each record's YAML is published under
``/donnees/evenements/``. Upcoming or past is decided with the build date (``build_date``).
"""
from __future__ import annotations

import datetime as dt
import html
from functools import partial
from typing import Any

from . import view as evenement_view
from ...render import ics
from ...core.build_date import build_date, is_full_day
from ...render.pages import markdown_page
from ..common import edit_url
from ...core.loader import Catalogue
from ..link_view import relative
from ...render.fragments import relative_url, render_fragment


def event_body(catalogue: Catalogue, entry: Any, config: Any, today: dt.date) -> str:
    slug = entry.record.slug
    here = evenement_view.page_url(slug)
    view = evenement_view.page_view(catalogue, entry, today, edit_url(config, entry.path))
    view = relative(here, view, "cpts", "actions")
    view["jours"] = [{**day, "moments": [relative(here, m, "cpts", "actions") for m in day["moments"]]} for day in view["jours"]]
    return render_fragment(
        catalogue.root, "evenement_page.html", v=view,
        agenda_url=relative_url(here, evenement_view.AGENDA_URL),
        ics_url=relative_url(here, evenement_view.ics_path(slug)),
        yaml_url=relative_url(here, f"donnees/evenements/{slug}.yml"),
    )


def event_page(catalogue: Catalogue, entry: Any, config: Any, today: dt.date) -> str:
    front = {"title": html.escape(entry.record.titre), "description": html.escape(entry.record.resume[:300])}
    # Rendered on first use (or on the second core): see build.generated.PageBodies.
    return markdown_page(front, partial(event_body, catalogue, entry, config, today),
                         key=f"evenements/{entry.record.slug}.md", source=entry.path)


def _description(entry: Any) -> str:
    """What a calendar shows under the title: the summary, the organisers, the access conditions."""
    record = entry.record
    parts = [record.resume]
    if record.organisateurs:
        parts.append("Organisation : " + ", ".join(record.organisateurs))
    if record.inscription:
        parts.append(record.inscription)
    return "\n\n".join(parts)


def _in_calendar(entry: Any) -> bool:
    record = entry.record
    return is_full_day(record.debut) and is_full_day(record.fin or record.debut)


def files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    """Provider of generated files (declared in ``macros/features.py``)."""
    today = build_date()
    out: dict[str, str | bytes] = {}
    entries = catalogue.features.get("evenements", {})
    for slug, entry in entries.items():
        out[f"evenements/{slug}.md"] = event_page(catalogue, entry, config, today)
        if _in_calendar(entry):
            out[evenement_view.ics_path(slug)] = ics.calendar([(entry.record, _description(entry))], entry.record.titre).encode("utf-8")
    dated = [(e.record, _description(e)) for e in entries.values() if _in_calendar(e)]
    out[evenement_view.CALENDAR_FILE] = ics.calendar(dated, "Agenda des CPTS").encode("utf-8")
    return out
