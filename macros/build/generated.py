"""Every generated file of the site, as ``{site-relative path: content}``, and their page bodies.

Features declare their files (``Feature.files``); each provider is a pure function of the
catalogue, called once per build. A provider's pages are ``render.pages.PageSource`` objects:
``PageBodies.markdown`` turns each into the Markdown source MkDocs reads — front matter and a
placeholder token — and keeps its finished HTML body (or how to render it) for the build.

Bodies skip Markdown: their HTML is final (rendered by fragments with autoescape), and
Python-Markdown re-parses raw HTML tag by tag, which was a third of a national build. The block
HTML that macros put in hand-written pages skips it the same way (``raw_block``).
``plugin.on_page_content`` puts each body and block back in place of its token.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.errors import BuildFailure, blame, product
from ..core.loader import Catalogue
from ..render.pages import PageSource

_SOURCE_TOKEN = re.compile(r"PORTAILCORPS[0-9a-f]{40}")
# A paragraph of tokens only (a page body; macro calls on their own lines, one after another),
# which the bodies replace whole, or a token Markdown put inline, replaced where it stands.
_TOKEN = re.compile(r"<p>\s*((?:PORTAILCORPS[0-9a-f]{40}\s*)+)</p>|(PORTAILCORPS[0-9a-f]{40})")
# An element's id in finished HTML (quoted by our templates and by Markdown alike).
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
_YAML_UNSAFE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class PageBodies:
    """The bodies of one build's generated pages and macro blocks, by placeholder token."""

    bodies: dict[str, str] = field(default_factory=dict)
    # Bodies not rendered yet: the record pages, rendered on the second core while MkDocs works
    # on the other pages (see ``deferred``), or here on first use when there is no second process.
    lazy: dict[str, Callable[[], str]] = field(default_factory=dict)
    blocks: set[str] = field(default_factory=set)   # tokens of macro blocks (``raw_block``)
    # At most one callable returning {token: body} for the lazy bodies rendered elsewhere.
    suppliers: list[Callable[[], dict[str, str]]] = field(default_factory=list)

    def markdown(self, page: PageSource) -> str:
        """The Markdown source of a generated page: safe front matter and its body's token.

        The title is HTML-escaped text: MkDocs themes print ``page.title`` without escaping.
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
        return f"---\n{head}\n---\n\n{token}\n"

    def raw_block(self, markup: str) -> str:
        """Finished HTML that a macro puts in a hand-written page, kept out of Markdown as well.

        Markdown would copy it unchanged after parsing it tag by tag, twice (its HTML block
        parser, then MkDocs' anchor finder): at national scale the directory, the map and library
        pages were half a megabyte each. Headings in raw HTML are in no table of contents either
        way; their ids are given back to MkDocs by ``restore`` for its anchor checks.
        """
        token = "PORTAILCORPS" + hashlib.sha1(markup.encode("utf-8")).hexdigest()
        self.bodies[token] = markup
        self.blocks.add(token)
        # The token alone, where the call stands: indented in an admonition, it stays in it.
        return token

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

    def restore(self, page_html: str, page: Any = None) -> str:
        """The page's HTML with generated bodies and blocks in place of their placeholders.

        The ids inside macro blocks join ``page.present_anchor_ids``, so that MkDocs checks links
        to them as it checks the anchors Markdown saw.
        """
        if "PORTAILCORPS" not in page_html:
            return page_html
        anchors: set[str] = set()

        def body_of(token: str) -> str | None:
            body = self.body(token)
            if body is not None and token in self.blocks:
                anchors.update(html.unescape(a or b) for a, b in _ID.findall(body))
            return body

        def put_back(match: re.Match) -> str:
            if match.group(2):
                return body_of(match.group(2)) or match.group(2)
            tokens = match.group(1).split()
            bodies = [body_of(token) for token in tokens]
            if any(body is None for body in bodies):  # not ours: the text stays as it was
                return match.group(0)
            return "\n".join(bodies)

        restored = _TOKEN.sub(put_back, page_html)
        if anchors and page is not None and getattr(page, "present_anchor_ids", None) is not None:
            page.present_anchor_ids = set(page.present_anchor_ids) | anchors
        return restored

    def clear(self) -> None:
        for store in (self.bodies, self.lazy, self.blocks):
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


def all_files(catalogue: Catalogue, config: Any, pages: PageBodies,
              origins: dict[str, str] | None = None) -> dict[str, str | bytes]:
    """Every file the features declare (``Feature.files``); their pages' bodies go to ``pages``.

    ``origins``, if given, receives what each file comes from, for messages: the data file of a
    record's page (« data/cpts/x.yml »), else what its provider makes (« les pages de couverture … »).
    """
    pages.clear()  # a new build: tokens of record pages are reused
    files: dict[str, str | bytes] = {}
    failures = []
    for provider in catalogue.collect("files"):
        try:
            with blame(product(provider)):
                produced = provider(catalogue, config)
                if origins is not None:
                    origins.update({path: content.source if isinstance(content, PageSource) and content.source
                                    else product(provider) for path, content in produced.items()})
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
