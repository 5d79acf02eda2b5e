"""The agenda, the news and the toolkit in a real ``mkdocs build --strict``, checked with BeautifulSoup.

The test build sets SOURCE_DATE_EPOCH=1700000000 (14 November 2023): at that date the 2026 and
2027 colloquia are upcoming and only the 2020 event is past. The same pages built later say
otherwise; tests/unit/test_agenda_render.py checks the agenda at other dates.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.records.actualites import pages as actualite_pages
from macros.records.evenements import view as evenement_view
from macros.records.outils import pages as outil_pages
from macros.core.build_date import is_full_day
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.build

BUILD_DAY = dt.date(2023, 11, 14)  # SOURCE_DATE_EPOCH of tests/conftest.mkdocs_build, in Paris


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target(page: str, href: str) -> str:
    """The built file a relative link of ``page`` (a site path like 'evenements/index.html') opens."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return f"{path}/index.html" if href.split("#")[0].endswith("/") or path in (".", "") else path


def assert_links_resolve(site: Path, page: str, anchors) -> None:
    broken = [a["href"] for a in anchors if not a["href"].startswith("http") and not (site / target(page, a["href"])).exists()]
    assert broken == [], f"{page} : liens cassés {broken}"


# ---------------------------------------------------------------- events

def test_one_page_per_event_with_its_dates_place_and_sources(built_site, catalogue):
    events = catalogue.features["evenements"]
    files = sorted(p.stem for p in (ROOT / "data" / "evenements").glob("*.yml"))
    pages = sorted(p.parent.name for p in (built_site / "evenements").glob("*/index.html"))
    assert pages == files == sorted(events)
    for slug, entry in events.items():
        record, rel = entry.record, f"evenements/{slug}/index.html"
        article = soup(built_site / rel).find("article", class_="evenement-fiche")
        assert article.h1.get_text() == record.titre
        infos = article.find("dl", class_="evenement-infos")
        assert infos.find("time")["datetime"] == record.debut
        assert infos.find("time").get_text() == evenement_view.dates_text(record.debut, record.fin)
        assert (record.lieu or "non précisé par la source") in infos.get_text()
        assert article.find(id="sources") is not None
        assert article["data-moment"] == evenement_view.timing(record, BUILD_DAY)
        assert_links_resolve(built_site, rel, article.find_all("a", href=True))
        assert (built_site / "donnees" / "evenements" / f"{slug}.yml").read_bytes() == (ROOT / entry.path).read_bytes()


def agenda_slugs(section) -> list[str]:
    return [li["data-evenement"] for li in section.select("[data-evenement]")]


def test_agenda_splits_upcoming_and_past_at_the_build_date(built_site, catalogue):
    page = soup(built_site / "evenements" / "index.html")
    assert page.select_one(".agenda-date time")["datetime"] == BUILD_DAY.isoformat()
    upcoming = agenda_slugs(page.find(id="a-venir").find_next("div"))
    assert "colloque-agora-lib-2026" in upcoming and upcoming[-1] == "colloque-agora-lib-2027"
    assert upcoming == [e["slug"] for e in evenement_view.upcoming(catalogue, BUILD_DAY)]
    starts = [catalogue.features["evenements"][s].record.debut for s in upcoming]
    assert starts == sorted(starts, key=lambda d: (d + "-00-00")[:10]), "les événements à venir vont du plus proche au plus lointain"
    assert [h.get_text(" ", strip=True) for h in page.select("h3[id^=annee-]")] == ["2020 (1)"]
    assert agenda_slugs(page.find(id="annee-2020").find_next("div")) == ["colloque-sport-sante-thouarsais-2020"]
    assert sorted(upcoming + ["colloque-sport-sante-thouarsais-2020"]) == sorted(catalogue.features["evenements"])
    assert_links_resolve(built_site, "evenements/index.html", page.find("article").find_all("a", href=True))


