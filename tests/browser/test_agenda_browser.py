"""The agenda in Debian's Chromium: an event whose last day is over is shown as past, whatever
the build said, on the visitor's clock (Playwright's fixed clock here, so the test does not
depend on today's date)."""
from __future__ import annotations

import datetime as dt

import pytest

from macros.core.build_date import last_day
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def events():
    return load_catalogue(ROOT).features["evenements"]


def moments(page) -> dict[str, tuple[str, str]]:
    """{slug: (data-moment, badge text)} of the agenda's listed events."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(".evenement-item")].map(
        li => [li.dataset.evenement, [li.dataset.moment, li.querySelector(".evenement-badge").textContent.trim()]]))""")


def test_agenda_follows_the_visitors_clock(page, site_url, built_site):
    entries = events()
    assert entries, "the bundled data has events"
    # After every event's last day: all are past, whatever the build date was.
    after_all = max(last_day(e.record.fin or e.record.debut) for e in entries.values()) + dt.timedelta(days=2)
    page.clock.set_fixed_time(dt.datetime.combine(after_all, dt.time(12)))
    page.goto(f"{site_url}/evenements/")
    shown = moments(page)
    assert set(shown) == set(entries)
    assert all(tuple(state) == ("passe", "Passé") for state in shown.values()), shown
    # The home page's "Prochains événements" hides them rather than listing past events.
    page.goto(f"{site_url}/")
    visible = page.locator("[data-prochains] .evenement-item:visible")
    assert visible.count() == 0


def test_agenda_keeps_what_is_still_to_come(page, site_url, built_site):
    entries = events()
    # Before the build's own date (SOURCE_DATE_EPOCH of the tests): the build's classification stays.
    page.clock.set_fixed_time(dt.datetime(2023, 1, 1, 12))
    page.goto(f"{site_url}/evenements/")
    built = {li.split('"')[0] for li in (built_site / "evenements" / "index.html").read_text(encoding="utf-8")
             .split('data-evenement="')[1:]}
    shown = moments(page)
    assert set(shown) == built == set(entries)
    html = (built_site / "evenements" / "index.html").read_text(encoding="utf-8")
    for slug, (moment, _) in shown.items():
        assert f'data-evenement="{slug}" data-moment="{moment}"' in html, slug  # unchanged by the script
