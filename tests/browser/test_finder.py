"""« Trouver ma CPTS » in Debian's Chromium, on the built site served on 127.0.0.1.

Expectations come from the data files, not from the page: each test first checks in
data/cpts/<slug>.yml (through the loader) that the commune is in the CPTS's territory, e.g.
Challans 85047 in cpts-loire-vendee-ocean, Paris 19e 75119 in cpts-paris-19, Châteauroux 36044
in cpts-chateauroux-and-co, Issoudun 36088 in cpts-issoudun; Bastia 2B033 is in no territory and
Corsica's only published CPTS is cpts-balagne.
"""
from __future__ import annotations

import pytest

from macros.records.cpts.view import PRECISION_LABELS
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

INPUT = "#finder-saisie"
LISTBOX = "#finder-liste"
RESULT = "[data-finder-resultat]"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def in_territory(catalogue, slug, code):
    return code in catalogue.cpts[slug].communes


def open_finder(page, site_url, path="trouver-ma-cpts/"):
    page.goto(f"{site_url}/{path}")
    page.wait_for_selector(INPUT, state="visible")


def type_and_wait(page, text):
    """Type like a person; wait until the suggestions for this text are shown."""
    page.locator(INPUT).click()
    page.locator(INPUT).fill("")
    page.locator(INPUT).press_sequentially(text)
    page.wait_for_selector(f"{LISTBOX} [role=option]", state="visible")


def choose(page, option_text):
    page.locator(f"{LISTBOX} [role=option]", has_text=option_text).first.click()
    page.wait_for_selector(f"{RESULT} .finder-resultat")


def cpts_links(page):
    return page.eval_on_selector_all(
        f"{RESULT} .finder-cpts__nom a", "links => links.map(a => new URL(a.href).pathname)")


def assert_clean(page):
    assert page.console_errors == []
    assert page.outside_requests == []


def test_accented_name_gives_the_cpts_and_what_it_offers(page, site_url, catalogue):
    slug = "cpts-chateauroux-and-co"
    assert in_territory(catalogue, slug, "36044")
    record = catalogue.cpts[slug].record
    open_finder(page, site_url)
    type_and_wait(page, "Châteauroux")
    choose(page, "Châteauroux")
    assert cpts_links(page) == [f"/cpts/{slug}/"]
    result = page.locator(RESULT)
    assert result.locator(".finder-resultat__titre").text_content() == "Châteauroux"
    statut = catalogue.referentiels.statuts[record.statut].libelle
    assert result.locator(".finder-cpts__statut").text_content().strip() == f"Statut : {statut}"
    assert PRECISION_LABELS[record.territoire.precision] in result.text_content()  # "territoire approché…"
    offers = [catalogue.referentiels.missions[m].pour_les_patients for m in record.missions]
    shown = result.locator("[data-slot=offres] li").all_text_contents()
    assert shown == [o for o in offers if o]
    assert "Aucun contact n'est publié ici" in result.text_content()  # the record has no contact
    assert_clean(page)


def test_unaccented_name(page, site_url, catalogue):
    assert in_territory(catalogue, "cpts-chateauroux-and-co", "36044")
    open_finder(page, site_url)
    type_and_wait(page, "chateauroux")
    page.keyboard.press("Enter")  # the best suggestion
    page.wait_for_selector(f"{RESULT} .finder-resultat")
    assert cpts_links(page) == ["/cpts/cpts-chateauroux-and-co/"]
    assert_clean(page)


def test_postal_code(page, site_url, catalogue):
    slug = "cpts-loire-vendee-ocean"
    assert in_territory(catalogue, slug, "85047")
    assert "85300" in catalogue.reference.communes["85047"].codes_postaux
    open_finder(page, site_url)
    type_and_wait(page, "85300")
    choose(page, "Challans")
    assert cpts_links(page) == [f"/cpts/{slug}/"]
    assert PRECISION_LABELS["partiel"] in page.locator(RESULT).text_content()
    assert_clean(page)


def test_insee_code_of_an_arrondissement(page, site_url, catalogue):
    assert in_territory(catalogue, "cpts-paris-19", "75119")
    open_finder(page, site_url)
    type_and_wait(page, "75119")
    choose(page, "Paris 19e Arrondissement")
    assert cpts_links(page) == ["/cpts/cpts-paris-19/"]
    assert_clean(page)