def test_colloquium_page_has_its_programme_by_day_with_links(built_site, catalogue):
    record = catalogue.features["evenements"]["colloque-agora-lib-2026"].record
    rel = "evenements/colloque-agora-lib-2026/index.html"
    article = soup(built_site / rel).find("article")
    days = article.select("#programme ~ h3")
    assert [d.get_text() for d in days] == ["Jeudi 11 juin 2026", "Vendredi 12 juin 2026"]
    moments = article.select(".evenement-moment")
    assert len(moments) == len(record.programme) >= 25
    titles = [m.select_one(".evenement-moment__titre").get_text() for m in moments]
    assert [t.split(" : ")[0] for t in titles if re.match(r"A\d+ : ", t)] == [f"A{i}" for i in range(1, 16)]
    first_workshop = moments[[i for i, t in enumerate(titles) if t.startswith("A1 :")][0]]
    assert "11 h 15 – 12 h 30" in first_workshop.get_text()
    assert {a["href"] for a in first_workshop.find_all("a")} == {
        "../../cpts/cpts-cote-sud-landes/", "../../cpts/cpts-nord-bassin-ocean/",
        "../../actions/communication-internalisee-cote-sud-landes-nord-bassin/"}
    assert "Benoît Elleboode, directeur général de l'ARS Nouvelle-Aquitaine" in article.get_text()
    assert "Soirée payante, avec inscription préalable." in article.get_text()


def test_calendar_files_only_for_events_whose_days_are_known(built_site, catalogue):
    events = catalogue.features["evenements"]
    dated = sorted(s for s, e in events.items() if is_full_day(e.record.debut) and is_full_day(e.record.fin or e.record.debut))
    assert "colloque-agora-lib-2026" in dated and "colloque-sport-sante-thouarsais-2020" not in dated
    assert sorted(p.stem for p in (built_site / "evenements").glob("*.ics") if p.stem != "agenda") == dated
    for slug in events:
        link = soup(built_site / "evenements" / slug / "index.html").find("a", string="Ajouter à mon agenda (fichier .ics)")
        assert (link is not None) == (slug in dated)
    ics = (built_site / "evenements" / "colloque-agora-lib-2026.ics").read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:20260611\r\n" in ics and "DTEND;VALUE=DATE:20260613\r\n" in ics
    assert "\n" not in ics.replace("\r\n", "")
    everything = (built_site / "evenements" / "agenda.ics").read_text(encoding="utf-8")
    assert everything.count("BEGIN:VEVENT") == len(dated)


# ---------------------------------------------------------------- news

def test_news_newest_first_each_with_its_page(built_site, catalogue):
    news = catalogue.features["actualites"]
    page = soup(built_site / "actualites" / "index.html")
    listed = [li["data-actualite"] for li in page.select("[data-actualite]")]
    assert sorted(listed) == sorted(news)
    dates = [news[s].record.date for s in listed]
    assert dates == sorted(dates, reverse=True)
    assert listed[0] == "colloque-agora-lib-2026-compte-rendu" and dates[-1].startswith("2023")
    assert_links_resolve(built_site, "actualites/index.html", page.find("article").find_all("a", href=True))
    for slug, entry in news.items():
        rel = f"actualites/{slug}/index.html"
        article = soup(built_site / rel).find("article", class_="actualite-fiche")
        assert article.h1.get_text() == entry.record.titre
        assert article.select_one(".actualite-date time")["datetime"] == entry.record.date
        for slug_doc in entry.record.documents:
            assert catalogue.referentiels.documents[slug_doc].titre in article.find(id="documents").find_next("ul").get_text()
        assert_links_resolve(built_site, rel, article.find_all("a", href=True))


def test_tour_de_france_report_news_matches_its_source(built_site):
    article = soup(built_site / "actualites" / "rapport-tour-de-france-des-cpts" / "index.html").find("article")
    assert article.select_one(".actualite-date").get_text() == "28 juin 2023"
    text = article.get_text()
    assert "24 propositions" in text and "19 CPTS" in text and "273 CPTS" in text


# ---------------------------------------------------------------- toolkit

