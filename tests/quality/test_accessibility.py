"""Accessibility gate (RGAA 4.1 ⇔ WCAG 2.1 AA), on one page of every page type of the built site.

What a machine can check, in Debian's Chromium: axe-core's WCAG A/AA rules (contrast included)
at desktop and phone widths, a second engine (HTML_CodeSniffer, WCAG2AA, map iframes included),
no sideways scrolling at 320 and 390 px, the skip link, a visible focus on every tab stop,
keyboard-only use of the filters and of the commune finder, the submit buttons of the forms,
titled iframes, text alternatives of charts and maps.
Page types come from ``site_pages.PAGE_TYPES``; a type not built yet is skipped with a message.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.quality.axe import describe, run_axe
from tests.quality.browsing import DESKTOP, PHONE, guarded_page, open_search
from tests.quality.htmlcs import describe as describe_htmlcs, run_htmlcs
from tests.quality.site_pages import PAGE_TYPES, PageType, html_pages, missing_message, representative, types_of, url_of

# Violations found in a page type that another engineer owns, reported to them and tracked here so
# the gate stays strict everywhere else: (page type key, viewport id, axe rule id) -> who fixes what.
# Such a page then counts as an expected failure; once the violation is gone the test fails until
# its entry is removed, so the table cannot go stale.
KNOWN_VIOLATIONS: dict[tuple[str, str, str], str] = {
}

VIEWPORTS = {"ordinateur": DESKTOP, "telephone": PHONE}

# Focus problems in a page type another engineer owns, tracked the same way:
# (page type key, start of the focused element's description) -> who fixes what.
KNOWN_FOCUS: dict[tuple[str, str], str] = {
}


def soup(path: Path) -> BeautifulSoup:
    return _parsed(str(path), path.stat().st_mtime_ns)


@functools.cache
def _parsed(path: str, _mtime: int) -> BeautifulSoup:
    """Each built page parsed once for all the static checks (read-only use)."""
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def open_page_type(page, site: Path, site_url: str, page_type: PageType) -> str:
    """Load the page that represents ``page_type`` (or skip); return its site path."""
    if page_type.search:
        page.goto(f"{site_url}/")
        open_search(page, page_type.search)
        return f"recherche « {page_type.search} »"
    rel = representative(page_type, site)
    if rel is None:
        pytest.skip(missing_message(page_type))
    page.goto(f"{site_url}/{url_of(rel)}")
    page.wait_for_load_state("load")
    return rel


def test_every_built_page_has_a_type(built_site):
    """A page no row of PAGE_TYPES describes would escape every gate: name its type first."""
    unknown = [rel for rel in html_pages(built_site) if not types_of(rel)]
    assert unknown == [], (
        "pages d'un type inconnu des tests de qualité : ajoutez une ligne à PAGE_TYPES "
        f"(tests/quality/site_pages.py) : {unknown[:20]}")


# Resolves once the page's finite transitions and animations are over (at most a second).
SETTLED = """() => Promise.race([
  Promise.all(document.getAnimations().filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
    .map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 1000))])"""


def focus_the_map(page) -> str:
    """The page's first map (an iframe) focused, as the keyboard leaves it: Material's tooltips
    used to take its title, its name, away then."""
    frame = page.locator("article iframe")
    if frame.count():
        frame.first.focus()
        return "carte focalisée"
    return ""


def search_state(query: str, arrow: bool = False):
    """The header search showing the answer to ``query`` (with the focus on its first result)."""
    def show(page) -> str:
        open_search(page, query, found=False)
        if arrow:
            page.keyboard.press("ArrowDown")
            page.wait_for_function("() => document.activeElement.matches('.md-search-result__link')")
            page.evaluate(SETTLED)  # the focused result's background fades in
        return f"recherche « {query} »" + (", premier résultat focalisé" if arrow else "")
    return show


# More states of a page type, tested in the same browser page after the first one: the header
# search with few results (no « more » button), none, and a result focused (its excerpt's colours).
MORE_STATES = {
    "recherche": (search_state("Balagne"), search_state("zzqxw"), search_state("medecin traitant", arrow=True)),
}


def page_states(page, page_type: PageType):
    """Yield the description of each state of the page to test: as loaded (a map focused, when
    there is one), then each of MORE_STATES."""
    yield focus_the_map(page)
    for state in MORE_STATES.get(page_type.key, ()):
        yield state(page)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.key for t in PAGE_TYPES])
def test_no_wcag_a_aa_violation(browser, built_site, site_url, page_type, viewport):
    page = guarded_page(browser, site_url, VIEWPORTS[viewport])
    violations = []
    try:
        where = open_page_type(page, built_site, site_url, page_type)
        for state in page_states(page, page_type):
            found = run_axe(page)
            violations += found
            if found:
                where += f" ; {state or 'état initial'} : {', '.join(v['id'] for v in found)}"
    finally:
        page.context.close()
    known = {rule: why for (key, width, rule), why in KNOWN_VIOLATIONS.items() if (key, width) == (page_type.key, viewport)}
    unexpected = [v for v in violations if v["id"] not in known]
    assert not unexpected, f"{page_type.label} ({where}, {viewport}) :\n{describe(unexpected)}"
    fixed = sorted(set(known) - {v["id"] for v in violations})
    assert not fixed, f"violation(s) corrigée(s) sur « {page_type.label} » ({viewport}) : retirez {fixed} de KNOWN_VIOLATIONS"
    if known:
        pytest.xfail("; ".join(f"{rule} : {why}" for rule, why in known.items()))


# ---------------------------------------------------------------- second engine, reflow

@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.key for t in PAGE_TYPES])
def test_no_htmlcs_wcag2aa_error(browser, built_site, site_url, page_type):
    """HTML_CodeSniffer finds what axe does not (forms without a submit button, controls named by a
    title alone…): no error of its WCAG2AA standard, in the page and in each of its iframes."""
    page = guarded_page(browser, site_url, DESKTOP)
    errors = []
    try:
        where = open_page_type(page, built_site, site_url, page_type)
        for state in page_states(page, page_type):
            found = run_htmlcs(page)
            errors += found
            if found:
                where += f" ; {state or 'état initial'}"
    finally:
        page.context.close()
    assert not errors, f"HTML_CodeSniffer WCAG2AA, {page_type.label} ({where}) :\n{describe_htmlcs(errors, site_url)}"


REFLOW_WIDTHS = (320, 390)  # WCAG 1.4.10: content at 320 CSS px without scrolling in two directions
OVERFLOW = """() => {
  const d = document.documentElement;
  if (d.scrollWidth <= d.clientWidth) return null;
  const wider = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > d.clientWidth + 1 && getComputedStyle(e).position !== 'fixed';
  }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
    ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)');
  return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, wider};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.key for t in PAGE_TYPES])
