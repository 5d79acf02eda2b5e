"""What the MkDocs hooks do: fail early on bad data, add generated pages and files, index search.

Generated pages live only in memory (``File.generated``): nothing generated is written into
``docs/`` or committed, and ``mkdocs serve`` regenerates them whenever ``data/`` changes. Their
bodies, the map documents and the finder index are computed on the second core while MkDocs
renders the hand-written pages (``deferred``).

What a build accumulates lives in one ``BuildState`` (``state``), created by ``on_config`` and
found again from MkDocs' config by every later hook.
Visitors search with Pagefind, which reads each page as MkDocs writes it (``pagefind_index``,
``on_post_page``) and writes its bundle at the end (``on_post_build``); Material's search plugin
stays only for the search box of its header, and indexes no page.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import deferred, generated, layout_cache, minify, page_renders, pagefind_index, preview, site_macros, state, watcher
from ..catalogue import load_catalogue, loaded_catalogue
from ..core import memo
from ..core.errors import Collector, DataErrors
from ..core.loader import Catalogue
from ..render.pages import WrittenLater
from .state import BuildState

log = logging.getLogger("mkdocs.plugins.portail_cpts")


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def catalogue_for(config) -> Catalogue:
    return load_catalogue(project_root(config))


# The command's mode, set once by ``on_startup``: ``mkdocs serve`` keeps one ``PreviewCache``
# for all its rebuilds (see ``preview``); ``mkdocs build`` has none.
SERVE: dict[str, preview.PreviewCache | None] = {"preview": None}


def on_config(config):
    """Load and validate ``data/`` before anything is built or cleaned."""
    cache = SERVE["preview"]
    if cache is not None:
        cache.begin()  # this build reuses what earlier ones computed from equal inputs
    docs_dir = Path(config["docs_dir"])
    try:
        catalogue = catalogue_for(config)
    except DataErrors as exc:
        # The pages are checked too, against the records that did load: all errors at once.
        loaded, collector = loaded_catalogue(project_root(config))
        if loaded is not None:
            collector.errors += site_macros.site_problems(loaded, docs_dir, config, site_macros.unavailable_slugs(collector))
        if cache is not None:
            cache.end(success=False)
        # PluginError makes MkDocs print the message and exit 1, without a traceback.
        raise PluginError(str(DataErrors(collector) if collector.errors else exc)) from None
    # Hand-written pages name data too: a dangling reference stops the build before rendering.
    problems = site_macros.page_problems(catalogue, docs_dir, config.get("extra") or {})
    if problems:
        # … and with them every page at a generated page's address (on_files finds those alone).
        problems += site_macros.generated_collisions(catalogue, docs_dir, config)
        if cache is not None:
            cache.end(success=False)
        collector = Collector(errors=problems)
        raise PluginError(str(DataErrors(collector)))
    for warning in catalogue.warnings:
        log.info("avertissement : %s", warning)
    build = BuildState(catalogue, preview=cache)
    state.attach(config, build)
    _RUNNING[:] = [build]
    # The second core starts now, while MkDocs lists and cleans (see deferred).
    build.job = deferred.start(catalogue, config, build.pages)
    return config


def on_startup(command: str) -> None:
    # Only a one-off build forks: ``mkdocs serve`` builds beside its server threads.
    deferred.SETTINGS["fork"] = command in ("build", "gh-deploy")
    if command == "serve" and SERVE["preview"] is None:
        SERVE["preview"] = preview.PreviewCache()
    elif command != "serve":
        SERVE["preview"] = None


class GeneratedPage(Page):
    """A generated page: its body is final HTML (``generated.PageBodies``), so Markdown is skipped.

    Its source is front matter and a placeholder; ``on_page_content`` puts the body in place.
    Building a Markdown converter with every extension costs as much as a small page.
    """

    def render(self, config, files) -> None:
        self.content = f"<p>{state.of(config).pages.token_of(self.markdown)}</p>"
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


class LaterFile(File):
    """A file the second process writes (``render.pages.WrittenLater``): in MkDocs' list, so that
    links to it are checked, but never written by MkDocs, which would overwrite the real one."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


# MkDocs calls ``on_build_error`` without the config: the build in progress, for that event only.
_RUNNING: list[BuildState] = []