def test_toolkit_lists_every_resource_once_under_its_category(built_site, catalogue):
    tools = catalogue.features["outils"]
    page = soup(built_site / "boite-a-outils" / "index.html")
    items = page.select("[data-outil]")
    assert sorted(i["data-outil"] for i in items) == sorted(tools)
    for item in items:
        record = tools[item["data-outil"]].record
        assert item["id"] == f"outil-{record.slug}"
        assert item.find_parent("section").h2["id"] == f"categorie-{record.categorie}"
        title_link = item.h3.find("a")
        # A title links out only when a source gave the address.
        assert (title_link["href"] if title_link else None) == record.url
    assert_links_resolve(built_site, "boite-a-outils/index.html", page.find("article").find_all("a", href=True))


def test_category_and_public_pages_filter_without_javascript(built_site, catalogue):
    tools = [e.record for e in catalogue.features["outils"].values()]
    lists = catalogue.referentiels.lists
    expected = {}
    for slug in lists["categories-outils"]:
        expected[outil_pages.category_url(slug)] = {t.slug for t in tools if t.categorie == slug}
    for slug in lists["publics-outils"]:
        expected[outil_pages.public_url(slug)] = {t.slug for t in tools if slug in t.publics}
    for url, slugs in expected.items():
        path = built_site / url / "index.html"
        assert path.exists() == bool(slugs), url
        if slugs:
            page = soup(path)
            assert {i["data-outil"] for i in page.select("[data-outil]")} == slugs, url
            assert page.find("article").find("form") is None  # plain links, no filter form
            assert_links_resolve(built_site, f"{url}index.html", page.find("article").find_all("a", href=True))
    assert expected["boite-a-outils/pour-patients-et-aidants/"] >= {"charte-romain-jacob", "cartographie-professionnels-formes-tnd"}


# ---------------------------------------------------------------- home page, navigation, staff guide

def test_home_page_shows_the_next_events_and_the_latest_news(built_site, catalogue):
    page = soup(built_site / "index.html")
    events = [li["data-evenement"] for li in page.find(id="accueil-evenements").find_parent("section").select("[data-evenement]")]
    assert events == [e["slug"] for e in evenement_view.upcoming(catalogue, BUILD_DAY)[:2]]
    news = [li["data-actualite"] for li in page.find(id="accueil-actualites").find_parent("section").select("[data-actualite]")]
    assert news == [e.record.slug for e in actualite_pages.ordered(catalogue)[:3]]
    assert_links_resolve(built_site, "index.html", page.select(".accueil-agenda a[href]"))


def test_navigation_and_staff_guide(built_site):
    page = soup(built_site / "evenements" / "index.html")  # its section of the navigation is written out
    nav = [a.get_text(strip=True) for a in page.select("nav a")]
    assert {"Actualités", "Agenda", "Boîte à outils"} <= set(nav)
    guide = soup(built_site / "contribuer" / "index.html").get_text()
    for field in ("programme.debut", "statut", "evenements", "categorie", "acces"):
        assert field in guide
    for folder in ("evenements", "actualites", "outils"):
        assert (built_site / "donnees" / "schema" / f"{folder}.schema.json").exists()


def test_cpts_pages_link_back_to_the_records_naming_them(built_site):
    """Read from the YAML files themselves (not the loader): who names which CPTS."""
    import yaml

    naming: dict[str, set[str]] = {}
    for folder, href in (("evenements", "../../evenements/{}/"), ("actualites", "../../actualites/{}/"),
                         ("outils", "../../boite-a-outils/#outil-{}")):
        for path in sorted((ROOT / "data" / folder).glob("*.yml")):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            named = set(record.get("cpts") or [])
            named |= {c for item in record.get("programme") or [] for c in item.get("cpts") or []}
            for cpts in named:
                naming.setdefault(cpts, set()).add(href.format(record["slug"]))
    assert naming, "the bundled agenda names CPTS"
    for cpts, expected in naming.items():
        page = BeautifulSoup((built_site / "cpts" / cpts / "index.html").read_text(encoding="utf-8"), "html.parser")
        heading = page.find(id="agenda")
        assert heading is not None, cpts
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            section += [a["href"] for a in sibling.find_all("a")]
        assert set(section) == expected, cpts
    # A CPTS that nothing names has no such section.
    quiet = next(p for p in sorted((built_site / "cpts").iterdir()) if p.name not in naming)
    assert 'id="agenda"' not in (quiet / "index.html").read_text(encoding="utf-8")
