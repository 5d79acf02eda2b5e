"""The site search: Pagefind indexes the built site once MkDocs has written it (``on_post_build``).

Pagefind (PyPI ``pagefind[bin]``, pinned in pyproject.toml; a local executable that fetches
nothing) reads every ``index.html`` and writes ``pagefind/``: a small entry file, a WebAssembly
search engine, the index cut into chunks of words, and one fragment per page (its title,
excerpt text and sections). ``docs/assets/js/recherche.js`` loads ``pagefind/pagefind.js``
only when a visitor starts a search; a query then downloads the chunk holding its words and
the fragments of the results shown, never the whole index. Words are stemmed for French,
accents are folded and elisions split (« acces », « l'accès » and « d’une » all match).

Only each page's content is indexed (``article.md-content__inner``: no menus, header or footer),
without what Material leaves out of its own search (``data-search-exclude``, ¶ anchors). Pages
state their type (``overrides/main.html``) and CPTS pages their région
(``overrides/fragments/cpts_page.html``) as ``data-pagefind-meta``, shown with each result.
Not as ``data-pagefind-filter`` (facets a query could be narrowed to): Pagefind 1.5.2 writes its
filter files in a different order on each run, and the site must be the same bytes for the same
data (``test_two_builds_are_byte_identical``); its index and fragments are.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..core.errors import BuildFailure

OUTPUT = "pagefind"
ARGUMENTS = [
    "--root-selector", "article.md-content__inner",
    "--exclude-selectors", "[data-search-exclude], .headerlink",
    "--force-language", "fr",
    # Pages only: 404.html and the map documents shown in iframes (cartes/*.html) stay out.
    "--glob", "**/index.html",
    "--output-subdir", OUTPUT,
    "--silent",
]
# Pagefind's own ready-made interfaces: the portal renders results in Material's search box.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def executable() -> str:
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        raise BuildFailure("le moteur de recherche Pagefind est absent : lancez « make install » "
                           "(il est installé avec le paquet Python pagefind[bin])") from None


class Indexing:
    """Pagefind running on a written site (``start``): ``wait`` for its bundle, or ``stop`` it."""

    def __init__(self, site_dir: Path) -> None:
        self.output = Path(site_dir) / OUTPUT
        shutil.rmtree(self.output, ignore_errors=True)  # mkdocs build --dirty / serve: no stale chunks
        self.process = subprocess.Popen([executable(), "--site", str(site_dir), *ARGUMENTS],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self) -> None:
        """Wait for the bundle; raise ``BuildFailure`` in French if Pagefind failed."""
        try:
            stdout, stderr = self.process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            self.stop()
            stdout, stderr = "", "plus de dix minutes sans finir"
        if self.process.returncode != 0 or not (self.output / "pagefind.js").is_file():
            detail = (stderr or stdout).strip().splitlines()[-5:]
            raise BuildFailure("l'index de recherche (Pagefind) n'a pas pu être construit"
                               + (" : " + " / ".join(detail) if detail else "")
                               + " ; signalez-le à l'équipe technique")
        for name in UNUSED:
            (self.output / name).unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop Pagefind (a ``wait`` in another thread then raises ``BuildFailure``)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def start(site_dir: Path) -> Indexing:
    """Start indexing the pages of ``site_dir`` (every ``index.html`` must be written already;
    other files may still be written meanwhile: Pagefind reads pages only)."""
    return Indexing(Path(site_dir))


def index_site(site_dir: Path) -> None:
    """Write the search bundle into ``site_dir/pagefind`` (replacing the previous one)."""
    start(site_dir).wait()
