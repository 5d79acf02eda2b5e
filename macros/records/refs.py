"""Links from FAQ and glossary records to glossary terms, questions and pages of the site.

Builds on ``links`` (the validation context that lists existing records, and the CPTS and
action slug types): a dangling link is reported by pydantic with its line, in the same pass as
every other error of the file. Targets are known by their files (``data/<folder>/<slug>.yml``,
``docs/<page>.md``), so a broken target is reported once, where it is broken. Checks that need
the record's other fields (a record linking to itself, a link written twice) are list validators.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from ..core.fields import Distinct, distinct
from .links import LinkContext, with_links
from ..render.fragments import relative_url

if TYPE_CHECKING:
    from ..core.loader import LoadContext

_DOCS_PAGE = re.compile(r"(?:[a-z0-9-]+/)*[a-z0-9-]+\.md")
PAGES = "pages"  # context key: the hand-written pages of docs/


def _docs_page(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, str):
        return value
    if not _DOCS_PAGE.fullmatch(value):
        # Kind "texte": messages.py shows the text after the field's name.
        raise PydanticCustomError(
            "texte", "« {value} » n'est pas le chemin d'une page du site : écrivez-le comme dans mkdocs.yml, "
            "ex. trouver-ma-cpts.md ou observatoire/index.md", {"value": value[:80]})
    known = (info.context or {}).get(PAGES)
    if known is not None and value not in known:
        raise PydanticCustomError("reference", "page « {value} » introuvable : aucun fichier docs/{value} "
                                  "(chemin d'une page, comme dans mkdocs.yml)", {"value": value})
    return value


DocsPage = Annotated[str, AfterValidator(_docs_page)]


def docs_pages(ctx: LoadContext) -> frozenset[str]:
    """Hand-written pages, as written in mkdocs.yml ('trouver-ma-cpts.md', 'faq/index.md')."""
    docs = ctx.root / "docs"
    return frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else frozenset()


def links_context(ctx: LoadContext, folders: tuple[str, ...]) -> LinkContext:
    """``ctx`` whose validation also knows the records of ``folders`` and the pages of docs/."""
    return with_links(ctx, folders, **{PAGES: docs_pages(ctx)})


def _not_itself(values: list[str], info: ValidationInfo) -> list[str]:
    own = (info.data or {}).get("slug")
    for value in values:
        if value == own:
            raise PydanticCustomError("reference", "« {value} » est cette fiche elle-même : retirez-la de « {field} »",
                                      {"value": value, "field": info.field_name})
    return values


def _distinct_others(values: list[str], info: ValidationInfo) -> list[str]:
    return distinct(_not_itself(values, info), info)


# A list of links names each record once (``core.fields.Distinct``, as every list of a record);
# ``LinksToItsOwnKind`` also refuses the record itself (the slug is validated first, as it is the
# first field of every record).
DistinctLinks = Distinct
LinksToItsOwnKind = AfterValidator(_distinct_others)


def page_url(page: str) -> str:
    """Site URL of a docs page: 'trouver-ma-cpts.md' → 'trouver-ma-cpts/', 'faq/index.md' → 'faq/'."""
    stem = page[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def link_href(here: str, url: str) -> str:
    """``url`` (site-relative, maybe with ``#anchor``) as seen from the page served at ``here``."""
    path, _, anchor = url.partition("#")
    if anchor and path == here:
        return f"#{anchor}"
    return relative_url(here, path or "./") + (f"#{anchor}" if anchor else "")
