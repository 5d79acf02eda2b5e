"""iCalendar files of the agenda: RFC 5545 escaping and folding, whole-day events, stable bytes."""
from __future__ import annotations

from types import SimpleNamespace

from macros.render import ics


def record(**overrides):
    base = dict(slug="colloque-test", titre="Colloque ; test, « été »", debut="2026-06-11", fin="2026-06-12",
                lieu="Agen", statut="confirme", mise_a_jour="2026-11-23")
    return SimpleNamespace(**{**base, **overrides})


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_text_values_are_escaped():
    assert ics.escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert ics.escape("ligne\u2028suivante") == "ligne\\nsuivante"


def test_long_lines_fold_at_75_octets_without_cutting_a_character():
    line = "DESCRIPTION:" + "é" * 100 + "🩺" * 20
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_a_two_day_event_is_two_whole_days():
    text = ics.calendar([(record(), "Deux jours.\n\nSur inscription.")], "Agenda")
    lines = unfold(text)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20260611" in lines
    assert "DTEND;VALUE=DATE:20260613" in lines  # DTEND is the day after the last day
    assert "DTSTAMP:20261123T000000Z" in lines  # the record's update date, not the clock
    assert "SUMMARY:Colloque \\; test\\, « été »" in lines
    assert "DESCRIPTION:Deux jours.\\n\\nSur inscription." in lines
    assert "UID:colloque-test@portail-cpts" in lines and "STATUS:CONFIRMED" in lines


def test_status_follows_the_record():
    assert "STATUS:CANCELLED" in unfold(ics.calendar([(record(statut="annule"), "x")], "A"))
    assert "STATUS:TENTATIVE" in unfold(ics.calendar([(record(statut="envisage", fin=None, lieu=None), "x")], "A"))
    one_day = unfold(ics.calendar([(record(fin=None, lieu=None), "x")], "A"))
    assert "DTEND;VALUE=DATE:20260612" in one_day and not any(l.startswith("LOCATION") for l in one_day)


def test_same_data_same_bytes():
    assert ics.calendar([(record(), "x")], "A") == ics.calendar([(record(), "x")], "A")
