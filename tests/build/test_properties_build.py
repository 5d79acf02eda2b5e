"""Generated records of every type, all at once, through a real ``mkdocs build`` (second process
included): the build succeeds and each record's page is there, its text escaped.

A few seeded examples only (each is a full build); ``tests/unit/test_properties.py`` runs many
more through the same renderers in-process.
"""
from __future__ import annotations

import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros import catalogue as loader
from tests import strategies as S
from tests.conftest import copy_site_project, mkdocs_build
from tests.unit.test_properties import TYPES, strategy_for, write_record

pytestmark = pytest.mark.build

PAGES = {"cpts": "cpts/{slug}/index.html", "actions": "actions/{slug}/index.html",
         "evenements": "evenements/{slug}/index.html", "actualites": "actualites/{slug}/index.html"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_site_project(tmp_path_factory.mktemp("proprietes-construction"))


def test_generated_records_of_every_type_build_together(project, tmp_path):
    catalogue, collector = loader.build_catalogue(project)
    assert catalogue is not None, collector.report()
    domain = S.domain_of(catalogue)
    everything = st.fixed_dictionaries({folder: strategy_for(folder, domain) for folder in TYPES})

    @settings(max_examples=3, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
    @given(records=everything)
    def check(records):
        written = [write_record(project, folder, ("cpts-" if folder == "cpts" else "") + "zz-genere", record)
                   for folder, record in records.items()]
        site = tmp_path / "site"
        try:
            result = mkdocs_build(project, site)
            assert result.returncode == 0, yaml.safe_dump(records, allow_unicode=True) + result.stdout + result.stderr
            for folder, pattern in PAGES.items():
                slug = ("cpts-" if folder == "cpts" else "") + "zz-genere"
                page = (site / pattern.format(slug=slug)).read_text(encoding="utf-8")
                assert "<script>alert(1)</script>" not in page
        finally:
            for path in written:
                path.unlink()
            shutil.rmtree(site, ignore_errors=True)

    check()
