"""ProperDocs builds the same site as MkDocs: the same bytes, file for file, but the generator tag.

MkDocs 1.x is unmaintained; ProperDocs (PyPI ``properdocs``, pinned in the test extras) continues
it and reads the same ``mkdocs.yml``, hooks and plugins. Both are installed in the same
environment (``make install``): nothing is installed here. The one expected difference is the
``<meta name="generator">`` tag of each HTML page, which names the engine.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def properdocs_build(site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=900,
    )


def differences(left: Path, right: Path) -> dict[str, str]:
    """File → what differs, the generator tag left out."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    found = {}
    for name in sorted(names):
        if not (left / name).is_file() or not (right / name).is_file():
            found[name] = "produit par un seul moteur"
            continue
        a, b = (left / name).read_bytes(), (right / name).read_bytes()
        if a != b and GENERATOR.sub(b"", a) != GENERATOR.sub(b"", b):
            found[name] = "contenu différent"
    return found


def test_properdocs_builds_the_same_site_as_mkdocs(built_site, tmp_path):
    site = tmp_path / "site"
    result = properdocs_build(site)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    assert differences(built_site, site) == {}
    page = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="generator" content="mkdocs-ProperDocs [\d.]+, mkdocs-material-[\d.]+">', page)
    assert 'content="mkdocs-1.6.1, ' in (built_site / "index.html").read_text(encoding="utf-8")
