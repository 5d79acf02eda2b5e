"""Import timing of a SYNTHETIC national listing: 1,000 CPTS × ~35,000 commune rows (target ≤ 10 s),
then of the same territories as 1,000 GeoJSON contours.

The listing is generated in a temporary folder from the reference (every current commune, split
into 1,000 invented territories by ``bench.synthetic.partition``), written the way real listings
are: upper case, « St », articles moved, départements without their leading zero, a few names
garbled by an encoding error. It is never committed and every CPTS name says « synthétique ».
Run alone with ``python -m bench.importer``; ``make bench`` prints it too.
"""
from __future__ import annotations

import csv
import filecmp
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import report
from bench.synthetic import partition
from macros.core.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0


def _as_typed(name: str, rng: random.Random) -> str:
    """One of the ways real listings write a commune name."""
    roll = rng.random()
    if roll < 0.3:
        return name.upper()
    if roll < 0.4:
        return re.sub(r"^Saint-", "St ", name)
    if roll < 0.5:
        match = re.match(r"^(Le|La|Les) (.+)$", name)
        return f"{match.group(2)} ({match.group(1)})" if match else name
    if roll < 0.505:
        return name.encode("utf-8").decode("cp1252", errors="replace") if "é" in name else name
    return name


def write_listing(project: Path, path: Path, n_cpts: int = 1000, seed: int = 2026) -> int:
    """The national listing as a cp1252 CSV with « ; » (one row per CPTS × commune); returns the row count."""
    ref = load_reference(project)
    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Nom CPTS", "Commune", "dpt", "Statut"])
        for i, (dep, codes) in enumerate(partition(project, n_cpts), start=1):
            name = f"CPTS synthétique n° {i}"
            status = rng.choice(["ACI signé", "Projet de santé validé", "Lettre d'intention", "pré-projet", ""])
            for code in codes:
                commune = ref.communes[code]
                writer.writerow([name, _as_typed(commune.nom, rng), dep.lstrip("0") or dep, status])
                rows += 1
    return rows


def write_geojson(project: Path, path: Path, n_cpts: int = 1000) -> None:
    """The same 1,000 synthetic territories as contours: unions of their communes' IGN polygons."""
    import json

    from shapely.geometry import mapping
    from shapely.ops import unary_union

    from macros.geo.geometry import commune_geometries

    polygons = commune_geometries()
    features = [{"type": "Feature", "properties": {"nom": f"CPTS synthétique n° {i}"},
                 "geometry": mapping(unary_union([polygons[c] for c in codes if c in polygons]))}
                for i, (_, codes) in enumerate(partition(project, n_cpts), start=1)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def empty_project(workdir: Path) -> Path:
    """Referentials and reference of the repository, no CPTS record."""
    project = workdir / "projet-import"
    (project / "data" / "cpts").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "referentiels", project / "data" / "referentiels")
    (project / "data" / "reference").symlink_to(ROOT / "data" / "reference")
    return project


def _timed_import(project: Path, listing: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "macros.importer", str(listing), "--racine", str(project),
                             "--date", "2026-12-06", "--ecrire", "--ignorer-non-trouvees"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def measure(workdir: Path) -> list[tuple[str, str]]:
    """Rows for the bench report: first import, re-import, matches, unchanged files."""
    project = empty_project(workdir)
    listing = workdir / "liste-nationale-synthetique.csv"
    rows = write_listing(project, listing)
    first, result = _timed_import(project, listing)
    if result.returncode != 0:
        return [("import", f"en échec (code {result.returncode}) : {result.stderr[-500:]}")]
    written = len(list((project / "data" / "cpts").glob("*.yml")))
    snapshot = workdir / "avant-reimport"
    shutil.copytree(project / "data" / "cpts", snapshot)
    second, again = _timed_import(project, listing)
    same = again.returncode == 0 and not filecmp.dircmp(snapshot, project / "data" / "cpts").diff_files
    lines = result.stdout.splitlines()
    summary = next((line for line in lines if line.startswith("Communes reconnues, par méthode")), "")
    unmatched = next((line for line in lines if line.startswith("Communes non trouvées")), "")
    contours = workdir / "contours-nationaux-synthetiques.geojson"
    write_geojson(project, contours)
    shutil.rmtree(project / "data" / "cpts")
    (project / "data" / "cpts").mkdir()
    geo_seconds, geo = _timed_import(project, contours)
    notes = sum(line.lstrip().startswith("!") for line in geo.stdout.splitlines())
    return [
        ("liste", f"{rows} lignes, {written} fiches écrites (CSV cp1252, synthétique)"),
        ("premier import", f"{first:.1f} s (cible ≤ {TARGET_SECONDS:.0f} s), processus complet, --ecrire"),
        ("second import", f"{second:.1f} s, fichiers identiques : {'oui' if same else 'NON'}"),
        ("appariement", summary.removeprefix("Communes reconnues, par méthode : ")),
        ("non trouvées", unmatched.removeprefix("Communes non trouvées : ")),
        ("GeoJSON", (f"{geo_seconds:.1f} s pour 1 000 contours ({contours.stat().st_size / 1e6:.0f} Mo, "
                     "points dans les contours et découpage des communes vérifié), "
                     f"code {geo.returncode}, {notes} remarque(s)")),
    ]


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="portail-bench-import-"))
    try:
        report("Import d'une liste nationale SYNTHÉTIQUE", measure(workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