def test_no_horizontal_scrolling_on_phones(browser, built_site, site_url, page_type):
    """At 320 and 390 px wide the page (and each map document in it) is no wider than the screen:
    wide tables scroll inside their own box, never the page."""
    page = guarded_page(browser, site_url, {"width": REFLOW_WIDTHS[-1], "height": 740})
    problems = []
    try:
        where = open_page_type(page, built_site, site_url, page_type)
        for width in REFLOW_WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            for frame in page.frames:
                if frame.is_detached() or frame.url in ("", "about:blank"):
                    continue
                found = frame.evaluate(OVERFLOW)
                if found:
                    problems.append(f"{width} px, {frame.url.removeprefix(site_url)} : {found}")
    finally:
        page.context.close()
    assert not problems, f"défilement horizontal ({page_type.label}, {where}) :\n" + "\n".join(problems)


# ---------------------------------------------------------------- keyboard

# What has the focus: shown means on screen, not hidden and not transparent (the opacity of the
# element and of its ancestors: Material hides some controls with opacity alone). An element that
# is not shown yet is looked at again once the transitions running on it or around it are over
# (Material fades the skip link and the permalinks in as they get the focus).
FOCUSED = """async () => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const look = () => {
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    let opacity = 1;
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
    return {
      what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''),
      text: (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().replace(/\\s+/g, ' ').slice(0, 50),
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
      shadow: s.boxShadow !== 'none',
      shown: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && opacity >= 0.5 && r.bottom > 0 && r.right > 0
             && r.top < innerHeight && r.left < innerWidth,
      iframe: e.tagName === 'IFRAME',
    };
  };
  const first = look();
  if (first.shown) return first;
  const running = document.getAnimations().filter(a => a.effect && a.effect.target && a.effect.target.contains
    && a.effect.target.contains(e) && a.effect.getTiming().iterations !== Infinity);
  if (!running.length) return first;
  await Promise.race([Promise.all(running.map(a => a.finished.catch(() => null))),
                      new Promise(resolve => setTimeout(resolve, 1000))]);
  return look();
}"""


