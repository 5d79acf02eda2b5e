"""Browser helpers for the quality gates: serve any built site, open guarded pages at any size.

``tests/conftest.py`` serves the repository's own build; the injection gate builds another site
(hostile data), and the accessibility gate also looks at phone-sized pages, so both need pages on
other servers or viewports with the same guard: console errors and dialogs recorded, every
request to another host refused and recorded.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

from tests.conftest import _QuietHandler

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}  # WCAG 1.4.10 reflow: content must work at 320 CSS px wide and up


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def guarded_page(browser, base_url: str, viewport: dict | None = None):
    """A new page (in its own context) that records console errors, dialogs and outside requests.

    Dialogs (``alert()``…) are recorded then dismissed, so a script injected through data shows
    up in ``page.dialogs`` instead of blocking the test.
    """
    context = browser.new_context(locale="fr-FR", viewport=viewport or DESKTOP)
    page = context.new_page()
    page.console_errors, page.outside_requests, page.dialogs, page.console_messages = [], [], [], []

    def on_console(msg):
        page.console_messages.append(msg.text)
        if msg.type == "error":
            page.console_errors.append(msg.text)

    def on_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def guard(route):
        url = route.request.url
        if url.startswith((base_url, "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.outside_requests.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.route("**/*", guard)
    return page


def open_search(page, query: str, found: bool = True) -> None:
    """Type ``query`` into the header's search box as a visitor would, and wait for its results
    (``found=False``: for the answer that there is none).

    The box (docs/assets/js/recherche.js) names in ``data-portail-recherche`` the query whose
    results it shows, once they are in the page."""
    if not page.is_visible(".md-search__input"):
        page.click("label[for='__search']")  # narrow screens: the magnifier opens the search
    page.fill(".md-search__input", query)
    page.wait_for_function(
        "q => document.querySelector('[data-portail-recherche]').getAttribute('data-portail-recherche') === q",
        arg=query.strip(), timeout=15_000)
    if found:
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
