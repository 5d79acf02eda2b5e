"""Every generated file of the site, as ``{site-relative path: content}``, and their page bodies.

Features declare their files (``Feature.files``); each provider is a pure function of the
catalogue, called once per build. A provider's pages are ``render.pages.PageSource`` objects:
``PageBodies.markdown`` turns each into the Markdown source MkDocs reads — front matter and a
placeholder token — and keeps its finished HTML body (or how to render it) for the build.

Bodies skip Markdown: their HTML is final (rendered by fragments with autoescape), and
Python-Markdown re-parses raw HTML tag by tag, which was a third of a national build.
``plugin.on_page_content`` puts each body back in place of its token.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.errors import BuildFailure, blame, product
from ..core.loader import Catalogue
from ..render.pages import PageSource

_TOKEN = re.compile(r"<p>(PORTAILCORPS[0-9a-f]{40})</p>")
_SOURCE_TOKEN = re.compile(r"PORTAILCORPS[0-9a-f]{40}")
_YAML_UNSAFE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class PageBodies:
    """The bodies of one build's generated pages and macro blocks, by placeholder token."""

    bodies: dict[str, str] = field(default_factory=dict)
    # Bodies not rendered yet: the record pages, rendered on the second core while MkDocs works
    # on the other pages (see ``deferred``), or here on first use when there is no second process.
    lazy: dict[str, Callable[[], str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # the page title of each body, for its search entries
    # At most one callable returning {token: body} for the lazy bodies rendered elsewhere.
    suppliers: list[Callable[[], dict[str, str]]] = field(default_factory=list)

    def markdown(self, page: PageSource) -> str:
        """The Markdown source of a generated page: safe front matter and its body's token.

        The title is HTML-escaped text: MkDocs themes print ``page.title`` without escaping. The
        page is indexed by ``search_index.page_entries`` rather than by Material's slower parser.
        """
        front_matter = {**page.front_matter, "search": {"exclude": True}}
        # JSON is YAML (a flow mapping of double-quoted strings) and is written ten times faster;
        # characters YAML reads as line breaks or refuses are written as \\u escapes.
        head = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(front_matter, ensure_ascii=False, sort_keys=True))
        if callable(page.body):
            token = "PORTAILCORPS" + hashlib.sha1(f"page:{page.key}".encode("utf-8")).hexdigest()
            self.lazy[token] = _blamed(page.body, page.key, page.source)
        else:
            token = "PORTAILCORPS" + hashlib.sha1(page.body.encode("utf-8")).hexdigest()
            self.bodies[token] = page.body
        self.titles[token] = str(front_matter.get("title", ""))
        return f"---\n{head}\n---\n\n{token}\n"

    def raw_block(self, html: str) -> str:
        """Finished HTML that a macro puts in a hand-written page, kept out of Markdown as well.

        For large blocks without headings only: Markdown builds the page's table of contents from
        the headings it sees (the national directory table was half a megabyte of parsing).
        """
        token = "PORTAILCORPS" + hashlib.sha1(html.encode("utf-8")).hexdigest()
        self.bodies[token] = html
        return f"\n\n{token}\n\n"

    def render_lazy(self) -> list[str]:
        """Render every lazy body now; the French messages of those that failed (all of them)."""
        failures = []
        for token in self.lazy_tokens():
            try:
                self.bodies[token] = self.lazy[token]()
            except BuildFailure as exc:
                failures.append(str(exc))
        return failures

    def body(self, token: str) -> str | None:
        """The body HTML of a token (rendering or fetching it if needed), None for an unknown token."""
        if token not in self.bodies and token in self.lazy:
            while self.suppliers and token not in self.bodies:
                self.bodies.update(self.suppliers.pop()())
            if token not in self.bodies:
                self.bodies[token] = self.lazy[token]()
        return self.bodies.get(token)

    def lazy_tokens(self) -> list[str]:
        return [token for token in self.lazy if token not in self.bodies]

    def token_of(self, page_source: str) -> str | None:
        """The body token of a generated page's source, None for any other page."""
        match = _SOURCE_TOKEN.search(page_source)
        if match is None or (match.group(0) not in self.bodies and match.group(0) not in self.lazy):
            return None
        return match.group(0)

    def restore(self, page_html: str) -> str:
        """The page's HTML with generated bodies and blocks in place of their placeholders."""
        if "PORTAILCORPS" not in page_html:
            return page_html
        return _TOKEN.sub(lambda m: self.body(m.group(1)) or m.group(0), page_html)

    def clear(self) -> None:
        for store in (self.bodies, self.lazy, self.titles):
            store.clear()
        self.suppliers.clear()


def _blamed(render: Callable[[], str], key: str | None, source: str | None) -> Callable[[], str]:
    """``render``, whose failure becomes a French ``BuildFailure`` naming the page and its data file."""
    url = (key or "").removesuffix(".md") + "/"

    def run() -> str:
        with blame(f"la page « {url} »", source):
            return render()
    return run


def full_text(page: PageSource) -> str:
    """A generated page's source with its body written out (for tests and debugging)."""
    pages = PageBodies()
    source = pages.markdown(page)
    return _SOURCE_TOKEN.sub(lambda m: pages.body(m.group(0)) or m.group(0), source)


def all_files(catalogue: Catalogue, config: Any, pages: PageBodies) -> dict[str, str | bytes]:
    """Every file the features declare (``Feature.files``); their pages' bodies go to ``pages``."""
    pages.clear()  # a new build: tokens of record pages are reused
    files: dict[str, str | bytes] = {}
    failures = []
    for provider in catalogue.collect("files"):
        try:
            with blame(product(provider)):
                produced = provider(catalogue, config)
                produced = {path: pages.markdown(content) if isinstance(content, PageSource) else content
                            for path, content in produced.items()}
        except BuildFailure as exc:
            failures.append(str(exc))
            continue
        for path, content in produced.items():
            if path in files:
                raise BuildFailure(f"le fichier « {path} » est produit deux fois (deux fiches ou pages ont la même adresse)")
            files[path] = content
    if failures:
        raise BuildFailure("\n".join(failures))
    return dict(sorted(files.items()))
