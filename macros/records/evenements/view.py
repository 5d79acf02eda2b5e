"""What a visitor sees of the agenda: upcoming or past at the build date, by year, and each event's page.

Pure functions from the catalogue and a date to plain dicts, so the agenda page, the event pages
and the home page say the same thing about the same event. URLs are site-relative
(``evenements/<slug>/``); callers make them relative to the page they render.
"""
from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ..cpts import view as cpts_view
from ...core.build_date import first_day, is_full_day, last_day
from ...core.loader import Catalogue
from ..link_view import action_links, cpts_links, document_view
from ...render.fragments import french_date

if TYPE_CHECKING:
    from .model import EvenementEntry

AGENDA_URL = "evenements/"
CALENDAR_FILE = "evenements/agenda.ics"
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
TIMING_LABELS = {"a-venir": "À venir", "en-cours": "En cours", "passe": "Passé"}


def page_url(slug: str) -> str:
    return f"evenements/{slug}/"


def ics_path(slug: str) -> str:
    return f"evenements/{slug}.ics"


def timing(record: Any, today: dt.date) -> str:
    """'a-venir', 'en-cours' or 'passe': where the event's days stand relative to ``today``."""
    end = last_day(record.fin or record.debut)
    if end < today:
        return "passe"
    return "en-cours" if first_day(record.debut) <= today else "a-venir"


def dates_text(debut: str, fin: str | None) -> str:
    """'11 juin 2026', 'du 11 au 12 juin 2026', 'avril 2027', 'du 30 juin au 1er juillet 2026'."""
    if not fin or fin == debut:
        return french_date(debut)
    if is_full_day(debut) and is_full_day(fin) and debut[:7] == fin[:7]:
        day = int(debut[8:])
        first = "1er" if day == 1 else str(day)
        # Two days in a row read "11 et 12 juin 2026"; longer spans "du 11 au 14 juin 2026".
        return f"{first} et {french_date(fin)}" if int(fin[8:]) == day + 1 else f"du {first} au {french_date(fin)}"
    if debut[:4] == fin[:4] and debut.count("-") == fin.count("-") == 1:
        month = french_date(debut).split(" ")[0]
        of = "d'" if month[0] in "aeiou" else "de "
        return f"{of}{month} à {french_date(fin)}"
    if debut[:4] == fin[:4] and debut.count("-") == fin.count("-") == 2:
        return f"du {french_date(debut).rsplit(' ', 1)[0]} au {french_date(fin)}"
    return f"du {french_date(debut)} au {french_date(fin)}"


def day_heading(day: str) -> str:
    """'2026-06-11' → 'Jeudi 11 juin 2026'."""
    return f"{WEEKDAYS[first_day(day).weekday()].capitalize()} {french_date(day)}"


def hour_text(value: str) -> str:
    """'09:30' → '9 h 30', '17:00' → '17 h' (French typography)."""
    hours, minutes = value.split(":")
    return f"{int(hours)} h" + ("" if minutes == "00" else f" {minutes}")


def _links(catalogue: Catalogue, cpts: list[str], actions: list[str]) -> dict[str, list[dict[str, str]]]:
    return {"cpts": cpts_links(catalogue, cpts), "actions": action_links(catalogue, actions)}


def summary(catalogue: Catalogue, entry: EvenementEntry, today: dt.date) -> dict[str, Any]:
    """The short form used by the agenda and the home page."""
    from .model import STATUSES

    record = entry.record
    when = timing(record, today)
    return {
        "slug": record.slug, "titre": record.titre, "resume": record.resume, "url": page_url(record.slug),
        "debut": record.debut, "fin": record.fin or record.debut, "dates": dates_text(record.debut, record.fin),
        "lieu": record.lieu, "organisateurs": list(record.organisateurs),
        "moment": when, "moment_libelle": TIMING_LABELS[when],
        "statut": record.statut, "statut_libelle": STATUSES[record.statut],
        "annee": record.debut[:4],
    }


def _sort_key(entry: EvenementEntry) -> tuple:
    return (first_day(entry.record.debut), last_day(entry.record.fin or entry.record.debut), entry.record.slug)


def upcoming(catalogue: Catalogue, today: dt.date) -> list[dict[str, Any]]:
    """Events not over at ``today`` (under way first), soonest first."""
    entries = sorted(catalogue.features.get("evenements", {}).values(), key=_sort_key)
    return [summary(catalogue, e, today) for e in entries if timing(e.record, today) != "passe"]


def past_by_year(catalogue: Catalogue, today: dt.date) -> list[dict[str, Any]]:
    """Events over at ``today``, newest year first, most recent first within a year."""
    entries = sorted(catalogue.features.get("evenements", {}).values(), key=_sort_key, reverse=True)
    past = [summary(catalogue, e, today) for e in entries if timing(e.record, today) == "passe"]
    return [{"annee": year, "evenements": list(items)} for year, items in groupby(past, key=lambda s: s["annee"])]


def programme_days(catalogue: Catalogue, record: Any) -> list[dict[str, Any]]:
    """The programme grouped by day, each item with its time span and its links."""
    days = []
    # Items keep the order staff wrote within a day (parallel workshops share a time slot).
    for day, items in groupby(sorted(record.programme, key=lambda item: item.date), key=lambda item: item.date):
        rows = []
        for item in items:
            hours = hour_text(item.debut) if item.debut else ""
            if item.debut and item.fin:
                hours = f"{hours} – {hour_text(item.fin)}"
            rows.append({"horaire": hours, "debut": item.debut, "code": item.code,
                         "format": item.format, "titre": item.titre, "intervenants": list(item.intervenants),
                         "precisions": item.precisions, **_links(catalogue, item.cpts, item.actions)})
        days.append({"date": day, "titre": day_heading(day), "id": f"jour-{day}", "moments": rows})
    return days


def page_view(catalogue: Catalogue, entry: EvenementEntry, today: dt.date, edit_url: str | None) -> dict[str, Any]:
    """Everything the event page shows."""
    record = entry.record
    documents = [document_view(catalogue, slug) for slug in record.documents]
    return {
        **summary(catalogue, entry, today),
        **_links(catalogue, record.cpts, record.actions),
        "inscription": record.inscription, "site_web": record.site_web,
        "description": [p.strip() for p in (record.description or "").split("\n\n") if p.strip()],
        "jours": programme_days(catalogue, record),
        "documents": documents,
        "remarques": list(record.remarques),
        "sources": [cpts_view.source_view(catalogue, s) for s in record.sources],
        "mise_a_jour": record.mise_a_jour,
        "ics": is_full_day(record.debut) and is_full_day(record.fin or record.debut),
        "fichier": entry.path, "edit_url": edit_url,
    }
