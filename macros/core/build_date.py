"""The build's date, and the first and last day a partial date (AAAA, AAAA-MM, AAAA-MM-JJ) covers.

Whether an event is "à venir" or "passé" depends on when the site is built. Reading the clock
would make two builds of the same data differ, so the date comes from ``SOURCE_DATE_EPOCH``
(the reproducible-builds convention, exported by the Makefile from the last commit). Only a
build without it (a bare ``mkdocs serve``) falls back to today's date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
from zoneinfo import ZoneInfo

log = logging.getLogger("mkdocs.plugins.portail_cpts")
# Events happen in France: "today" is the French calendar day, not UTC's (they differ after 22:00).
PARIS = ZoneInfo("Europe/Paris")


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """The day the site is built for: ``SOURCE_DATE_EPOCH`` in Paris time, else today."""
    environ = os.environ if environ is None else environ
    raw = (environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if raw:
        try:
            return dt.datetime.fromtimestamp(int(raw), PARIS).date()
        except (ValueError, OverflowError, OSError):
            log.warning("SOURCE_DATE_EPOCH « %s » n'est pas un nombre de secondes : date du jour utilisée", raw[:40])
    return dt.datetime.now(PARIS).date()


def first_day(value: str) -> dt.date:
    """'2027-04' → 2027-04-01; '2020' → 2020-01-01 (the value was validated as a partial date)."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(value: str) -> dt.date:
    """'2027-04' → 2027-04-30; '2020' → 2020-12-31; a full date is its own last day."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def is_full_day(value: str) -> bool:
    return value.count("-") == 2
