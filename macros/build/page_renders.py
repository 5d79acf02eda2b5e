"""Under ``mkdocs serve``, a page laid out exactly as in an earlier rebuild is not laid out again.

Material turns every page into a full HTML document (header, tabs, navigation, footer) with a few
thousand Jinja calls: at national scale, rendering 1,500 pages was most of a rebuild although a
save changes a handful of them. ``reuse`` wraps the theme's page template of one build so that
the document of a page is taken from the preview's memo (``core.memo``) when everything it is
made of is equal to an earlier build's, compared by value:

- the page: address, source file, title, HTML content, table of contents, metadata, previous
  and next pages, canonical and edit addresses;
- the site (``site_inputs``, once per build): the whole navigation (titles, addresses, nesting),
  the settings the theme reads (site name and address, ``extra``, theme options, scripts and
  styles, Markdown settings, plugins and their settings), the theme's own version and every file
  of ``overrides/``.

Anything else a template could read would have to join these keys: ``tests/build/test_incremental``
compares every served file with a full build after edits of data, pages, templates and settings.
Pages with their own ``template:`` and the theme's other documents (404) are always rendered.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core import memo

PAGE_TEMPLATE = "main.html"


def site_inputs(config: Any, nav: Any, overrides: Path) -> tuple:
    """What every page's layout depends on besides the page itself (see the module docstring)."""
    import material

    theme = tuple(sorted((k, repr(v)) for k, v in config.theme.items()))
    settings = tuple((name, repr(config.get(name))) for name in (
        "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
        "edit_uri", "extra", "extra_css", "extra_javascript", "use_directory_urls", "docs_dir", "mdx_configs"))
    plugins = tuple((name, repr(dict(getattr(plugin, "config", None) or {}))) for name, plugin in config.plugins.items())
    templates = tuple((p.relative_to(overrides).as_posix(), p.read_bytes())
                      for p in sorted(overrides.rglob("*")) if p.is_file())
    return (theme, settings, plugins, getattr(material, "__version__", ""), templates, _nav_items(nav.items))


def _nav_items(items: list) -> tuple:
    return tuple((type(item).__name__, str(item.title or ""), getattr(item, "url", None),
                  _nav_items(getattr(item, "children", None) or [])) for item in items)


def _toc(items: Any) -> tuple:
    return tuple((item.title, item.url, item.level, _toc(item.children)) for item in items)


def _neighbour(page: Any) -> tuple | None:
    return None if page is None else (page.url, str(page.title or ""))


def page_inputs(page: Any) -> tuple:
    """What one page's layout depends on (see the module docstring)."""
    return (page.url, page.file.src_uri, str(page.title or ""), page.content, _toc(page.toc.items), page.meta,
            page.is_homepage, page.canonical_url, page.edit_url,
            _neighbour(page.previous_page), _neighbour(page.next_page))


def reuse(env: Any, site: tuple) -> None:
    """Make this build's page template take unchanged documents from the memo (serve only)."""
    # One object stands for the site's inputs: the same object for as long as they are equal
    # (compared by value once per build, not once per page), kept alive by the memo beside each
    # page (``pins``), so that its identity can be part of the pages' keys.
    stamp = memo.memoized("mise en page du site", site, object)
    template = env.get_template(PAGE_TEMPLATE)
    render = template.render

    def render_or_reuse(*args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        page = context.get("page")
        if page is None:
            return render(context)
        return memo.memoized("mise en page", (page_inputs(page), id(stamp)), lambda: render(context), pins=(stamp,))

    template.render = render_or_reuse