def test_paris_shows_the_cpts_of_its_arrondissements(page, site_url, catalogue):
    assert in_territory(catalogue, "cpts-paris-19", "75119")
    open_finder(page, site_url)
    type_and_wait(page, "Paris")
    options = page.locator(f"{LISTBOX} [role=option]").all_text_contents()
    assert any(o.startswith("Paris 19e Arrondissement") for o in options)
    choose(page, "Paris — Paris (75)")
    assert cpts_links(page) == ["/cpts/cpts-paris-19/"]
    assert "Pour : Paris 19e Arrondissement." in page.locator(RESULT).text_content()
    assert_clean(page)


def test_uncovered_commune_gets_an_honest_answer_and_the_nearest_cpts(page, site_url, catalogue):
    assert not any("2B033" in e.communes for e in catalogue.cpts.values())
    corsican = [s for s, e in catalogue.cpts.items() if any(c.startswith("2") and not c[1].isdigit() for c in e.communes)]
    assert corsican == ["cpts-balagne"]
    open_finder(page, site_url)
    type_and_wait(page, "2B033")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{RESULT} .finder-aucune")
    text = page.locator(RESULT).text_content()
    assert "Aucune CPTS renseignée sur ce portail pour cette commune." in text
    assert page.locator(f"{RESULT} [data-slot=proche]").get_attribute("href").endswith("cpts/cpts-balagne/")
    assert "km" in page.locator(f"{RESULT} [data-slot=distance]").text_content()
    assert "agence régionale de santé (ARS)" in text and "(CPAM)" in text and "Haute-Corse (2B)" in text
    assert "aucune CPTS renseignée" in page.locator("#finder-statut").text_content()
    assert_clean(page)


def test_former_commune_leads_to_its_current_commune(page, site_url, catalogue):
    old = [c for c in catalogue.reference.anciennes if c.nom == "Arbignieu"]
    current = catalogue.reference.communes[old[0].parent].nom
    open_finder(page, site_url)
    type_and_wait(page, "Arbignieu")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{RESULT} .finder-resultat")
    assert page.locator(f"{RESULT} .finder-resultat__titre").text_content() == current
    assert "« Arbignieu » est une ancienne commune" in page.locator(RESULT).text_content()
    assert_clean(page)


def test_keyboard_only(page, site_url, catalogue):
    assert in_territory(catalogue, "cpts-issoudun", "36088")
    open_finder(page, site_url)
    for _ in range(60):  # reach the field with Tab alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "finder-saisie":
            break
    else:
        pytest.fail("le champ de recherche n'est pas atteignable au clavier")
    field = page.locator(INPUT)
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-controls") == "finder-liste"
    assert page.get_attribute(LISTBOX, "role") == "listbox"
    assert field.get_attribute("aria-expanded") == "false"
    page.keyboard.type("Issoud")
    page.wait_for_selector(f"{LISTBOX} [role=option]", state="visible")
    assert field.get_attribute("aria-expanded") == "true"
    assert field.get_attribute("aria-activedescendant") is None
    page.keyboard.press("ArrowDown")
    first = page.locator(f"{LISTBOX} [role=option]").first
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert first.text_content().startswith("Issoudun")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{RESULT} .finder-resultat")
    assert field.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "finder-saisie"
    assert cpts_links(page) == ["/cpts/cpts-issoudun/"]
    assert "Issoudun : 1 CPTS renseignée" in page.locator("#finder-statut").text_content()
    # Real headings under the page's h1: the commune (h2), then each CPTS (h3).
    assert page.eval_on_selector(f"{RESULT} .finder-resultat__titre", "h => h.tagName") == "H2"
    assert page.eval_on_selector(f"{RESULT} .finder-cpts__nom", "h => h.tagName") == "H3"
    # Escape closes the list, then clears the field.
    page.keyboard.press("Control+A")
    page.keyboard.type("Par")
    page.wait_for_selector(f"{LISTBOX} [role=option]", state="visible")
    page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")
    assert field.input_value() == ""
    assert_clean(page)


def test_home_page_embeds_the_finder_and_loads_the_index_only_on_use(page, site_url, catalogue):
    slug = "cpts-loire-vendee-ocean"
    assert in_territory(catalogue, slug, "85047")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/")
    page.wait_for_load_state("networkidle")
    assert not any("finder-index" in url for url in requests)
    type_and_wait(page, "challans")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{RESULT} .finder-resultat")
    assert sum("finder-index" in url for url in requests) == 1
    # Under the section's h2 "Je suis patient·e": the answer starts at h3.
    assert page.eval_on_selector(f"{RESULT} .finder-resultat__titre", "h => h.tagName") == "H3"
    assert_clean(page)
    # The link is relative to the home page: it must lead to the record (whose own map tiles
    # are outside this test's concern).
    page.locator(f"{RESULT} .finder-cpts__nom a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cpts/{slug}/")
    assert page.locator("h1").first.text_content() == catalogue.cpts[slug].record.nom


