"""Every generated file of the site, as ``{site-relative path: content}``: record pages, exports.

Features add their own files through ``FILE_PROVIDERS``; each provider is a pure function of the
catalogue, called once per build.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any, Callable

import yaml

from . import cpts_pages, exports, schema_docs
from .loader import Catalogue

Provider = Callable[[Catalogue, Any], dict[str, str | bytes]]

FILE_PROVIDERS: list[Provider] = [cpts_pages.files, exports.files, schema_docs.files]


def register_provider(provider: Provider) -> None:
    if provider not in FILE_PROVIDERS:
        FILE_PROVIDERS.append(provider)


# Bodies of generated pages, by placeholder token. Their HTML is final (rendered by fragments
# with autoescape), so it skips Markdown: Python-Markdown re-parses raw HTML tag by tag, which
# was a third of a national build. ``plugin.on_page_content`` puts each body back.
BODIES: dict[str, str] = {}
_TOKEN = re.compile(r"<p>(PORTAILCORPS[0-9a-f]{40})</p>")


def markdown_page(front_matter: dict[str, Any], html: str) -> str:
    """A page made of safe front matter and a finished HTML body (kept out of Markdown).

    The title is HTML-escaped text: MkDocs themes print ``page.title`` without escaping.
    """
    head = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=True, width=10_000)
    token = "PORTAILCORPS" + hashlib.sha1(html.encode("utf-8")).hexdigest()
    BODIES[token] = html
    return f"---\n{head}---\n\n{token}\n"


def full_text(page_source: str) -> str:
    """A generated page's source with its body written out (for tests and debugging)."""
    return re.sub(r"PORTAILCORPS[0-9a-f]{40}", lambda m: BODIES.get(m.group(0), m.group(0)), page_source)


def restore_body(page_html: str) -> str:
    """The page's HTML with a generated body in place of its placeholder (if it has one)."""
    match = _TOKEN.search(page_html)
    if match is None or match.group(1) not in BODIES:
        return page_html
    return page_html[: match.start()] + BODIES[match.group(1)] + page_html[match.end():]


def all_files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    from . import features  # noqa: F401 - lets features register their providers

    files: dict[str, str | bytes] = {}
    for provider in FILE_PROVIDERS:
        for path, content in provider(catalogue, config).items():
            if path in files:
                raise ValueError(f"fichier généré deux fois : {path}")
            files[path] = content
    return dict(sorted(files.items()))
