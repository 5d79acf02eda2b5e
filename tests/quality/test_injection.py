"""Injection gate: hostile text in every free-text field must reach visitors as text, never as code.

``tests/fixtures/injection/`` holds synthetic records (a CPTS, a CPTS with spreadsheet formulas,
an action, an observatoire dataset and a page showing its charts) whose free-text fields carry
payloads: script and event-handler tags, ``javascript:`` links, Jinja syntax (``{{ 7*7 }}``),
Markdown/HTML mixes, invisible characters, emoji, a very long word. A copy of the site is built
with them (the real referentials and reference data, the real observatoire datasets that the
hand-written pages cite), then read on disk and in Chromium: no dialog, no injected handler, every
payload visible as text, ``{{ 7*7 }}`` never 49, in pages, map popups, finder answers, search
results, what Pagefind indexed and the open-data exports.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from macros.core.yamlcomments import without_comments
from macros.features import FEATURES

LOADED = {f.name for f in FEATURES if f.loader is not None}  # the record types the site loads
from tests.conftest import ROOT, copy_site_project, mkdocs_build
from tests.quality.browsing import guarded_page, open_search, serve
from tests.quality.search_fragments import fragments
from tests.quality.site_pages import html_pages, url_of

pytestmark = [pytest.mark.build, pytest.mark.browser]

FIXTURES = ROOT / "tests" / "fixtures" / "injection"
# Record folders replaced by the injection set (the real records cite each other); observatoire
# datasets are added to the real ones, which the hand-written observatoire pages cite by name.
REPLACED, ADDED = ("cpts", "actions", "evenements", "actualites", "outils", "faq", "glossaire"), ("observatoire",)
# Raw markup that must never appear in a page: the payloads' tags, unescaped.
RAW_MARKUP = ("<script>alert(", "<img src=x", "<svg onload", "<a href=\"javascript:", "' onmouseover='", "</textarea></title>")


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))


def payloads() -> dict[str, str]:
    """Every hostile text of the fixtures, by the field marker it carries (« nom », « resume »…)."""
    found = {}
    for path in sorted((FIXTURES / "data").rglob("*.yml")):
        for _, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for marker in re.findall(r"«(\w+)»", text):
                found[marker] = text.split("\n\n")[0] if marker != "presentation_2" else text.split("\n\n")[1]
    return found


def visible(text: str) -> str:
    """Text as compared: runs of white space (line separators included) made one space."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("injection")
    project = copy_site_project(tmp)
    for folder in REPLACED + ADDED:
        source = FIXTURES / "data" / folder
        if folder != "cpts" and folder not in LOADED:
            continue  # a record type not built yet: its fixture waits for it
        if folder in REPLACED:
            shutil.rmtree(project / "data" / folder, ignore_errors=True)
            (project / "data" / folder).mkdir()
        for path in source.glob("*.yml"):
            shutil.copy(path, project / "data" / folder / path.name)
    if "observatoire" in LOADED:
        shutil.copy(FIXTURES / "docs" / "test-injection-observatoire.md", project / "docs")
    result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return tmp / "site"


@pytest.fixture(scope="module")
def injected_url(injected_site):
    with serve(injected_site) as url:
        yield url


def pages_showing_payloads(site: Path) -> list[str]:
    return [rel for rel in html_pages(site) if "XSS-" in (site / rel).read_text(encoding="utf-8")]


# ---------------------------------------------------------------- on disk

def test_no_page_contains_raw_payload_markup(injected_site):
    pages = pages_showing_payloads(injected_site)
    assert "cpts/cpts-injection/index.html" in pages
    leaks = []
    for path in sorted(injected_site.rglob("*")):
        if path.suffix in (".html", ".svg", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.relative_to(injected_site)}: {m}" for m in RAW_MARKUP if m in text]
    assert leaks == []


def test_search_indexes_the_payloads_as_text(injected_site):
    """Pagefind indexes the text a page shows. A payload shown as text is in the index character
    for character; had it become markup, its tags would be gone and a script's code not indexed.
    (How results show it is ``test_search_results_show_payloads_as_text``.)"""
    fragment = fragments(injected_site)["cpts/cpts-injection/"]
    shown = visible(fragment["meta"]["title"] + " " + fragment["content"])
    assert visible(payloads()["nom"]) in shown
    for markup in ("<script>alert(", "<img src=x", "<svg onload"):
        assert markup in shown, markup