def test_visible_button_searches_without_the_suggestion_list(page, site_url, catalogue):
    """A patient on a phone types the commune and presses « Rechercher »: no need to use the list."""
    slug = "cpts-loire-vendee-ocean"
    assert in_territory(catalogue, slug, "85047")
    page.goto(f"{site_url}/")
    button = page.get_by_role("button", name="Rechercher", exact=True)
    assert button.is_visible()
    # An empty field: the status says what to type, nothing is shown.
    button.click()
    assert "Saisissez d'abord" in page.locator("#finder-statut").text_content()
    assert page.locator(f"{RESULT} .finder-resultat").count() == 0
    # Typed fast (fill, no key events for the list) then the button: the best match is shown.
    page.locator(INPUT).fill("Challans")
    button.click()
    page.wait_for_selector(f"{RESULT} .finder-resultat")
    assert page.locator(INPUT).input_value() == "Challans"
    assert cpts_links(page) == [f"/cpts/{slug}/"]
    # A text matching no commune: said in the status, the previous answer is not presented as this one's.
    page.locator(INPUT).fill("Zzzzqx")
    button.click()
    page.wait_for_function("document.querySelector('#finder-statut').textContent.includes('Aucune commune ne correspond')")
    assert page.locator(INPUT).get_attribute("aria-expanded") == "false"
    assert page.locator(f"{RESULT} .finder-resultat").count() == 0
    assert_clean(page)


