"""iCalendar (RFC 5545) files for the agenda: one per event, and one with every event.

Events are written as whole days (``VALUE=DATE``): the programme's hours stay on the page, so a
calendar never shows a time zone error. ``DTSTAMP`` is the record's update date, not the clock,
so the files are the same bytes for the same data.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.build_date import first_day, last_day

PRODID = "-//Portail CPTS//Agenda des CPTS//FR"
# RFC 5545 status of each "statut" of an event.
STATUS = {"confirme": "CONFIRMED", "envisage": "TENTATIVE", "annule": "CANCELLED"}


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma, and line breaks as ``\\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF + space, never cutting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def vevent(record: Any, description: str) -> list[str]:
    """The VEVENT lines of one event (its days must be full dates)."""
    end = last_day(record.fin or record.debut) + dt.timedelta(days=1)  # DTEND of a date is exclusive
    lines = [
        "BEGIN:VEVENT",
        f"UID:{record.slug}@portail-cpts",
        f"DTSTAMP:{first_day(record.mise_a_jour):%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{first_day(record.debut):%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{escape(record.titre)}",
    ]
    if record.lieu:
        lines.append(f"LOCATION:{escape(record.lieu)}")
    lines += [f"DESCRIPTION:{escape(description)}", f"STATUS:{STATUS[record.statut]}", "END:VEVENT"]
    return lines


def calendar(events: list[tuple[Any, str]], name: str) -> str:
    """A VCALENDAR holding ``(record, description)`` events, CRLF line ends as the RFC requires."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}"]
    for record, description in events:
        lines += vevent(record, description)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
