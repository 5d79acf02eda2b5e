"""A generated page as data: its front matter and its finished HTML body, or how to render it.

Record types, maps and coverage describe their pages with ``markdown_page``; the build
(``build.generated``) turns each into an in-memory MkDocs page whose body skips Markdown. Nothing
here knows MkDocs or the build in progress, so a page can be built and inspected in a unit test.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageSource:
    """A generated page: safe front matter (``title`` HTML-escaped) and its body.

    ``body`` is the HTML, or a function returning it: record pages pass a function so that their
    bodies can be rendered on the second core; then ``key`` (the page's path) names the page and
    ``source`` (its data file) is what a rendering failure names.
    """

    front_matter: dict[str, Any]
    body: str | Callable[[], str]
    key: str | None = None
    source: str | None = None


class WrittenLater:
    """A file that a ``deferred`` provider writes on the second core, listed under this marker by
    a ``files`` provider: MkDocs then knows the file exists (and checks links to it) but does not
    write it (``build.plugin.LaterFile``)."""

    def __repr__(self) -> str:
        return "WRITTEN_LATER"


WRITTEN_LATER = WrittenLater()


def markdown_page(front_matter: dict[str, Any], body: str | Callable[[], str], key: str | None = None,
                  source: str | None = None) -> PageSource:
    """A page made of safe front matter and a finished HTML body (kept out of Markdown)."""
    return PageSource(front_matter, body, key, source)
