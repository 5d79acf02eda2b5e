"""Every generated file of the site, as ``{site-relative path: content}``: record pages, exports.

Features add their own files through ``FILE_PROVIDERS``; each provider is a pure function of the
catalogue, called once per build.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Callable

from ..records.cpts import pages as cpts_pages, exports
from ..records import schema_docs
from ..core.errors import BuildFailure, blame
from ..core.loader import Catalogue

Provider = Callable[[Catalogue, Any], dict[str, str | bytes]]

FILE_PROVIDERS: list[Provider] = [cpts_pages.files, exports.files, schema_docs.files]


def register_provider(provider: Provider) -> None:
    if provider not in FILE_PROVIDERS:
        FILE_PROVIDERS.append(provider)


# Bodies of generated pages, by placeholder token. Their HTML is final (rendered by fragments
# with autoescape), so it skips Markdown: Python-Markdown re-parses raw HTML tag by tag, which
# was a third of a national build. ``plugin.on_page_content`` puts each body back.
BODIES: dict[str, str] = {}
# Bodies not rendered yet: the record pages, rendered on the second core while MkDocs works on
# the other pages (see ``deferred``), or here on first use when there is no second process.
LAZY: dict[str, Callable[[], str]] = {}
TITLES: dict[str, str] = {}  # the page title of each body, for its search entries
# At most one callable returning {token: body} for the lazy bodies rendered elsewhere.
SUPPLIERS: list[Callable[[], dict[str, str]]] = []
_TOKEN = re.compile(r"<p>(PORTAILCORPS[0-9a-f]{40})</p>")
_SOURCE_TOKEN = re.compile(r"PORTAILCORPS[0-9a-f]{40}")
_YAML_UNSAFE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def markdown_page(front_matter: dict[str, Any], body: str | Callable[[], str], key: str | None = None,
                  source: str | None = None) -> str:
    """A page made of safe front matter and a finished HTML body (kept out of Markdown).

    ``body`` is the HTML, or a function returning it (then ``key``, the page's path, names it):
    record pages pass a function so that their bodies can be rendered on the second core, and
    ``source``, their data file, which a rendering failure names.
    The title is HTML-escaped text: MkDocs themes print ``page.title`` without escaping. The page
    is indexed by ``search_index.page_entries`` rather than by Material's slower HTML parser.
    """
    front_matter = {**front_matter, "search": {"exclude": True}}
    # JSON is YAML (a flow mapping of double-quoted strings) and is written ten times faster;
    # characters YAML reads as line breaks or refuses are written as \\u escapes.
    head = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(front_matter, ensure_ascii=False, sort_keys=True))
    if callable(body):
        token = "PORTAILCORPS" + hashlib.sha1(f"page:{key}".encode("utf-8")).hexdigest()
        LAZY[token] = _blamed(body, key, source)
    else:
        token = "PORTAILCORPS" + hashlib.sha1(body.encode("utf-8")).hexdigest()
        BODIES[token] = body
    TITLES[token] = str(front_matter.get("title", ""))
    return f"---\n{head}\n---\n\n{token}\n"


def _blamed(render: Callable[[], str], key: str | None, source: str | None) -> Callable[[], str]:
    """``render``, whose failure becomes a French ``BuildFailure`` naming the page and its data file."""
    url = (key or "").removesuffix(".md") + "/"

    def run() -> str:
        with blame(f"la page « {url} »", source):
            return render()
    return run


def render_lazy_bodies() -> list[str]:
    """Render every lazy body now; the French messages of those that failed (all of them)."""
    failures = []
    for token in lazy_tokens():
        try:
            BODIES[token] = LAZY[token]()
        except BuildFailure as exc:
            failures.append(str(exc))
    return failures


def raw_block(html: str) -> str:
    """Finished HTML that a macro puts in a hand-written page, kept out of Markdown as well.

    For large blocks without headings only: Markdown builds the page's table of contents from
    the headings it sees (the national directory table was half a megabyte of parsing).
    """
    token = "PORTAILCORPS" + hashlib.sha1(html.encode("utf-8")).hexdigest()
    BODIES[token] = html
    return f"\n\n{token}\n\n"


def body(token: str) -> str | None:
    """The body HTML of a token (rendering or fetching it if needed), None for an unknown token."""
    if token not in BODIES and token in LAZY:
        while SUPPLIERS and token not in BODIES:
            BODIES.update(SUPPLIERS.pop()())
        if token not in BODIES:
            BODIES[token] = LAZY[token]()
    return BODIES.get(token)


def lazy_tokens() -> list[str]:
    return [token for token in LAZY if token not in BODIES]


def token_of(page_source: str) -> str | None:
    """The body token of a generated page's source, None for any other page."""
    match = _SOURCE_TOKEN.search(page_source)
    if match is None or (match.group(0) not in BODIES and match.group(0) not in LAZY):
        return None
    return match.group(0)


def full_text(page_source: str) -> str:
    """A generated page's source with its body written out (for tests and debugging)."""
    return _SOURCE_TOKEN.sub(lambda m: body(m.group(0)) or m.group(0), page_source)


def restore_body(page_html: str) -> str:
    """The page's HTML with generated bodies and blocks in place of their placeholders."""
    if "PORTAILCORPS" not in page_html:
        return page_html
    return _TOKEN.sub(lambda m: body(m.group(1)) or m.group(0), page_html)


def all_files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    from .. import features  # noqa: F401 - lets features register their providers

    for store in (BODIES, LAZY, TITLES):  # a new build: tokens of record pages are reused
        store.clear()
    SUPPLIERS.clear()
    files: dict[str, str | bytes] = {}
    failures = []
    for provider in FILE_PROVIDERS:
        try:
            with blame(f"la production des pages ({provider.__module__}.{provider.__name__})"):
                produced = provider(catalogue, config)
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
