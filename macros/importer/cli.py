"""The command line: ``python -m macros.importer FICHIER [options]`` (``make import FICHIER=…``).

Owns the options (French help), the exit codes — 0 done, 1 communes not found, 2 unreadable
input — and the rule that a malformed file gets one French line with where it is, never a
traceback. Dry run by default: nothing is written without ``--ecrire``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
from pathlib import Path

from .errors import ImportInputError

DESCRIPTION = """Importe la liste des CPTS d'une région (XLSX, CSV ou GeoJSON) dans data/cpts/.
Par défaut, simulation : affiche ce qui serait créé ou mis à jour, sans rien écrire."""
EPILOG = """Codes de sortie : 0 import possible ou fait ; 1 des communes ne sont pas reconnues (corrigez
la liste, ou ajoutez --ignorer-non-trouvees) ; 2 fichier illisible ou mal formé.
Exemple : python -m macros.importer liste-ars.xlsx --rapport rapport.csv, puis la même commande avec --ecrire."""


# argparse writes its own headings and errors in English: staff read French.
_HEADINGS = {"usage: ": "utilisation : ", "positional arguments:": "arguments :", "options:": "options :"}
_ERRORS = {"the following arguments are required": "argument obligatoire manquant",
           "unrecognized arguments": "option(s) inconnue(s)", "expected one argument": "une valeur est attendue",
           "ambiguous option": "option ambiguë"}


class FrenchParser(argparse.ArgumentParser):
    def format_help(self) -> str:
        return _translate(super().format_help(), _HEADINGS)

    def format_usage(self) -> str:
        return _translate(super().format_usage(), _HEADINGS)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : {_translate(message, _ERRORS)}\n")


_OS_ERRORS = {errno.ENOENT: "dossier introuvable", errno.EACCES: "permission refusée", errno.ENOSPC: "disque plein",
              errno.EROFS: "disque en lecture seule", errno.EISDIR: "c'est un dossier",
              errno.EFBIG: "taille de fichier limitée par le système", errno.EDQUOT: "quota disque dépassé"}


def _translate(text: str, table: dict[str, str]) -> str:
    for english, french in table.items():
        text = text.replace(english, french)
    return text


def parser() -> argparse.ArgumentParser:
    p = FrenchParser(prog="python -m macros.importer", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter, add_help=False)
    p.add_argument("fichier", metavar="FICHIER", help="liste à importer : .xlsx, .csv ou .geojson")
    p.add_argument("--ecrire", action="store_true", help="écrire les fiches (sinon : simulation)")
    p.add_argument("--correspondance", metavar="FICHIER.yml",
                   help="fichier YAML qui nomme les colonnes (colonnes: {nom_cpts: \"Libellé\"}) et les statuts")
    p.add_argument("--feuille", metavar="NOM",
                   help="feuille du classeur XLSX (par défaut : la première visible et remplie)")
    p.add_argument("--ignorer-non-trouvees", action="store_true",
                   help="écrire même si des communes ne sont pas reconnues (territoires alors « partiels »)")
    p.add_argument("--rapport", metavar="RAPPORT.csv", help="enregistrer aussi le rapport détaillé en CSV")
    p.add_argument("--date", metavar="AAAA-MM-JJ",
                   help="date de l'import écrite dans les fiches modifiées (par défaut : aujourd'hui)")
    p.add_argument("--racine", metavar="DOSSIER", default=".",
                   help="dossier du projet (par défaut : le dossier courant)")
    p.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        date = dt.date.fromisoformat(args.date).isoformat() if args.date else dt.date.today().isoformat()
    except ValueError:
        print(f"--date « {args.date} » : écrivez une date qui existe, sous la forme AAAA-MM-JJ", file=sys.stderr)
        return 2
    # Imported here so that --help answers at once.
    from .pipeline import Options, WriteError, plan

    options = Options(Path(args.fichier), Path(args.racine).resolve(), date, args.feuille,
                      Path(args.correspondance) if args.correspondance else None)
    try:
        result = plan(options)
        return _finish(result, args, options.root)
    except ImportInputError as exc:
        print(f"{exc.where}: {exc.message}", file=sys.stderr)
    except WriteError as exc:  # a record: write() has already removed what it had started
        print(f"{exc.filename}: écriture impossible ({_OS_ERRORS.get(exc.errno, exc.strerror)}) ; aucune fiche "
              "n'est écrite", file=sys.stderr)
    except OSError as exc:  # the report (folder missing, no permission), checked before any record is written
        why = _OS_ERRORS.get(exc.errno, exc.strerror)
        print(f"{exc.filename or options.path.name}: écriture impossible ({why})", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - a listing we did not foresee still gets a French line, not a traceback
        print(f"{options.path.name}: fichier illisible ({type(exc).__name__} : {exc})", file=sys.stderr)
    return 2


def _finish(result, args: argparse.Namespace, root: Path) -> int:
    """Write (unless a dry run, or blocked by unmatched communes), report, and choose the exit code."""
    from .pipeline import write
    from .report import terminal, write_csv

    blocked = bool(result.unmatched) and not args.ignorer_non_trouvees
    writing = args.ecrire and not blocked
    if args.rapport:  # first: a report that cannot be written stops the import before any record is
        write_csv(result, result.reference, Path(args.rapport))
    written = write(result, root) if writing else []
    print(terminal(result, result.reference, written=writing))
    if args.rapport:
        print(f"\nRapport détaillé : {args.rapport}")
    if args.ecrire and blocked:
        print("\nRien n'est écrit : des communes ne sont pas reconnues. Corrigez la liste (ou un fichier "
              "--correspondance), ou relancez avec --ignorer-non-trouvees pour écrire des territoires partiels.")
    elif args.ecrire:
        print(f"\n{len(written)} fiche(s) écrite(s). Vérifiez-les puis lancez « make validate ».")
    return 1 if blocked else 0
