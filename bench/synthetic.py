"""A clearly SYNTHETIC national data set for benchmarks: never published, never committed.

``write_dataset`` fills a copy of the project with N fake CPTS whose territories partition every
current commune of the départements of the referential, fake case studies, extra barometer
editions and fake FAQ entries, so the build can be measured at the scale of the national
federation (~1,000 CPTS).
Every name says "synthétique" so no page built from it can be mistaken for real data.
"""
from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

import yaml

from macros.core.reference import load_reference

SOURCE = {"document": "tour-de-france-2023", "lignes": "1"}
STATUSES = ["pre-projet", "lettre-intention", "projet-sante", "aci-signe", "non-renseigne"]
MISSIONS = ["acces-medecin-traitant", "soins-non-programmes", "parcours", "prevention", "crises-sanitaires",
            "qualite-pertinence", "accompagnement-professionnels"]


class _NoAliasDumper(yaml.SafeDumper):
    """Staff files never contain anchors (the loader refuses them): write repeated values in full."""

    def ignore_aliases(self, data):  # noqa: ANN001 - PyYAML signature
        return True


def _dump(path: Path, data: dict) -> None:
    path.write_text("# Donnée SYNTHÉTIQUE de banc d'essai : ne pas publier.\n"
                    + yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _allocate(counts: dict[str, int], total: int) -> dict[str, int]:
    """Split ``total`` territories among départements in proportion to their communes (≥1 each)."""
    n_communes = sum(counts.values())
    shares = {d: max(1, round(total * c / n_communes)) for d, c in counts.items()}
    keys = sorted(counts, key=lambda d: -counts[d])
    i = 0
    while sum(shares.values()) != total:  # adjust rounding on the largest départements
        d = keys[i % len(keys)]
        step = 1 if sum(shares.values()) < total else -1
        if shares[d] + step >= 1 and shares[d] + step <= counts[d]:
            shares[d] += step
        i += 1
    return shares


def partition(root: Path, n_cpts: int) -> list[tuple[str, list[str]]]:
    """(département, communes) for each territory: contiguous strips of communes sorted by position."""
    ref = load_reference(root)
    known = {line.split('"')[1] for line in (root / "data/referentiels/departements.yml").read_text(encoding="utf-8").splitlines()
             if line.startswith("- code:")}
    by_dep: dict[str, list] = defaultdict(list)
    for commune in ref.communes.values():
        # Paris, Lyon and Marseille are covered through their arrondissements.
        if commune.departement in known and not ref.arrondissements_of(commune.code):
            by_dep[commune.departement].append(commune)
    shares = _allocate({d: len(c) for d, c in by_dep.items()}, n_cpts)
    territories = []
    for dep in sorted(by_dep):
        communes = sorted(by_dep[dep], key=lambda c: (round(c.lat, 1), c.lon))
        k = shares[dep]
        size = -(-len(communes) // k)
        for i in range(k):
            chunk = communes[i * size:(i + 1) * size]
            if chunk:
                territories.append((dep, [c.code for c in chunk]))
    return territories


def write_cpts(root: Path, n_cpts: int, rng: random.Random) -> list[str]:
    ref = load_reference(root)
    folder = root / "data" / "cpts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    slugs = []
    for i, (dep, codes) in enumerate(partition(root, n_cpts), start=1):
        slug = f"cpts-synthetique-{i:04d}"
        status = rng.choice(STATUSES)
        _dump(folder / f"{slug}.yml", {
            "slug": slug, "nom": f"CPTS synthétique n° {i} ({ref.communes[codes[0]].nom})",
            "statut": status, "etapes": {} if status == "non-renseigne" else {status: "2022"},
            "taille": rng.randint(1, 4), "region": ref.communes[codes[0]].region, "departements": [dep],
            "siege": codes[0],
            "territoire": {"precision": "exact", "communes": codes},
            "missions": rng.sample(MISSIONS, rng.randint(2, 5)),
            "presentation": "Fiche synthétique générée pour le banc d'essai. " * 3,
            "sources": [SOURCE], "mise_a_jour": "2026-11-23",
        })
        slugs.append(slug)
    return slugs


def write_actions(root: Path, n_actions: int, cpts: list[str], rng: random.Random) -> None:
    folder = root / "data" / "actions"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    themes = [e["slug"] for e in yaml.safe_load((root / "data/referentiels/themes.yml").read_text(encoding="utf-8"))]
    publics = [e["slug"] for e in yaml.safe_load((root / "data/referentiels/publics.yml").read_text(encoding="utf-8"))]
    for i in range(1, n_actions + 1):
        slug = f"action-synthetique-{i:04d}"
        _dump(folder / f"{slug}.yml", {
            "slug": slug, "titre": f"Action synthétique n° {i}",
            "resume": "Action générée pour le banc d'essai, sans valeur réelle.",
            "cpts": rng.sample(cpts, rng.randint(1, 2)), "mission": rng.choice(MISSIONS),
            "themes": rng.sample(themes, 2), "publics": rng.sample(publics, 1),
            "contexte": "Contexte synthétique. " * 10,
            "deroule": [f"Étape synthétique {n}." for n in range(1, 5)],
            "resultats": [{"libelle": "Patients suivis (synthétique)", "valeur": rng.randint(10, 5000),
                           "unite": "patients", "periode": "2023", "source": SOURCE}],
            "sources": [SOURCE], "date": "2023", "mise_a_jour": "2026-11-23",
        })


def write_editions(root: Path, n_editions: int) -> None:
    """Extra editions of the barometer (same indicators, later dates) to exercise comparisons."""
    folder = root / "data" / "observatoire"
    original = folder / "barometre-2024.yml"
    if not original.exists():
        return
    data = yaml.safe_load(original.read_text(encoding="utf-8"))
    for year in range(2025, 2024 + n_editions):
        edition = dict(data, slug=f"barometre-synthetique-{year}", titre=f"Baromètre synthétique {year}",
                       libelle_edition=f"{year} (synthétique)", date=f"{year}-06", page=None)
        edition["indicateurs"] = [dict(ind, date=f"{year}-06") if ind.get("date") else ind for ind in data["indicateurs"]]
        _dump(folder / f"barometre-synthetique-{year}.yml", edition)


def write_faq(root: Path, n_faq: int, rng: random.Random) -> None:
    """Synthetic FAQ entries, spread over the themes, linked to the glossary terms and to each other."""
    folder = root / "data" / "faq"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    themes = [e["slug"] for e in yaml.safe_load((root / "data/referentiels/themes-faq.yml").read_text(encoding="utf-8"))]
    terms = sorted(p.stem for p in (root / "data" / "glossaire").glob("*.yml"))
    for i in range(1, n_faq + 1):
        slug = f"question-synthetique-{i:04d}"
        _dump(folder / f"{slug}.yml", {
            "slug": slug, "question": f"Question synthétique n° {i} ?", "theme": rng.choice(themes),
            "reponse": "Réponse synthétique générée pour le banc d'essai, sans valeur réelle. " * 6
                       + "\n\nSecond paragraphe synthétique.",
            "glossaire": rng.sample(terms, min(2, len(terms))),
            "questions_liees": [f"question-synthetique-{n:04d}" for n in rng.sample(range(1, n_faq + 1), min(2, n_faq)) if n != i],
            "sources": [SOURCE], "mise_a_jour": "2026-11-23",
        })


def write_dataset(root: Path, n_cpts: int, n_actions: int, n_editions: int = 3, seed: int = 2026,
                  n_faq: int = 100) -> None:
    rng = random.Random(seed)
    # The real events, news and toolkit records name real CPTS and case studies, which the
    # synthetic data set replaces: they are left out (a few pages, nothing at national scale).
    for folder in ("evenements", "actualites", "outils"):
        shutil.rmtree(root / "data" / folder, ignore_errors=True)
    slugs = write_cpts(root, n_cpts, rng)
    write_actions(root, n_actions, slugs, rng)
    write_editions(root, n_editions)
    write_faq(root, n_faq, rng)
