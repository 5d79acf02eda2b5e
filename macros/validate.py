"""Command line validator: ``python -m macros.validate`` (or ``make validate``).

Prints every error as ``file:line: message`` — data files, and the hand-written pages of ``docs/``
(their front matter, macro calls and expressions, a page at the address of a generated page) —
then the warnings, and exits 1 if there is any error: the same checks ``mkdocs build`` runs first.
The pages are checked even when data files have errors, against the records that did load.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalogue import loaded_catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie les fichiers de données du portail.")
    parser.add_argument("racine", nargs="?", default=".", help="dossier du projet (par défaut : le dossier courant)")
    args = parser.parse_args(argv)
    root = Path(args.racine).resolve()
    if not (root / "data").is_dir():
        print(f"{root}: aucun dossier « data » ici : lancez la commande depuis le dossier du projet", file=sys.stderr)
        return 1
    catalogue, collector = loaded_catalogue(root)
    if catalogue is not None:
        # The hand-written pages name data too (checked as mkdocs build does), and are checked
        # beside data errors: only what names a file in error is left to that file's messages.
        from .build.site_macros import settings_of, site_problems, unavailable_slugs

        collector.errors += site_problems(catalogue, root / "docs", settings_of(root), unavailable_slugs(collector))
        if collector.errors:
            catalogue = None
    report = collector.report()
    if report:
        print(report, file=sys.stderr if collector.errors else sys.stdout)
    if catalogue is None:
        count = len(set(collector.errors))
        print(f"\n{count} erreur{'s' if count > 1 else ''} : corrigez les fichiers indiqués puis relancez.", file=sys.stderr)
        return 1
    parts = [f"{len(catalogue.cpts)} CPTS"] + [f"{len(v)} {k}" for k, v in sorted(catalogue.features.items()) if hasattr(v, "__len__")]
    print(f"Données valides : {', '.join(parts)}.")
    return 0


def run() -> int:
    """``main`` for staff: an unexpected failure (a bug) is one French sentence, never a traceback.
    Tests call ``main`` itself, so that such a bug fails them loudly."""
    from .core.errors import explain

    try:
        return main()
    except Exception as exc:  # noqa: BLE001 - the last line of defence of the command line
        print(f"vérification interrompue : {explain(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(run())
