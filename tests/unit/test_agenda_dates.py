"""The build date and the dates of the agenda: reproducible "today", partial dates, upcoming or past, French wording."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from macros.core.build_date import build_date, first_day, is_full_day, last_day
from macros.records.evenements.view import dates_text, day_heading, hour_text, timing


@pytest.mark.parametrize("epoch, expected", [
    ("1700000000", dt.date(2023, 11, 14)),   # the test suite's SOURCE_DATE_EPOCH
    ("1795416041", dt.date(2026, 11, 23)),
    # 23:30 UTC on 31 December 2025 is already 1 January in Paris: the French calendar day counts.
    ("1767223800", dt.date(2026, 1, 1)),
    (" 1700000000 ", dt.date(2023, 11, 14)),
])
def test_build_date_comes_from_source_date_epoch(epoch, expected):
    assert build_date({"SOURCE_DATE_EPOCH": epoch}) == expected


@pytest.mark.parametrize("epoch", ["", "demain", "1.5e9", "99999999999999999999"])
def test_build_date_without_a_usable_epoch_is_today(epoch):
    today = build_date({})
    assert build_date({"SOURCE_DATE_EPOCH": epoch}) == today
    assert abs((today - dt.date.today()).days) <= 1


@pytest.mark.parametrize("value, first, last", [
    ("2026-06-11", dt.date(2026, 6, 11), dt.date(2026, 6, 11)),
    ("2027-04", dt.date(2027, 4, 1), dt.date(2027, 4, 30)),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
    ("2020", dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
])
def test_partial_dates_cover_their_whole_period(value, first, last):
    assert (first_day(value), last_day(value)) == (first, last)
    assert is_full_day(value) == (value.count("-") == 2)


def event(debut: str, fin: str | None = None):
    return SimpleNamespace(debut=debut, fin=fin)


@pytest.mark.parametrize("debut, fin, today, expected", [
    ("2026-06-11", "2026-06-12", dt.date(2026, 6, 10), "a-venir"),
    ("2026-06-11", "2026-06-12", dt.date(2026, 6, 11), "en-cours"),
    ("2026-06-11", "2026-06-12", dt.date(2026, 6, 12), "en-cours"),   # its last day is not over
    ("2026-06-11", "2026-06-12", dt.date(2026, 6, 13), "passe"),
    ("2026-09", None, dt.date(2026, 9, 30), "en-cours"),               # a month ends on its last day
    ("2026-09", None, dt.date(2026, 10, 1), "passe"),
    ("2026-09", None, dt.date(2023, 11, 14), "a-venir"),
    ("2020", None, dt.date(2020, 12, 31), "en-cours"),
    ("2020", None, dt.date(2023, 11, 14), "passe"),
])
def test_an_event_is_past_only_once_its_last_day_is_over(debut, fin, today, expected):
    assert timing(event(debut, fin), today) == expected


@pytest.mark.parametrize("debut, fin, text", [
    ("2026-06-11", None, "11 juin 2026"),
    ("2026-06-11", "2026-06-11", "11 juin 2026"),
    ("2026-06-11", "2026-06-12", "11 et 12 juin 2026"),
    ("2026-06-01", "2026-06-02", "1er et 2 juin 2026"),
    ("2026-06-11", "2026-06-14", "du 11 au 14 juin 2026"),
    ("2026-06-30", "2026-07-01", "du 30 juin au 1er juillet 2026"),
    ("2026-12-30", "2027-01-02", "du 30 décembre 2026 au 2 janvier 2027"),
    ("2027-04", "2027-05", "d'avril à mai 2027"),
    ("2027-03", "2027-05", "de mars à mai 2027"),
    ("2027-04", None, "avril 2027"),
    ("2020", None, "2020"),
])
def test_dates_are_written_in_french(debut, fin, text):
    assert dates_text(debut, fin) == text


def test_hours_and_days_in_french():
    assert [hour_text(h) for h in ("09:00", "09:30", "17:00", "11:15")] == ["9 h", "9 h 30", "17 h", "11 h 15"]
    assert day_heading("2026-06-11") == "Jeudi 11 juin 2026"
    assert day_heading("2026-06-12") == "Vendredi 12 juin 2026"
