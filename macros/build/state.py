"""The state of one build, in one object: created by ``on_config``, handed along by MkDocs' config.

Everything a build accumulates while it runs lives here — the generated pages' bodies, the
deferred work on the second process, the nav's URLs — so two builds (``mkdocs serve`` rebuilding) never share anything but the catalogue cache
(``core.loader.load_catalogue``) and the geometry caches, which are keyed by their inputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.loader import Catalogue
from .deferred import Job
from .generated import PageBodies

# Where the state travels with MkDocs' config: the hooks and mkdocs-macros' ``define_env`` both
# receive the config of the build in progress.
_KEY = "portail_cpts_build"


@dataclass(repr=False)
class BuildState:
    """What one build holds while it runs."""

    catalogue: Catalogue
    pages: PageBodies = field(default_factory=PageBodies)   # bodies of generated pages and macro blocks
    job: Job | None = None                                    # the deferred work (second process)
    nav_urls: list[str] = field(default_factory=list)        # pages in the nav (see layout_cache)
    nav: Any = None                                           # MkDocs' navigation, once built (on_nav)
    preview: Any = None    # mkdocs serve: the PreviewCache shared by its rebuilds (see preview); else None
    search: Any = None     # mkdocs build: the Pagefind index the pages are sent to (pagefind_index.Indexing)
    search_pages: list[tuple[str, str]] = field(default_factory=list)  # mkdocs serve: the pages to index later

    def __repr__(self) -> str:
        # mkdocs-macros writes its variables, MkDocs' config among them, as text before every
        # build (a debug message it composes even when debugging is off): the dataclass's own
        # repr spelled out the whole catalogue, a second of a national build.
        return f"<BuildState : {len(self.catalogue.cpts)} CPTS>"


def attach(config: Any, state: BuildState) -> None:
    config[_KEY] = state


def of(config: Any) -> BuildState:
    """The state of the build ``config`` belongs to (``on_config`` created it)."""
    return config[_KEY]
