"""Every generated file of the site, as ``{site-relative path: content}``: record pages, exports.

Features add their own files through ``FILE_PROVIDERS``; each provider is a pure function of the
catalogue, called once per build.
"""
from __future__ import annotations

from typing import Any, Callable

import yaml

from . import cpts_pages, exports, schema_docs
from .loader import Catalogue

Provider = Callable[[Catalogue, Any], dict[str, str | bytes]]

FILE_PROVIDERS: list[Provider] = [cpts_pages.files, exports.files, schema_docs.files]


def register_provider(provider: Provider) -> None:
    if provider not in FILE_PROVIDERS:
        FILE_PROVIDERS.append(provider)


def markdown_page(front_matter: dict[str, Any], html: str) -> str:
    """A Markdown page made of safe front matter and a raw HTML body.

    The title is HTML-escaped text: MkDocs themes print ``page.title`` without escaping.
    """
    head = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=True, width=10_000)
    return f"---\n{head}---\n\n{html}\n"


def all_files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    from . import features  # noqa: F401 - lets features register their providers

    files: dict[str, str | bytes] = {}
    for provider in FILE_PROVIDERS:
        for path, content in provider(catalogue, config).items():
            if path in files:
                raise ValueError(f"fichier généré deux fois : {path}")
            files[path] = content
    return dict(sorted(files.items()))