def test_exports_keep_the_exact_text_and_neutralise_formulas(injected_site):
    texts = payloads()
    records = {r["slug"]: r for r in json.loads((injected_site / "donnees" / "cpts.json").read_text(encoding="utf-8"))}
    assert records["cpts-injection"]["nom"] == texts["nom"]
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO((injected_site / "donnees" / "cpts.csv").read_text(encoding="utf-8")))}
    assert rows["cpts-injection"]["nom"] == texts["nom"]
    assert rows["cpts-formule"]["nom"].startswith("'="), "une cellule qui commence par = doit être neutralisée"
    for path in sorted((FIXTURES / "data").rglob("*.yml")):
        published = list(injected_site.glob(f"donnees/{path.parent.name}/{path.name}"))
        for copy in published:  # published YAML twins: the file without its comments, payloads intact
            assert copy.read_text(encoding="utf-8") == without_comments(path.read_text(encoding="utf-8"))
    formulas = []
    for path in sorted(injected_site.rglob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                if cell[:1] in ("=", "@") or (cell[:1] in ("+", "-") and not re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", cell)):
                    formulas.append(f"{path.relative_to(injected_site)}: {cell[:60]}")
    assert formulas == [], "cellules CSV lues comme des formules par un tableur :\n" + "\n".join(formulas)


# ---------------------------------------------------------------- in Chromium

INJECTED_DOM = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name) && /XSS/.test(attr.value)) found.push(el.tagName + ' ' + attr.name);
      if (/^(href|src|action|formaction|xlink:href)$/i.test(attr.name) && /^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
    if (el.tagName === 'SCRIPT' && /^\\s*alert\\(/.test(el.textContent)) found.push('script ' + el.textContent.slice(0, 40));
    if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('img src=x');
  }
  return found;
}"""


def check_page(page) -> None:
    """No dialog, no console marker, no injected element or handler in the page or its frames."""
    for frame in page.frames:
        if not frame.is_detached():
            injected = frame.evaluate(INJECTED_DOM)
            assert injected == [], f"{frame.url}: {injected}"
    assert page.dialogs == [], page.dialogs
    assert not [m for m in page.console_messages if "XSS-MARQUEUR" in m]


def test_feeds_and_geojson_keep_the_exact_text(injected_site):
    """The Atom feeds are well-formed XML whose titles and summaries are the payloads, as text;
    the GeoJSON names too (macros/portal/open_formats.py)."""
    import xml.etree.ElementTree as ET

    from macros.portal import open_formats

    found, atom = payloads(), "{http://www.w3.org/2005/Atom}"
    for path, prefix in ((open_formats.NEWS_FEED, "act"), (open_formats.EVENTS_FEED, "evt")):
        raw = (injected_site / path).read_bytes()
        # Tags only: a quote needs no escaping in XML text (« ' onmouseover=' » is harmless there).
        assert not any(markup.encode() in raw for markup in RAW_MARKUP if markup.startswith("<")), path
        entries = list(ET.fromstring(raw).iter(f"{atom}entry"))
        assert found[f"{prefix}_titre"] in [e.findtext(f"{atom}title") for e in entries], path
        assert any(found[f"{prefix}_resume"] in e.findtext(f"{atom}summary") for e in entries), path
    names = {f["properties"]["nom"] for f in json.loads((injected_site / open_formats.POINTS).read_text(encoding="utf-8"))["features"]}
    assert found["nom"] in names


def test_every_page_showing_a_payload_runs_none(browser, injected_site, injected_url):
    page = guarded_page(browser, injected_url)
    try:
        for rel in pages_showing_payloads(injected_site):
            page.goto(f"{injected_url}/{url_of(rel)}")
            page.wait_for_load_state("load")
            for frame_element in page.query_selector_all("iframe"):
                frame_element.scroll_into_view_if_needed()
            page.wait_for_timeout(200)
            check_page(page)
            body = visible(page.inner_text("body"))
            # Each payload writes {{ 7*7 }} right after its <img> tag: a template engine would leave 49.
            assert not re.search(r"-img'\)>\s*49\b", body), f"{rel}: du texte de données a été évalué comme gabarit"
            if "-img')>" in body:
                assert "{{ 7*7 }}" in body, rel
    finally:
        page.context.close()


# Where each field must be visible, as text, exactly as written.
SHOWN_ON = {
    "cpts/cpts-injection/": ["nom", "autres_noms", "presentation", "presentation_2", "territoire_note", "gouvernance_nom",
                             "remarques", "titre"],
    "annuaire/": ["nom"],
    "carte/": ["nom"],
    "carte/occitanie/": ["nom"],
    "actions/action-injection/": ["titre", "resume", "porteurs", "partenaires", "contexte", "deroule", "resultat_libelle",
                                  "resultat_unite", "resultat_periode", "enseignements", "freins", "perspectives",
                                  "document_titre", "action_remarques", "nom"],
    "actions/": ["titre", "resume", "porteurs", "nom"],
    "actions/mission/prevention/": ["titre", "resume"],
    "evenements/evenement-injection/": ["evt_titre", "evt_resume", "evt_lieu", "evt_organisateurs", "evt_inscription",
                                        "evt_description", "evt_format", "evt_moment_titre", "evt_intervenants",
                                        "evt_precisions", "evt_remarques", "nom", "titre"],
    "evenements/": ["evt_titre", "evt_resume", "evt_lieu", "evt_organisateurs"],
    "actualites/actualite-injection/": ["act_titre", "act_resume", "act_texte", "act_lien_titre", "act_remarques",
                                        "evt_titre", "nom", "titre"],
    "actualites/": ["act_titre", "act_resume"],
    "boite-a-outils/": ["outil_titre", "outil_description", "outil_auteur", "outil_acces", "outil_remarques", "nom", "titre"],
    "boite-a-outils/pour-patients-et-aidants/": ["outil_titre", "outil_description", "outil_acces"],
    "": ["evt_titre", "evt_resume", "act_titre", "act_resume"],
    "faq/": ["faq_question", "faq_reponse", "faq_page_titre", "glo_terme", "titre", "nom"],
    "glossaire/": ["glo_terme", "glo_long", "glo_definition", "faq_question"],
    "observatoire/": ["obs_titre", "obs_producteur", "obs_perimetre", "obs_methode", "obs_chiffre_titre",
                      "obs_barres_titre", "obs_incoherences"],
    "test-injection-observatoire/": ["obs_chiffre_titre", "obs_barres_titre", "obs_question", "obs_categorie",
                                     "obs_categorie_2", "obs_notes", "obs_incoherences", "obs_serie", "obs_ecart",
                                     "obs_base", "obs_valeur_note"],
}


@pytest.mark.parametrize("url", list(SHOWN_ON))
def test_payloads_are_shown_as_text(browser, injected_site, injected_url, url):
    if not (injected_site / url / "index.html").exists():
        pytest.skip(f"page {url} absente du site construit (type de page pas encore livré)")
    texts = payloads()
    page = guarded_page(browser, injected_url)
    try:
        page.goto(f"{injected_url}/{url}")
        page.wait_for_load_state("load")
        check_page(page)
        body = visible(page.inner_text("article"))
        missing = [field for field in SHOWN_ON[url] if visible(texts[field]) not in body]
        assert missing == [], f"{url} : texte absent ou altéré pour {missing}"
        if url.startswith("cpts/"):
            assert page.title().startswith(texts["nom"]), f"titre de l'onglet altéré : {page.title()!r}"
    finally:
        page.context.close()


def test_map_popup_shows_the_name_as_text(browser, injected_site, injected_url):
    if not (injected_site / "cartes" / "france.html").exists():
        pytest.skip("carte nationale absente du site construit")
    texts = payloads()
    page = guarded_page(browser, injected_url)
    try:
        page.goto(f"{injected_url}/cartes/france.html")
        marker = page.locator(".leaflet-marker-icon").first
        marker.wait_for(timeout=10_000)
        assert visible(marker.get_attribute("title")).startswith(visible(texts["nom"]))
        marker.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5_000)
        assert visible(texts["nom"]) in visible(popup.inner_text())
        check_page(page)
    finally:
        page.context.close()


def test_finder_answer_shows_the_name_as_text(browser, injected_site, injected_url):
    if not (injected_site / "trouver-ma-cpts" / "index.html").exists():
        pytest.skip("recherche par commune absente du site construit")
    texts = payloads()
    page = guarded_page(browser, injected_url)
    try:
        page.goto(f"{injected_url}/trouver-ma-cpts/")
        page.fill("input[role=combobox]", "Cahors")  # the injected CPTS covers Cahors (46042)
        page.wait_for_selector("[role=listbox] [role=option]", timeout=15_000)
        page.keyboard.press("Enter")
        answer = page.locator("[data-finder-resultat]")
        page.wait_for_function("el => el.textContent.includes('XSS-nom')", arg=answer.element_handle(), timeout=10_000)
        assert visible(texts["nom"]) in visible(answer.inner_text())
        hrefs = answer.evaluate("el => [...el.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        assert all(h.startswith(("http://", "https://", "mailto:", "tel:", "../", "./")) or not re.match(r"^[a-z]+:", h) for h in hrefs), hrefs
        check_page(page)
    finally:
        page.context.close()


def test_search_results_show_payloads_as_text(browser, injected_url):
    page = guarded_page(browser, injected_url)
    try:
        page.goto(f"{injected_url}/")
        open_search(page, "XSS")
        results = visible(page.inner_text(".md-search-result"))
        assert "<script>alert('XSS-" in results, results[:500]
        check_page(page)
    finally:
        page.context.close()