def tab_stops(page, count: int, key: str = "Tab") -> list[dict]:
    """Press ``key`` (Tab, or Shift+Tab to go backwards) ``count`` times; what each press focused.

    When the focus enters an iframe (a map), the element focused inside its document is reported.
    """
    stops = []
    for _ in range(count):
        page.keyboard.press(key)
        state = page.evaluate(FOCUSED)
        if state is None:  # past the last tab stop
            break
        if stops and (state["what"], state["text"]) == (stops[0]["what"], stops[0]["text"]):
            break  # back to the first one
        if state["iframe"]:
            frame = page.evaluate_handle("() => document.activeElement").as_element().content_frame()
            inner = frame.evaluate(FOCUSED) if frame else None
            if inner is None:
                continue
            state = {**inner, "what": f"iframe > {inner['what']}"}
        stops.append({**state, "touche": key})
    return stops


# A page with a table of contents (Material's skip link, to its first heading), generated pages
# without one (the skip link to the target just before the content's <article>, overrides/base.html)
# and the 404 page.
@pytest.mark.parametrize("key", ["annuaire", "fiche-cpts", "carte-region", "fiche-action", "404"])
def test_skip_link_leads_to_the_content(page, built_site, site_url, key):
    open_page_type(page, built_site, site_url, next(t for t in PAGE_TYPES if t.key == key))
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first and first["text"] == "Aller au contenu", f"premier arrêt de tabulation : {first}"
    assert first["shown"] and first["outline"], "le lien d'évitement doit apparaître quand il reçoit le focus"
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == target
    assert page.locator(f"article {target}, {target} + article").count() == 1, \
        f"la cible {target} du lien d'évitement doit précéder immédiatement le contenu ou y être"
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('article')"), \
        "après le lien d'évitement, Tab mène dans le contenu"


def test_every_page_has_a_skip_link_to_its_content(built_site):
    """RGAA 12.7 on every page (Material writes its skip link only where there is a table of
    contents): the first link of the page skips to the content (a target just before it), or into it."""
    problems = []
    for rel in html_pages(built_site):
        if rel.startswith("cartes/"):
            continue  # map documents, shown in iframes
        doc = soup(built_site / rel)
        skip = doc.select_one("a.md-skip")
        target = doc.find(id=skip["href"][1:]) if skip and skip.get("href", "").startswith("#") else None
        just_before = target is not None and (target.find_next_sibling() or doc).name == "article"
        if target is None or not (just_before or target.find_parent("article")):
            problems.append(f"{rel}: {skip}")
    assert problems == [], f"{len(problems)} page(s) sans lien d'évitement vers le contenu :\n" + "\n".join(problems[:20])


def test_404_page_speaks_french_and_leads_back(page, site_url):
    """The page for unknown addresses (RGAA 8.6, 8.7): French text, a title that says what it is,
    links back, and a search that opens the site's search with the words typed."""
    page.goto(f"{site_url}/404.html")
    assert page.title() == "Page introuvable — Portail CPTS"
    text = page.locator("article").inner_text()
    assert "Not found" not in text and "Page introuvable" in text
    links = page.locator("article a").evaluate_all("ls => ls.map(a => new URL(a.href).pathname)")
    assert {"/", "/trouver-ma-cpts/", "/annuaire/"} <= set(links), links
    page.fill("article input[name=q]", "annuaire")
    page.click("article button[type=submit]")
    page.wait_for_url(re.compile(r"/\?q=annuaire$"))
    page.wait_for_function("() => document.querySelector('[data-portail-recherche]').getAttribute('data-portail-recherche') === 'annuaire'")
    assert page.is_checked("#__search") and page.locator(".md-search-result__item").count() > 0
    assert page.console_errors == []