def on_files(files: Files, config) -> Files:
    build = state.of(config)
    pages = build.pages
    origins: dict[str, str] = {}
    generated_files = generated.all_files(build.catalogue, config, pages, origins)
    # A page of docs/ at a generated page's address would be replaced by it, silently.
    clashes = site_macros.collisions(origins, Path(config["docs_dir"]), build.catalogue.root, config["use_directory_urls"])
    if clashes:
        raise DataErrors(Collector(errors=clashes))
    for path, content in generated_files.items():
        if isinstance(content, WrittenLater):
            files.append(LaterFile.generated(config, path, content=b""))
            continue
        file = File.generated(config, path, content=content)
        files.append(file)
        if path.endswith(".md") and pages.token_of(content) is not None:
            GeneratedPage(None, file, config)  # becomes file.page: MkDocs uses it, not a plain Page
    build.job.site_ready()  # the job was started by on_config
    return files


def on_nav(nav, config, files):
    build = state.of(config)
    build.nav = nav
    layout_cache.on_nav(nav, build.nav_urls)
    return nav


def on_env(env, config, files):
    build = state.of(config)
    layout_cache.on_env(env, build.nav_urls)
    if build.preview is None:
        # Pages are rendered next: Pagefind reads each one on the second core as it comes.
        build.search = pagefind_index.Indexing()
    if build.preview is not None:
        env.bytecode_cache = build.preview.bytecode  # mkdocs serve: compile Material's templates once
        # … and lay out again only the pages whose layout inputs changed (see page_renders).
        overrides = Path(config["theme"].custom_dir or project_root(config) / "overrides")
        page_renders.reuse(env, page_renders.site_inputs(config, build.nav, overrides))
    return env


def on_pre_page(page, config, files):
    """Under ``mkdocs serve``, a hand-written page's Markdown conversion is reused (``preview``)."""
    if state.of(config).preview is not None and type(page) is Page:
        page.__class__ = preview.PreviewPage
    return page


def on_page_content(html: str, page, config, files) -> str:
    html = state.of(config).pages.restore(html, page)  # a failure of the record pages is a BuildFailure
    # Pagefind indexes the written site; Material's plugin would parse every page for an index
    # (search/search_index.json) that no page reads: it writes only its settings.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return html


def on_post_page(output: str, page, config) -> str:
    # Under serve, a page whose layout was reused (``page_renders``) is the very same string as
    # in the earlier build: keyed by identity (``pins``: kept alive, so its id is not reused).
    output = memo.memoized("sans indentation", (), lambda: minify.strip_indentation(output), pins=(output,))
    if pagefind_index.is_indexed(page.file.dest_uri):
        build = state.of(config)
        page_for_search = (pagefind_index.url_of(page.file.dest_uri), output)
        if build.search is not None:
            build.search.add(*page_for_search)
        else:  # mkdocs serve indexes after the preview is shown, the pages in the same order
            build.search_pages.append(page_for_search)
    return output


def on_build_error() -> None:
    """The build failed: stop the second process before it writes into the site."""
    for build in _RUNNING:
        if build.preview is not None:
            build.preview.end(success=False)
        job, build.job = build.job, None
        if job is not None:
            job.stop()
        search, build.search = build.search, None
        if search is not None:
            search.stop()
    _RUNNING.clear()


def on_post_build(config) -> None:
    build = state.of(config)
    _RUNNING.clear()
    job, build.job = build.job, None
    if build.preview is not None:
        if job is not None:
            deferred.finish(job)  # raises BuildFailure with the child's report
        build.preview.end(success=True)
        # The search visitors use: Pagefind's chunked index of the written pages (see
        # pagefind_index). A preview does not wait for it (see preview)…
        pages, build.search_pages = build.search_pages, []
        build.preview.index_search_later(lambda site: pagefind_index.index_pages(pages, site), Path(config.site_dir))
        return
    # … a build does, and fails with it. Pagefind has read every page: it writes its bundle while
    # the second process may still write the maps and other files.
    search, build.search = build.search, None
    try:
        search.write(Path(config.site_dir))
        if job is not None:
            deferred.finish(job)  # raises BuildFailure with the child's report
    except BaseException:
        search.stop()
        if job is not None:
            job.stop()  # the second process must not write on
        raise
    search.wait()


def on_serve(server):
    """``mkdocs serve``: rebuild as soon as the system reports a save, not at the next poll."""
    return watcher.use_system_events(server)


def on_shutdown() -> None:
    """``mkdocs serve`` stops: stop the search index being written (its directory goes next)."""
    if SERVE["preview"] is not None:
        SERVE["preview"].stop_search()
