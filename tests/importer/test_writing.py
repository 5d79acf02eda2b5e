"""Writing is all or nothing: a failed write leaves data/ as it was and names the file that failed.

The listing is SYNTHETIC (invented CPTS names over real communes).
"""
from __future__ import annotations

import errno

from tests.importer.conftest import run, snapshot

LISTING = ("Nom de la CPTS;Dpt;Code INSEE\nCPTS Fictive Petite;01;01053\nCPTS Fictive Grande;01;01289\n"
           "CPTS Fictive Troisième;01;01451\n")


def test_failed_write_leaves_nothing_behind(empty_project, tmp_path, monkeypatch, capsys):
    from macros.importer import pipeline

    listing = tmp_path / "liste.csv"
    listing.write_text(LISTING, encoding="utf-8")
    real, calls = pipeline.dump_record, []

    def disk_full_on_second(data):
        calls.append(data["slug"])
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(data)

    monkeypatch.setattr(pipeline, "dump_record", disk_full_on_second)
    assert run(empty_project, listing, "--ecrire") == 2
    assert snapshot(empty_project) == {}
    assert sorted(p.name for p in (empty_project / "data" / "cpts").iterdir()) == []  # no temporary file left
    err = capsys.readouterr().err
    assert f"data/cpts/{calls[1]}.yml: écriture impossible (disque plein) ; aucune fiche n'est écrite" in err


def test_unwritable_report_is_found_before_any_record_is_written(empty_project, tmp_path, capsys):
    listing = tmp_path / "liste.csv"
    listing.write_text(LISTING, encoding="utf-8")
    report = tmp_path / "absent" / "rapport.csv"
    assert run(empty_project, listing, "--ecrire", "--rapport", str(report)) == 2
    assert snapshot(empty_project) == {}
    assert "rapport.csv: écriture impossible (dossier introuvable)" in capsys.readouterr().err
