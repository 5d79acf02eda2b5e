"""The build's shortcuts change nothing in the output.

A national build renders record pages and maps on a second process, shares the menus of pages
outside the nav and skips Markdown for generated pages. Each shortcut is checked against the
plain way: the same project built without it must give the same bytes, file for file. (Macro
blocks in hand-written pages skip Markdown too: ``test_macro_blocks``.)
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, differing_files

# Builds the site at argv[1] in this process, after an optional tweak (argv[2]):
#   serial    no second process (``deferred`` as under ``mkdocs serve``)
#   menus     every page renders its own menus (no shared tabs and navigation)
BUILD = """
import sys
sys.path.insert(0, {root!r})
from mkdocs.__main__ import cli
from macros.build import deferred, layout_cache, plugin
if sys.argv[2] == "serial":
    plugin.on_startup = lambda command: None     # never switches forking on
    deferred.SETTINGS["fork"] = False
elif sys.argv[2] == "menus":
    layout_cache.key = lambda nav_urls, page, part: None
cli.main(args=["build", "--strict", "--quiet", "--site-dir", sys.argv[1]], standalone_mode=False)
"""


def build_with(tweak: str, site: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", BUILD.format(root=str(ROOT)), str(site), tweak],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0 and (site / "index.html").exists(), result.stdout + result.stderr


@pytest.mark.parametrize("tweak", ["serial", "menus"])
def test_shortcut_changes_no_byte(built_site, tmp_path, tweak):
    site = tmp_path / "site"
    build_with(tweak, site)
    assert differing_files(built_site, site) == []
