"""Printed CPTS and action pages (Chromium with the print media type): the content alone, link
addresses written out, the map left out and the list of communes printed instead."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HIDDEN_WHEN_PRINTED = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-search")


def shown(page, selector):
    return page.eval_on_selector_all(selector, "els => els.filter(e => getComputedStyle(e).display !== 'none').length")


def after_content(page, selector):
    return page.eval_on_selector(selector, "a => getComputedStyle(a, '::after').content")


@pytest.mark.parametrize("path, article", [
    ("cpts/cpts-balagne/", ".cpts-fiche"),
    ("actions/nord-est-metropolitain-ouvrir-les-horizons/", ".action-fiche"),
])
def test_printed_page_is_the_content_alone(page, site_url, path, article):
    page.goto(f"{site_url}/{path}")
    assert shown(page, ".md-header") == 1
    page.emulate_media(media="print")
    for selector in HIDDEN_WHEN_PRINTED:
        assert shown(page, selector) == 0, selector
    assert shown(page, "iframe") == 0  # the CPTS map: its list of communes is printed instead
    assert shown(page, article) == 1


def test_printed_links_show_their_address(page, site_url):
    # No CPTS record publishes a web address yet: an action page's documents carry some.
    page.goto(f"{site_url}/actions/nord-est-metropolitain-ouvrir-les-horizons/")
    link = '.action-fiche a[href^="http"]'
    href = page.locator(link).first.get_attribute("href")
    assert after_content(page, link) in ("none", "normal")
    page.emulate_media(media="print")
    assert href in after_content(page, link)


def test_printing_a_cpts_page_prints_its_communes_instead_of_its_map(page, site_url):
    page.goto(f"{site_url}/cpts/cpts-balagne/")
    details = page.locator("details.cpts-communes")
    assert details.count() == 1
    page.evaluate("document.querySelector('details.cpts-communes').open = false")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert details.get_attribute("open") is not None
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert details.get_attribute("open") is None
