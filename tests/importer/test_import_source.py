"""The « import » form of a source: validated like the others, rendered on the pages that cite sources."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from macros.records.cpts.view import source_view
from macros.core.fields import SourceRef

LISTING = {"fichier": "liste-ars.xlsx", "feuille": "CPTS", "lignes": "2-14", "date": "2026-12-06"}


def test_import_source_is_valid_alone():
    source = SourceRef.model_validate({"import": LISTING})
    assert source.import_.fichier == "liste-ars.xlsx" and source.document is None and source.url is None
    assert SourceRef.model_validate({"import": {**LISTING, "lignes": "2-5,9, 12-14"}}).import_.lignes == "2-5, 9, 12-14"


@pytest.mark.parametrize("data, message", [
    ({"import": LISTING, "url": "https://exemple.org"}, "une source « import » s'écrit seule"),
    ({"import": LISTING, "document": "tour-de-france-2023", "lignes": "1"}, "une source « import » s'écrit seule"),
    ({"import": {**LISTING, "lignes": "14-2"}}, "intervalles croissants"),
    ({"import": {"fichier": "x.csv", "lignes": "2"}}, "Field required"),
    ({"import": {**LISTING, "onglet": "x"}}, "Extra inputs are not permitted"),
    ({}, "une source indique soit « document » (avec « lignes »), soit « url »"),
])
def test_malformed_import_sources_are_refused(data, message):
    with pytest.raises(ValidationError) as error:
        SourceRef.model_validate(data)
    assert message in str(error.value)


@pytest.mark.parametrize("listing, detail", [
    (LISTING, "feuille « CPTS », l. 2–14, importée le 6 décembre 2026"),
    ({k: v for k, v in LISTING.items() if k != "feuille"}, "l. 2–14, importée le 6 décembre 2026"),
])
def test_import_source_view(listing, detail):
    view = source_view(None, SourceRef.model_validate({"import": listing}))
    assert view == {"titre": "Liste importée « liste-ars.xlsx »", "url": "", "detail": detail}


def test_staff_guide_names_the_yaml_keys():
    from macros.records.cpts.model import Cpts
    from macros.records.schema_docs import field_rows

    fields = {row["champ"] for row in field_rows(Cpts)}
    assert {"finess", "sources.import", "sources.import.fichier", "sources.import.lignes"} <= fields
    assert not any("import_" in f for f in fields)


def test_observatoire_footer_and_sources_cite_an_imported_listing():
    from macros.records.observatoire.view import footer, grouped_sources

    class Entry:  # the one method footer() and grouped_sources() read
        @staticmethod
        def sources():
            return [SourceRef.model_validate({"url": "https://exemple.org/a"}),
                    SourceRef.model_validate({"import": LISTING})]

    assert footer(Entry()) == ("Sources : https://exemple.org/a ; Liste importée « liste-ars.xlsx » "
                               "(feuille « CPTS », l. 2–14, importée le 6 décembre 2026).")
    titles = [source_view(None, s)["titre"] for s in grouped_sources(Entry())]
    assert titles == ["https://exemple.org/a", "Liste importée « liste-ars.xlsx »"]
