"""What ``mkdocs serve`` keeps from one rebuild to the next: the ``PreviewCache``.

One cache per serve process, created by the ``on_startup`` hook when the command is ``serve``
(``mkdocs build`` has none and computes everything). Each build finds it on its ``BuildState``
and makes it the active memo (``core.memo``) from ``on_config`` to ``on_post_build``: the pure,
expensive computations — fragment renders (record page bodies, listings, coverage pages), the
finder's places and nearest CPTS, the map documents of each CPTS, the Markdown conversion of
hand-written pages — are keyed by their real inputs (data values, template files, page HTML) and reused when
those are equal. Every page is still built and written, so the served site is byte for byte what
a full build writes (``tests/build/test_incremental.py``); what a save changes is recomputed.

The search index (Pagefind) is rebuilt behind the preview: the changed page shows as soon as the
pages are written, and search catches up a moment later (``index_search_later``). A save that
comes meanwhile stops it before MkDocs cleans the site directory (the next build indexes
anew); a failure is logged in French.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable

from jinja2 import BytecodeCache
from mkdocs.structure.pages import Page

from ..core import memo
from ..core.errors import BuildFailure, explain

log = logging.getLogger("mkdocs.plugins.portail_cpts")


class PreviewCache(memo.Memo):
    """The memo of one ``mkdocs serve`` process (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._token = None
        self.last = (0, 0)   # (results reused, computed) by the last build that ended
        self.bytecode = TemplateBytecode()  # the theme's compiled templates (see TemplateBytecode)
        self._search: threading.Thread | None = None  # waits for the search index of the last build
        self._indexing: Any = None                      # that index being written (``pagefind_index.Indexing``)
        self._cancelled = threading.Event()
        self._starting = threading.Lock()               # held while that index is being started

    def begin(self) -> None:
        self.end(success=False)
        self.stop_search()  # never clean the site directory while Pagefind writes into it
        self._token = memo.activate(self)

    def index_search_later(self, start: Callable[[Path], Any], site_dir: Path) -> None:
        """``start(site_dir)`` (Pagefind, fed the pages), then wait for it, both on a thread: the
        preview waits for neither. ``start`` returns what has ``wait()`` (raising
        ``BuildFailure``) and ``stop()``."""
        self.stop_search()
        self._cancelled.clear()

        def run() -> None:
            try:
                with self._starting:
                    if self._cancelled.is_set():
                        return
                    self._indexing = start(site_dir)
                self._indexing.wait()
            except Exception as exc:  # noqa: BLE001 - said in French in the serve console, never lost
                if not self._cancelled.is_set():
                    self._report(exc)

        self._search = threading.Thread(target=run, name="aperçu-recherche", daemon=True)
        self._search.start()

    @staticmethod
    def _report(exc: Exception) -> None:
        reason = str(exc) if isinstance(exc, BuildFailure) else explain(exc)
        log.error("aperçu : la recherche n'a pas été mise à jour : %s", reason)

    def stop_search(self) -> None:
        """A new save: stop the search index still being written (the next build writes its own)."""
        if self._search is not None and self._search.is_alive():
            self._cancelled.set()
            with self._starting:  # started by now, or never will be
                if self._indexing is not None:
                    self._indexing.stop()
        self.wait_for_search()

    def wait_for_search(self) -> None:
        """Wait until the search index of the last build is written (or has failed, or stopped)."""
        if self._search is not None:
            self._search.join()
            self._search = None
        self._indexing = None

    def end(self, success: bool) -> None:
        if self._token is None:
            return
        memo.deactivate(self._token)
        self._token = None
        self.last = (self.hits, self.misses)
        log.debug("aperçu : %d calculs réutilisés, %d refaits", self.hits, self.misses)
        if success:
            self.new_generation()
        else:
            self.forget_build()


class TemplateBytecode(BytecodeCache):
    """The theme's compiled templates, kept across rebuilds (MkDocs makes a new Jinja environment
    for every build and compiles Material's templates again).

    Jinja checks the template source's checksum before using stored code; the environment's
    compilation settings are part of the key as well, so an edited template or a changed
    setting is compiled anew.
    """

    def __init__(self) -> None:
        self.store: dict[tuple, bytes] = {}

    @staticmethod
    def _settings(environment) -> tuple:
        return (environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix,
                environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
                environment.keep_trailing_newline, environment.optimized, repr(environment.autoescape),
                tuple(sorted(environment.extensions)), type(environment).__qualname__)

    def load_bytecode(self, bucket) -> None:
        data = self.store.get((bucket.key, self._settings(bucket.environment)))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self.store[(bucket.key, self._settings(bucket.environment))] = bucket.bytecode_to_string()


class _Captured(logging.Handler):
    """The log records MkDocs emits while it converts a page (link warnings…), to replay them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class PreviewPage(Page):
    """A hand-written page whose Markdown conversion is reused while its inputs are unchanged.

    The inputs: the page's Markdown (after mkdocs-macros: data blocks are placeholders named by
    their content's hash, see ``generated.PageBodies.raw_block``), its file and address, the
    Markdown settings and every file of the site with its address (relative links). MkDocs' log
    messages of the conversion (broken links, which ``strict`` counts) are replayed on reuse.
    """

    def render(self, config, files) -> None:
        inputs = (self.markdown, self.file.src_uri, self.file.dest_uri, self.file.url,
                  _markdown_settings(config), memo.per_build("fichiers", lambda: _files_key(files)))
        content, toc, title, anchors, links, records = memo.memoized("markdown", inputs, lambda: self._convert(config, files))
        for record in records:
            logging.getLogger(record.name).handle(record)
        self.content, self.toc, self._title_from_render = content, toc, title
        self.present_anchor_ids = set(anchors)
        if links is not None:
            self.links_to_anchors = {files.get_file_from_path(src): dict(found) for src, found in links.items()}

    def _convert(self, config, files):
        captured = _Captured()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(captured)
        try:
            super().render(config, files)
        finally:
            logger.removeHandler(captured)
        links = None if self.links_to_anchors is None else {
            file.src_uri: dict(found) for file, found in self.links_to_anchors.items()}
        return (self.content, self.toc, self._title_from_render, frozenset(self.present_anchor_ids or ()), links,
                tuple(captured.records))


def _markdown_settings(config) -> tuple:
    return (repr(config["markdown_extensions"]), repr(config["mdx_configs"]), config["use_directory_urls"],
            repr(config["validation"]), config["docs_dir"], config["site_url"] or "")


def _files_key(files) -> tuple:
    return tuple((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
