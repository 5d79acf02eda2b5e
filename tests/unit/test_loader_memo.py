"""Under ``mkdocs serve`` an unchanged record is not validated again, but a record whose
validation context changed is, so a new dangling reference is reported (``core.loader._validator``)."""
from __future__ import annotations

import os
import shutil

import pytest

from macros.catalogue import load_catalogue
from macros.core import memo
from macros.core.errors import DataErrors
from tests.conftest import make_project


def _project(tmp_path):
    root = make_project(tmp_path, with_real_data=True)
    return root


def _referenced_cpts(root):
    """(a CPTS slug, an action file naming it)."""
    for path in sorted((root / "data" / "actions").glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("cpts: [") and line != "cpts: []":
                return line.removeprefix("cpts: [").split(",")[0].strip(" ]"), path
    pytest.skip("aucune action ne nomme une CPTS")


def _build(root, cache: memo.Memo):
    with memo.active(cache):
        try:
            return load_catalogue(root)
        finally:
            cache.new_generation()


def test_unchanged_records_are_reused_between_preview_builds(tmp_path):
    root = _project(tmp_path)
    cache = memo.Memo()
    first = _build(root, cache)
    # A file saved again unchanged (a new modification time): the catalogue is loaded again.
    touched = sorted((root / "data" / "cpts").glob("*.yml"))[0]
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = _build(root, cache)
    assert second is not first, "the catalogue was rebuilt"
    slug = next(iter(first.cpts))
    assert second.cpts[slug].record is first.cpts[slug].record, "an unchanged record is not validated again"


def test_a_reference_that_breaks_is_reported_although_the_action_file_did_not_change(tmp_path):
    root = _project(tmp_path)
    cache = memo.Memo()
    slug, action = _referenced_cpts(root)
    _build(root, cache)
    shutil.move(root / "data" / "cpts" / f"{slug}.yml", tmp_path / "mise-de-cote.yml")
    with pytest.raises(DataErrors) as caught:
        _build(root, cache)
    report = str(caught.value)
    assert action.name in report and slug in report, report
