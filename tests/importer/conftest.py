"""Helpers of the importer tests: a throw-away project, running the command, reading records back.

Every listing used here is synthetic (see tests/fixtures/import/README.md).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.importer.cli import main
from tests.conftest import ROOT, make_project

FIXTURES = ROOT / "tests" / "fixtures" / "import"
DATE = "2026-12-06"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the real referentials, reference and records (copied: the test may change them)."""
    return make_project(tmp_path, with_real_data=True)


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A project with no CPTS record at all."""
    return make_project(tmp_path)


def run(root: Path, listing: Path, *args: str, capsys=None) -> int:
    """``python -m macros.importer`` in this process (fast); returns the exit code."""
    return main([str(listing), "--racine", str(root), "--date", DATE, *args])


def run_process(root: Path, listing: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command in its own process, to see exactly what a person sees (stderr included)."""
    command = [sys.executable, "-m", "macros.importer", str(listing), "--racine", str(root), "--date", DATE, *args]
    return subprocess.run(command,
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def record(root: Path, slug: str) -> dict:
    return yaml.safe_load((root / "data" / "cpts" / f"{slug}.yml").read_text(encoding="utf-8"))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every record file, byte for byte."""
    return {p.name: p.read_bytes() for p in sorted((root / "data" / "cpts").glob("*.yml"))}
