"""Agenda, news and toolkit records against their sources: dates, numbers, addresses, programme.

Every number a visitor reads, every date and every web address must be found in the lines the
record cites; the colloquium's programme must match the programme printed in the proceedings.
The source documents are not in the repository; set PORTAIL_SOURCES to their folder (by default
/work/shared/seeds). Without them these tests are skipped, not passed.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from macros.catalogue import load_catalogue
from macros.render.fragments import MONTHS
from tests.conftest import ROOT

SOURCES = Path(os.environ.get("PORTAIL_SOURCES", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")
FEATURES = ("evenements", "actualites", "outils")


@pytest.fixture(scope="module")
def catalogue():
    if not SOURCES.is_dir():
        pytest.skip(f"documents sources absents ({SOURCES}) : définissez PORTAIL_SOURCES")
    return load_catalogue(ROOT)


def document_lines(catalogue, slug: str) -> list[str]:
    return (SOURCES / catalogue.referentiels.documents[slug].fichier).read_text(encoding="utf-8").split("\n")


def cited_text(catalogue, sources) -> str:
    """The cited lines of every source (1-based, as ``grep -n`` counts them), one text."""
    parts = []
    for source in sources:
        first, _, last = source.lignes.partition("-")
        parts += document_lines(catalogue, source.document)[int(first) - 1:int(last or first)]
    return "\n".join(parts)


def numbers(text: str) -> set[float]:
    return {float(re.sub(r"[ \u00a0\u202f]", "", n).replace(",", ".")) for n in NUMBER.findall(text)}


def visible_texts(kind: str, record) -> list[str]:
    """The texts a visitor reads as facts (remarks excluded: they discuss the sources themselves)."""
    if kind == "evenements":
        texts = [record.titre, record.resume, record.description or "", record.lieu or "", record.inscription or ""]
        for item in record.programme:
            texts += [item.titre, item.precisions or "", *item.intervenants]
        return texts
    if kind == "actualites":
        return [record.titre, record.resume, record.texte]
    return [record.titre, record.description, record.acces or "", record.auteur]


def records(catalogue):
    for kind in FEATURES:
        for slug, entry in catalogue.features[kind].items():
            yield kind, slug, entry.record


def test_every_record_type_is_published(catalogue):
    counts = {kind: len(catalogue.features[kind]) for kind in FEATURES}
    assert counts["evenements"] >= 5 and counts["actualites"] >= 5 and counts["outils"] >= 10, counts


def test_every_number_shown_is_in_the_cited_lines(catalogue):
    missing = []
    for kind, slug, record in records(catalogue):
        found = numbers(cited_text(catalogue, record.sources))
        for text in visible_texts(kind, record):
            missing += [f"{kind}/{slug} : {n:g}" for n in sorted(numbers(text) - found)]
    assert missing == [], "nombres absents des lignes citées :\n" + "\n".join(missing)


def written_date(value: str) -> re.Pattern:
    """How the sources write a date: '11 juin 2026' (or '11 et 12 juin 2026'), 'avril 2027', '2020'."""
    parts = value.split("-")
    if len(parts) == 1:
        return re.compile(rf"\b{parts[0]}\b")
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return re.compile(rf"\b{month} {parts[0]}\b", re.IGNORECASE)
    return re.compile(rf"\b{int(parts[2])}(er)?\b[^\n]{{0,12}}\b{month}\s+{parts[0]}\b", re.IGNORECASE)


def test_every_date_is_written_in_the_cited_lines(catalogue):
    missing = []
    for kind, slug, record in records(catalogue):
        dates = [record.debut, record.fin] if kind == "evenements" else [record.date]
        text = cited_text(catalogue, record.sources)
        missing += [f"{kind}/{slug} : {d}" for d in dates if d and not written_date(d).search(text)]
    assert missing == [], "dates absentes des lignes citées :\n" + "\n".join(missing)


def bare(url: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", url).rstrip("/")


def test_web_addresses_come_from_a_source(catalogue):
    """A toolkit or news address is published only when a source document gives it."""
    corpus = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.txt")))
    corpus = re.sub(r"https?://(www\.)?|www\.", "", corpus)
    urls = [(f"outils/{s}", e.record.url) for s, e in catalogue.features["outils"].items() if e.record.url]
    urls += [(f"actualites/{s}", link.url) for s, e in catalogue.features["actualites"].items() for link in e.record.liens]
    urls += [(f"evenements/{s}", e.record.site_web) for s, e in catalogue.features["evenements"].items() if e.record.site_web]
    assert len(urls) >= 5
    assert [(where, url) for where, url in urls if bare(url) not in corpus] == []


# ---------------------------------------------------------------- the Agora Lib' 2026 colloquium

HOUR = re.compile(r"^(\d{1,2})h(\d{2})?(?:-(\d{1,2})h(\d{2})?)? :", re.MULTILINE)


def hhmm(hours: str | None, minutes: str | None) -> str | None:
    return f"{int(hours):02d}:{minutes or '00'}" if hours else None


def printed_programme(lines: list[str]) -> dict[str, dict]:
    """Time slots and workshop codes of each day of the printed programme (lines 17-154)."""
    days = {"2026-06-11": "\n".join(lines[16:105]), "2026-06-12": "\n".join(lines[105:154])}
    return {
        day: {"slots": {(hhmm(a, b), hhmm(c, d)) for a, b, c, d in HOUR.findall(text)},
              "codes": re.findall(r"\*\*(A\d+) :", text)}
        for day, text in days.items()
    }


def test_colloquium_dates_place_and_programme_match_the_proceedings(catalogue):
    record = catalogue.features["evenements"]["colloque-agora-lib-2026"].record
    lines = document_lines(catalogue, "agora-lib-2026")
    assert "JEUDI 11 JUIN 2026" in lines[20] and "VENDREDI 12 JUIN 2026" in lines[109]
    assert (record.debut, record.fin) == ("2026-06-11", "2026-06-12")
    assert "Lieu : Nouvelle-Aquitaine" in lines[265] and record.lieu.startswith("Nouvelle-Aquitaine")
    printed = printed_programme(lines)
    for day, expected in printed.items():
        items = [i for i in record.programme if i.date == day]
        assert {(i.debut, i.fin) for i in items} == expected["slots"], day
        assert [i.code for i in items if i.code] == expected["codes"], day
    assert len(printed["2026-06-11"]["codes"]) == 10 and len(printed["2026-06-12"]["codes"]) == 5


def test_next_colloquium_is_the_one_the_proceedings_announce(catalogue):
    announce = document_lines(catalogue, "agora-lib-2026")[163]
    day1, day2, year, city = re.search(r"(\d+) et (\d+) juin (\d{4})\*\* à \*\*(\w+)", announce).groups()
    record = catalogue.features["evenements"]["colloque-agora-lib-2027"].record
    assert (record.debut, record.fin) == (f"{year}-06-{int(day1):02d}", f"{year}-06-{int(day2):02d}")
    assert record.lieu == city
