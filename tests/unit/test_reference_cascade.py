"""Staff-edit probing. A CPTS file with an error is reported once: the records naming it are not told it does not
exist (found by staff-edit probing: one wrong status gave four more errors in other files, each
suggesting another CPTS)."""
from __future__ import annotations

import pytest

from macros.catalogue import load_catalogue
from macros.core.errors import DataErrors
from tests.conftest import make_project


def _referenced_cpts(root):
    for path in sorted((root / "data" / "actions").glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("cpts: [") and line != "cpts: []":
                return line.removeprefix("cpts: [").split(",")[0].strip(" ]")
    pytest.skip("aucune action ne nomme une CPTS")


def test_an_invalid_cpts_is_reported_alone(tmp_path):
    root = make_project(tmp_path, with_real_data=True)
    slug = _referenced_cpts(root)
    record = root / "data" / "cpts" / f"{slug}.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text("\n".join("statut: signe" if l.startswith("statut:") else l for l in text.splitlines()) + "\n",
                      encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_catalogue(root)
    errors = caught.value.collector.errors
    assert [e.path for e in errors] == [f"data/cpts/{slug}.yml"], "\n".join(map(str, errors))


def test_a_missing_cpts_is_still_reported_where_it_is_named(tmp_path):
    root = make_project(tmp_path, with_real_data=True)
    slug = _referenced_cpts(root)
    (root / "data" / "cpts" / f"{slug}.yml").unlink()
    with pytest.raises(DataErrors) as caught:
        load_catalogue(root)
    assert any(e.path.startswith("data/actions/") and "inconnue" in e.message for e in caught.value.collector.errors)


@pytest.mark.parametrize("folder, template", [("appuis", "appui"), ("actualites", "actualite"),
                                              ("evenements", "evenement"), ("outils", "outil")])
def test_a_template_copied_but_not_filled_in_is_refused(tmp_path, folder, template):
    """Staff-edit probing: a copy of data/modeles/<type>.yml published « Guichet d'exemple »."""
    from macros.catalogue import build_catalogue
    from tests.conftest import ROOT

    root = make_project(tmp_path)
    (root / "data" / "modeles").symlink_to(ROOT / "data" / "modeles")
    (root / "data" / folder).mkdir(exist_ok=True)
    text = (ROOT / "data" / "modeles" / f"{template}.yml").read_text(encoding="utf-8")
    (root / "data" / folder / f"exemple-{template}.yml").write_text(text, encoding="utf-8")
    catalogue, collector = build_catalogue(root)
    messages = [str(e) for e in collector.errors]
    assert catalogue is None
    assert any(f"data/{folder}/exemple-{template}.yml:" in m and "valeur d'exemple du modèle" in m for m in messages), messages