def test_without_javascript_the_page_points_elsewhere(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url)
               else (outside.append(route.request.url), route.abort()))
    page.goto(f"{site_url}/trouver-ma-cpts/")
    assert not page.locator("[data-finder]").is_visible()
    message = page.locator(".finder__sans-js")
    assert message.is_visible()
    hrefs = message.locator("a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert hrefs == ["/annuaire/", "/couverture/"]
    assert outside == []
    context.close()


# Suggestions shown; answers: a city of arrondissements, a commune without CPTS (Bastia), one
# without CPTS and none within 150 km (Saint-Denis, La Réunion: the « closest CPTS » block is
# left out, its link with it).
@pytest.mark.parametrize("typed, open_list", [("Paris", True), ("Paris", False), ("2B033", False), ("97400", False)])
def test_no_wcag_violation_with_suggestions_or_answers_shown(page, site_url, typed, open_list):
    """Neither axe nor HTML_CodeSniffer (WCAG2AA) finds anything in these states of the finder."""
    from tests.quality.axe import describe, run_axe
    from tests.quality.htmlcs import describe as describe_htmlcs, run_htmlcs

    open_finder(page, site_url)
    type_and_wait(page, typed)
    if open_list:
        page.keyboard.press("ArrowDown")
    else:
        page.keyboard.press("Enter")
        page.wait_for_selector(f"{RESULT} .finder-resultat, {RESULT} .finder-aucune")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    errors = run_htmlcs(page)
    assert errors == [], describe_htmlcs(errors, site_url)
    assert_clean(page)


def selected_options(page):
    return page.eval_on_selector_all(f"{LISTBOX} [aria-selected=true]", "os => os.map(o => o.id)")


def test_only_the_active_option_is_selected(page, site_url):
    open_finder(page, site_url)
    type_and_wait(page, "saint den")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Escape")
    assert selected_options(page) == []
    page.keyboard.press("ArrowDown")
    assert selected_options(page) == [page.locator(INPUT).get_attribute("aria-activedescendant")]
    # A choice, then the list reopened.
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{RESULT} .finder-resultat")
    page.keyboard.press("ArrowDown")
    assert selected_options(page) == [page.locator(INPUT).get_attribute("aria-activedescendant")]
    assert_clean(page)


def test_the_highlighted_option_stays_on_a_phone_screen(page, site_url):
    """At 320 × 640 the list of 25 communes runs past the bottom of the screen: each option the
    arrows highlight is in sight, going down, wrapping round to the first, and up from it."""
    page.set_viewport_size({"width": 320, "height": 640})
    open_finder(page, site_url)
    type_and_wait(page, "saint den")
    header = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    out = []
    for key in ["ArrowDown"] * 8 + ["ArrowUp"] * 9:
        page.keyboard.press(key)
        active = page.locator(INPUT).get_attribute("aria-activedescendant")
        box = page.locator(f"#{active}").bounding_box()
        if box["y"] < header or box["y"] + box["height"] > 640:
            out.append(f"{key} → {page.locator(f'#{active}').inner_text()[:30]!r} à {box['y']:.0f}–{box['y'] + box['height']:.0f} px")
    assert not out, "option en surbrillance hors de l'écran :\n" + "\n".join(out)
    assert_clean(page)


def test_tab_from_a_long_list_reaches_the_button(page, site_url):
    open_finder(page, site_url)
    type_and_wait(page, "saint den")
    assert page.locator(f"{LISTBOX} [role=option]").count() == 25
    assert page.eval_on_selector(LISTBOX, "l => l.scrollHeight > l.clientHeight")  # the list scrolls
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Rechercher"
    assert_clean(page)


def test_paris_announcement_says_no_cpts_covers_the_whole_city(page, site_url, catalogue):
    assert in_territory(catalogue, "cpts-paris-19", "75119")
    open_finder(page, site_url)
    type_and_wait(page, "Paris")
    choose(page, "Paris — Paris (75)")
    visible = page.locator(f"{RESULT} .finder-resultat__partielle").text_content()
    assert "aucune CPTS publiée ici ne couvre toute la ville" in visible
    said = page.locator("#finder-statut").text_content()
    assert "ne couvre toute la ville" in said and "CPTS Paris 19" in said
    assert_clean(page)


def test_a_misspelt_name_is_answered_with_suggestions(page, site_url, catalogue):
    assert in_territory(catalogue, "cpts-chateauroux-and-co", "36044")
    open_finder(page, site_url)
    type_and_wait(page, "Chateauruox")
    assert page.locator(f"{LISTBOX} [role=option]").first.text_content().startswith("Châteauroux")
    said = page.locator("#finder-statut").text_content()
    assert "Vouliez-vous dire Châteauroux (36)" in said
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{RESULT} .finder-resultat")
    assert cpts_links(page) == ["/cpts/cpts-chateauroux-and-co/"]
    assert_clean(page)


@pytest.mark.parametrize("typed, listed", [("75732", False), ("86035 Poitiers cedex", True)])
def test_a_cedex_code_is_explained(page, site_url, typed, listed):
    open_finder(page, site_url)
    page.locator(INPUT).click()
    page.locator(INPUT).press_sequentially(typed)
    page.wait_for_function("document.querySelector('#finder-statut').textContent.includes('CEDEX')")
    said = page.locator("#finder-statut").text_content()
    assert "code postal ordinaire" in said
    assert (page.locator(f"{LISTBOX} [role=option]").count() > 0) == listed
    assert_clean(page)


def test_no_cpts_within_reach_does_not_contradict_the_list_below(page, site_url, catalogue):
    """Saint-Denis (97411, La Réunion) is in no territory and no CPTS with a known territory or
    seat lies within reach; cpts-grand-sud-reunion is published for 974 without territory nor
    seat and is listed below the distance sentence, which must allow for it."""
    assert not any("97411" in e.communes for e in catalogue.cpts.values())
    record = catalogue.cpts["cpts-grand-sud-reunion"].record
    assert record.departements == ["974"] and record.territoire.precision == "inconnu" and not record.siege
    open_finder(page, site_url)
    type_and_wait(page, "97400")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{RESULT} .finder-aucune")
    far = page.locator(f"{RESULT} [data-slot=loin-bloc]")
    assert far.is_visible()
    assert "Parmi les CPTS publiées ici dont le territoire ou le siège est connu, aucune" in far.text_content()
    listed = page.locator(f"{RESULT} [data-slot=sans-territoire] a").evaluate_all("ls => ls.map(a => a.pathname)")
    assert "/cpts/cpts-grand-sud-reunion/" in listed
    assert_clean(page)


def test_without_javascript_the_intro_does_not_ask_to_type(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url) else route.abort())
    page.goto(f"{site_url}/trouver-ma-cpts/")
    text = page.locator("article").inner_text()
    assert "Tapez" not in text and "choisissez-la dans la liste" not in text
    assert page.locator(".finder__sans-js").is_visible()
    context.close()