FOCUS_TYPES = ["accueil", "annuaire", "fiche-cpts", "trouver", "carte", "actions", "fiche-action",
               "observatoire-edition", "couverture", "contribuer"]
# Desktop, and the narrowest phone (WCAG 1.4.10: also what 400 % zoom of a 1280 px window shows),
# where the side menu becomes a drawer that the header's menu button opens.
FOCUS_VIEWPORTS = {"ordinateur": DESKTOP, "telephone-320": {"width": 320, "height": 640}}


# The page scrolled down a screen and the focus on the content's first tab stop, without moving it.
SCROLLED_INTO_CONTENT = """() => new Promise(resolve => {
  window.scrollTo(0, Math.min(600, document.documentElement.scrollHeight - innerHeight));
  const first = [...document.querySelectorAll('article a[href], article button, article input, article select, article [tabindex]')]
    .find(e => e.tabIndex >= 0 && e.getClientRects().length);
  if (first) first.focus({preventScroll: true});
  setTimeout(resolve, 300);  // Material hides its tabs on the scroll event
})"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(FOCUS_VIEWPORTS))
@pytest.mark.parametrize("key", FOCUS_TYPES)
def test_every_tab_stop_shows_a_visible_focus(browser, built_site, site_url, key, viewport):
    """Tab from the top of the page: each stop is on screen, not hidden nor transparent, with an
    outline. At desktop width also Shift+Tab from the content up to the header, once the page has
    scrolled (Material then hides the header's tabs)."""
    page_type = next(t for t in PAGE_TYPES if t.key == key)
    page = guarded_page(browser, site_url, FOCUS_VIEWPORTS[viewport])
    try:
        open_page_type(page, built_site, site_url, page_type)
        stops = tab_stops(page, 60)
        if viewport == "ordinateur":
            # Back up from the content to the header, the page scrolled (the header's tabs hidden).
            page.reload()
            page.wait_for_load_state("load")
            page.evaluate(SCROLLED_INTO_CONTENT)
            stops += tab_stops(page, 15, key="Shift+Tab")
    finally:
        page.context.close()
    assert len(stops) > 5
    problems = [{**s, "problème": "invisible" if not s["shown"] else "sans contour"}
                for s in stops if not s["shown"] or not (s["outline"] or s["shadow"])]
    known = {prefix: why for (k, prefix), why in KNOWN_FOCUS.items() if k == key}
    unexpected = [p for p in problems if not any(p["what"].startswith(prefix) for prefix in known)]
    assert not unexpected, f"focus invisible ou sans contour ({page_type.label}, {viewport}) :\n" + "\n".join(map(str, unexpected))
    fixed = [prefix for prefix in known if not any(p["what"].startswith(prefix) for p in problems)]
    assert not fixed, f"problème(s) de focus corrigé(s) sur « {page_type.label} » : retirez {fixed} de KNOWN_FOCUS"
    if known:
        pytest.xfail("; ".join(known.values()))


def test_narrow_screen_menu_works_from_the_keyboard(browser, site_url):
    """Below 76.25em (phones, 400 % zoom) the side menu is a drawer (overrides/partials/header.html,
    portail.js): its button is a tab stop that says whether the menu is open; Enter or Space opens
    it with the focus inside and every stop in it shown; its arrow goes back to the upper level;
    Escape closes it and gives the focus back; tabbing out of it closes it; « / » then Tab does
    not lead into it."""
    page = guarded_page(browser, site_url, FOCUS_VIEWPORTS["telephone-320"])
    try:
        page.goto(f"{site_url}/annuaire/")  # a page of a section: the drawer opens on that section
        page.wait_for_load_state("load")
        button = page.get_by_role("button", name="Menu")
        assert button.get_attribute("aria-expanded") == "false"
        controlled = "b => document.getElementById(b.getAttribute('aria-controls')).contains(document.activeElement)"
        tab_to(page, ".md-header button[aria-controls]", limit=3)
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true" and page.is_checked("#__drawer")
        assert button.evaluate(controlled), "à l'ouverture, le focus va dans le menu"
        inside = [page.evaluate(FOCUSED)]
        while button.evaluate(controlled) and len(inside) < 20:
            inside += tab_stops(page, 1)
        assert len(inside) > 3 and button.get_attribute("aria-expanded") == "false", \
            f"quitter le menu avec Tab le ferme : {inside}"
        hidden = [s for s in inside[:-1] if not s["shown"] or not (s["outline"] or s["shadow"])]
        assert not hidden, "arrêts invisibles dans le menu ouvert :\n" + "\n".join(map(str, hidden))

        button.focus()
        page.keyboard.press(" ")
        first = page.evaluate(FOCUSED)
        assert first["what"].startswith("label.md-nav__title") and first["shown"], f"titre de la section : {first}"
        page.keyboard.press("Enter")  # its arrow: back to the upper level
        back = page.evaluate(FOCUSED)
        assert back["what"].startswith("label") and back["text"] == first["text"] and back["shown"], back
        before = tab_stops(page, 1, key="Shift+Tab")[0]
        assert before["what"].startswith("a.md-nav__link") and before["shown"], before
        page.keyboard.press("Escape")
        assert not page.is_checked("#__drawer") and button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("() => document.activeElement.matches('.md-header button[aria-controls]')"), \
            "Échap rend le focus au bouton du menu"

        page.keyboard.press("/")
        after = tab_stops(page, 1)[0]
        assert after["shown"] and not button.evaluate(controlled), f"« / » puis Tab : {after}"
        assert page.console_errors == []
    finally:
        page.context.close()


def visible_rows(page) -> int:
    return page.locator("table[data-annuaire-table] tbody tr:not([hidden])").count()


def tab_to(page, selector: str, limit: int = 80) -> int:
    """Press Tab until ``selector`` has the focus (fails if it is never reached); return the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    pytest.fail(f"« {selector} » n'est pas atteint au clavier en {limit} tabulations")


def test_directory_filters_keyboard_only(page, site_url):
    page.goto(f"{site_url}/annuaire/")
    total = visible_rows(page)
    tab_to(page, "#filtre-region")
    page.keyboard.press("ArrowDown")  # Chromium changes a closed select's value with the arrows
    region_rows = visible_rows(page)
    assert 0 < region_rows < total
    assert page.text_content("[data-annuaire-compte]").startswith(f"{region_rows} CPTS")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "filtre-departement"
    tab_to(page, "#filtre-texte", limit=5)
    page.keyboard.type("zzz-aucune")
    assert visible_rows(page) == 0
    assert page.text_content("[data-annuaire-compte]").startswith("0 CPTS")
    tab_to(page, "button[type=reset]", limit=3)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('table[data-annuaire-table] tbody tr:not([hidden])').length === {total}")
    # Sorting from the keyboard: the column buttons.
    tab_to(page, "th[data-tri] button", limit=5)
    page.keyboard.press("Enter")
    assert page.get_attribute("th[data-tri]:first-child", "aria-sort") == "ascending"
    assert page.console_errors == []


def test_finder_keyboard_only(page, built_site, site_url):
    page_type = next(t for t in PAGE_TYPES if t.key == "trouver")
    open_page_type(page, built_site, site_url, page_type)
    tab_to(page, "input[role=combobox]")
    page.keyboard.type("Chateauroux")  # without the accent, as people type
    page.wait_for_selector("[role=listbox] [role=option]", timeout=15_000)
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("input[role=combobox]", "aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    heading = page.locator("[data-finder-resultat] .finder-resultat__titre")
    heading.wait_for(timeout=20_000)
    assert "Châteauroux" in heading.text_content()
    assert "Châteauroux" in page.text_content("[role=status]")
    tab_to(page, "[data-finder-resultat] a", limit=5)  # the answer's links come next in the tab order
    page.keyboard.press("Escape")
    assert page.console_errors == []


def test_actions_filters_keyboard_only(page, built_site, site_url):
    """The actions library's filters: every control reachable with Tab, each change announced."""
    page_type = next(t for t in PAGE_TYPES if t.key == "actions")
    open_page_type(page, built_site, site_url, page_type)
    controls = page.locator("article select, article input:not([type=hidden])")
    if controls.count() == 0:
        pytest.skip("la bibliothèque d'actions n'a pas (encore) de filtres")
    live = page.locator("article [role=status], article [aria-live]")
    assert live.count() >= 1, "le nombre d'actions affichées doit être annoncé (role=status)"
    first_id = controls.first.get_attribute("id")
    assert first_id, "chaque filtre a un id et une étiquette <label for>"
    tab_to(page, f"#{first_id}")
    before = live.first.text_content()
    if controls.first.evaluate("e => e.tagName") == "SELECT":
        page.keyboard.press("ArrowDown")
    elif controls.first.get_attribute("type") in ("checkbox", "radio"):
        page.keyboard.press("Space")
    else:
        page.keyboard.type("zzz-aucune")
    page.wait_for_function("([el, text]) => el.textContent !== text", arg=[live.first.element_handle(), before])
    assert page.console_errors == []


def test_filter_forms_submit_button_leads_to_the_results(page, built_site, site_url):
    """Filtering is instant; each filter form still has a submit button (WCAG 3.2.2, technique
    H32) that takes the focus to the announced count, just before the results."""
    for key, count in (("annuaire", "[data-annuaire-compte]"), ("actions", "[data-actions-compte]")):
        open_page_type(page, built_site, site_url, next(t for t in PAGE_TYPES if t.key == key))
        button = page.locator("article form button[type=submit]")
        assert button.count() == 1, f"{key} : un bouton d'envoi dans le formulaire de filtres"
        before = page.url
        button.click()
        assert page.evaluate("s => document.activeElement === document.querySelector(s)", count), key
        assert page.url == before, "rien n'est envoyé : la page reste la même"
    assert page.console_errors == []


def test_search_submit_button_opens_the_first_result(page, site_url):
    """The search form's submit button (overrides/partials/search.html) does what Enter does:
    open the first result."""
    page.goto(f"{site_url}/")
    open_search(page, "glossaire")
    first = page.eval_on_selector(".md-search-result__item > a[href]", "a => a.href")
    page.click(".md-search__options button[type=submit]")
    page.wait_for_url(first)
    assert page.console_errors == []


def test_search_downloads_nothing_before_use(page, site_url):
    """No search bytes before the visitor uses the search: neither Material's index file
    (search/search_index.json, its settings only) nor Pagefind."""
    requests = []
    page.on("request", lambda request: requests.append(request.url.removeprefix(site_url)))
    page.goto(f"{site_url}/")
    page.wait_for_load_state("networkidle")
    searching = [url for url in requests if url.startswith(("/search/", "/pagefind/", "/assets/javascripts/workers/"))]
    assert searching == [], f"téléchargé avant toute recherche : {searching}"
    # The page is already "network idle": wait for the engine's request itself (on a busy machine
    # it came after the load-state check, which then passed at once).
    try:
        with page.expect_request(lambda request: "/pagefind/" in request.url, timeout=10_000):
            page.click(".md-search__input")
    except Exception:  # noqa: BLE001 - the assertion below says what is missing
        pass
    page.wait_for_load_state("networkidle")
    assert any(url.startswith("/pagefind/") for url in requests), "le moteur se charge quand on entre dans la recherche"
    assert not any(url.startswith("/search/") for url in requests), "l'index complet de Material n'est jamais téléchargé"
    assert page.console_errors == []


@pytest.mark.parametrize("query, found", [
    ("acces", "accès"),          # no accent typed
    ("l'accès", "accès"),        # elision with a straight apostrophe
    ("l’acces", "accès"),        # curly apostrophe, no accent
    ("d’une", "d'une"),          # the text has a straight apostrophe
    ("medecin traitant", "médecin traitant"),
])
def test_search_folds_accents_and_elisions(page, site_url, query, found):
    page.goto(f"{site_url}/")
    open_search(page, query)
    texts = page.locator(".md-search-result__item").all_inner_texts()
    assert any(found.lower() in t.lower() for t in texts), f"« {query} » : aucun résultat ne contient « {found} » : {texts[:3]}"
    marked = page.locator(".md-search-result__item mark").all_inner_texts()
    assert marked, f"« {query} » : les mots trouvés sont surlignés (<mark>)"
    assert page.console_errors == []


def test_search_keyboard_only(page, site_url):
    """From the keyboard alone: "/" goes to the box, the count of results is announced, the
    arrows reach each result (visible focus), Enter opens it, Escape closes the search."""
    page.goto(f"{site_url}/a-propos/cpts/")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    assert page.is_checked("#__search"), "la recherche s'ouvre quand la zone reçoit le focus"
    page.keyboard.type("soins non programmes")
    page.wait_for_function("() => document.querySelector('[data-portail-recherche]').getAttribute('data-portail-recherche') === 'soins non programmes'")
    status = page.locator(".md-search-result__meta[aria-live=polite]")
    assert re.match(r"^\d+ documents? trouvés?$", status.inner_text().strip()), status.inner_text()
    page.keyboard.press("ArrowDown")
    first = page.evaluate(FOCUSED)
    assert first["what"].startswith("a.md-search-result__link") and first["shown"] and (first["outline"] or first["shadow"]), first
    page.keyboard.press("ArrowDown")
    second = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')"), "les flèches reviennent à la zone"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(second)
    page.wait_for_load_state("load")  # the new page's scripts are deferred: its keys work once it has loaded
    assert not page.is_checked("#__search")
    # The result led to an anchor: 125 ms after a page loads with one, Material closes the search
    # (its own timer, late on a busy machine). A search that « s » opened before that timer fired
    # is closed again and the box lets go of the focus (recherche.js); « s » then opens it again.
    for attempt in range(3):
        page.keyboard.press("s")
        page.wait_for_timeout(500)
        if page.is_checked("#__search"):
            break
        assert not page.evaluate("() => document.activeElement.classList.contains('md-search__input')"), \
            "une recherche fermée ne garde pas le focus"
    assert page.is_checked("#__search"), "« s » ouvre la recherche"
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search"), "Échap ferme la recherche"
    assert page.console_errors == []


def test_search_shows_more_results_on_demand(page, site_url):
    """Five results come first (their fragments only are downloaded); the button after the list
    loads ten more and takes the focus to the first of them."""
    page.goto(f"{site_url}/")
    open_search(page, "CPTS")
    items = page.locator(".md-search-result__item")
    assert items.count() == 5
    page.click(".portail-recherche-plus")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 15")
    page.wait_for_function("() => document.activeElement === document.querySelectorAll('.md-search-result__item > a:first-child')[5]")
    assert page.console_errors == []


# A stand-in for Pagefind's module (pagefind/pagefind.js) that answers a known number of results.
PAGEFIND_STUB = """
const COUNTS = {sixresultats: 6, douzeresultats: 12, troisresultats: 3};
export function options() {}
export function init() {}
export function search(query) {
  const results = Array.from({length: COUNTS[query] || 0}, (_, i) => ({id: String(i), data: () => Promise.resolve(
    {url: "/resultat-" + i + "/", meta: {title: "Résultat " + (i + 1)}, excerpt: "Texte du <mark>résultat</mark>", sub_results: []})}));
  return Promise.resolve({results});
}
"""


def test_search_more_button_only_when_there_are_more(page, site_url):
    """The button after the results shows only when results are left, and says how many
    (« 1 résultat », « 7 résultats »): not in the open, empty box, not with five results or fewer,
    not with none. Pagefind is replaced by a stand-in that answers a known number of results."""
    page.route("**/pagefind/pagefind.js",
               lambda route: route.fulfill(status=200, content_type="text/javascript", body=PAGEFIND_STUB))
    page.goto(f"{site_url}/")
    more = page.locator(".portail-recherche-plus")
    page.click(".md-search__input")
    assert page.is_checked("#__search") and not more.is_visible(), "recherche ouverte et vide : pas de bouton"
    for query, shown, label in (("sixresultats", 5, "Afficher 1 résultat de plus"),
                                ("douzeresultats", 5, "Afficher 7 résultats de plus"),
                                ("troisresultats", 3, None), ("zzqxw", 0, None)):
        open_search(page, query, found=shown > 0)
        assert page.locator(".md-search-result__item").count() == shown, query
        # An <ol> is a list: role="list" on it is redundant (Nu checker), "presentation" would hide it.
        assert page.get_attribute(".md-search-result__list", "role") is None
        if label:
            assert more.is_visible() and more.inner_text() == label, f"« {query} » : {more.inner_text()!r}"
        else:
            assert not more.is_visible(), f"« {query} » : {shown} résultat(s), le bouton s'affiche"
    open_search(page, "sixresultats")
    more.click()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 6")
    assert not more.is_visible(), "tous les résultats affichés : plus de bouton"
    assert page.console_errors == []


# ---------------------------------------------------------------- static checks on every page

def test_every_iframe_has_a_title(built_site):
    missing = []
    for rel in html_pages(built_site):
        for frame in soup(built_site / rel).find_all("iframe"):
            if not (frame.get("title") or "").strip():
                missing.append(f"{rel}: {str(frame)[:120]}")
    assert missing == [], "iframe sans titre (RGAA 2.1) :\n" + "\n".join(missing)


def test_every_image_has_a_text_alternative(built_site):
    missing = []
    for rel in html_pages(built_site):
        for img in soup(built_site / rel).find_all("img"):
            if img.get("alt") is None:  # alt="" is right for decoration; absent is always wrong
                missing.append(f"{rel}: {str(img)[:120]}")
    assert missing == [], "image sans attribut alt (RGAA 1.1) :\n" + "\n".join(missing)


def _svg_name(svg, page: BeautifulSoup) -> str:
    ids = (svg.get("aria-labelledby") or "").split()
    labelled = " ".join(page.find(id=i).get_text(" ", strip=True) for i in ids if page.find(id=i))
    return (svg.get("aria-label") or labelled or (svg.title.get_text(strip=True) if svg.title else "")).strip()


def test_charts_have_text_alternatives(built_site):
    """Inline SVG in content is either hidden from assistive technology or an image with a name;
    charts (figures) also have a <desc> giving their values."""
    problems, charts = [], 0
    for rel in html_pages(built_site):
        page = soup(built_site / rel)
        content = page.find("article") or page
        for svg in content.find_all("svg"):
            if svg.find_parent(attrs={"aria-hidden": "true"}) or svg.get("aria-hidden") == "true":
                continue
            if svg.find_parent(class_=re.compile(r"\b(twemoji|md-icon|headerlink)\b")) or svg.find_parent("a", class_="md-content__button"):
                continue  # Material's icons: their link or button carries the name
            if svg.get("role") != "img" or not _svg_name(svg, page):
                problems.append(f"{rel}: SVG sans role=img ni nom accessible : {str(svg)[:150]}")
            if svg.find_parent("figure"):
                charts += 1
                if not (svg.desc and svg.desc.get_text(strip=True)):
                    problems.append(f"{rel}: graphique sans <desc> : {str(svg)[:150]}")
    for path in sorted(built_site.rglob("*.svg")):
        if "assets" in path.parts:
            continue
        svg = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("svg")
        if svg is None or not (svg.title and svg.title.get_text(strip=True) and svg.desc and svg.desc.get_text(strip=True)):
            problems.append(f"{path.relative_to(built_site)}: fichier SVG sans <title> et <desc>")
    assert problems == [], "\n".join(problems)
    if charts == 0:
        pytest.skip("aucun graphique dans le site construit")


def _cpts_links(html_text: str, base: str) -> set[str]:
    """CPTS pages linked from a document (popups included: their HTML sits in script strings)."""
    import posixpath

    found = set()
    for href in re.findall(r'href=\\?"([^"\\]+)', html_text):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(base), href))
        match = re.match(r"^cpts/([a-z0-9-]+)(/|/index\.html)?$", path)
        if match:
            found.add(match.group(1))
    return found


def test_maps_have_a_text_alternative(built_site):
    """Every CPTS a map shows can be reached from the page around it without the map."""
    import posixpath

    problems, maps = [], 0
    for rel in html_pages(built_site):
        page = soup(built_site / rel)
        for frame in page.find_all("iframe", src=re.compile(r"cartes/")):
            maps += 1
            doc = posixpath.normpath(posixpath.join(posixpath.dirname(rel), frame["src"]))
            shown = _cpts_links((built_site / doc).read_text(encoding="utf-8"), doc)
            around = _cpts_links(str(page), rel) | ({Path(rel).parent.name} if rel.startswith("cpts/") else set())
            if shown - around:
                problems.append(f"{rel}: la carte {doc} montre {sorted(shown - around)[:5]} sans lien dans la page")
    assert problems == [], "\n".join(problems)
    if maps == 0:
        pytest.skip("aucune carte dans le site construit")
