"""Menus rendered once per depth: the tabs and side navigation of the pages outside the nav.

Material renders the tabs and the navigation into every page. For a record page (a CPTS, an
action…) they depend only on how deep the page is, since no menu entry is active and such pages
have no table of contents: ``overrides/main.html`` asks ``key`` whether a page's menus can be
shared and keeps the first rendering for the pages that follow (a few thousand Jinja calls less
per page at national scale). Hand-written pages in the nav are rendered as usual.
"""
from __future__ import annotations

import functools
from typing import Any

from mkdocs.utils import get_relative_url


def on_nav(nav: Any, nav_urls: list[str]) -> None:
    """Keep the URLs of the pages in the nav (the build's ``BuildState.nav_urls``)."""
    nav_urls[:] = sorted({page.url for page in nav.pages})


def on_env(env: Any, nav_urls: list[str]) -> None:
    cache: dict[tuple, str] = {}  # a new one per build: menus change with the nav and the config

    def keep(key: tuple | None, html: str) -> str:
        if key is not None:
            cache[key] = html
        return html

    env.globals["portail_menus"] = cache
    env.globals["portail_menus_cle"] = functools.partial(key, nav_urls)
    env.globals["portail_menus_garder"] = keep


def key(nav_urls: list[str], page: Any, part: str) -> tuple | None:
    """The cache key of a page's menu ``part``, None when its menus are its own."""
    if page is None or page.url in nav_urls or page.toc.items or (page.meta or {}).get("hide"):
        return None
    # Links in the menus are relative to the page: pages that see every menu target (and the
    # site root) through the same relative URLs share the same menus.
    return (part, get_relative_url(".", page.url), tuple(get_relative_url(url, page.url) for url in nav_urls))
