"""Reading spreadsheet listings (XLSX, CSV) into rows of text cells with their row numbers.

Owns file-type detection, CSV encodings and separators, the conversion of spreadsheet values
(dates, numbers) to the text a person sees, and what a workbook hides from a quick look: the
sheet to read (the first visible one with content), merged cells (their value holds for every
row they cover), rows hidden by a filter (left out), formulas saved without their value
(reported). What the columns mean is ``columns``' job.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, replace
from xml.etree import ElementTree
from pathlib import Path

from .errors import ImportInputError
from .text import clean_cell

MAX_BYTES = 200_000_000  # a national listing is a few MB; beyond this it is not a listing
# A workbook is a zip: a few hundred kB can unzip to gigabytes. The sizes its directory declares
# are checked first (zipfile never inflates an entry beyond its declared size).
MAX_UNCOMPRESSED_BYTES = 100_000_000
FORMULAS_SHOWN = 10
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
GEOJSON_SUFFIXES = {".geojson", ".json"}


@dataclass(frozen=True)
class Table:
    """Rows of a sheet: ``rows`` are (row number as a spreadsheet shows it, cells)."""

    rows: list[tuple[int, list[str]]]
    sheet: str | None
    description: str  # « CSV, encodage cp1252, séparateur « ; » », for the report
    other_sheets: tuple[str, ...] = ()  # the workbook's other sheets, to suggest --feuille
    notes: tuple[str, ...] = ()  # what the report says about the reading (sheet chosen, hidden rows…)


def file_kind(path: Path) -> str:
    """« xlsx », « csv » or « geojson », from the extension, else from the first bytes."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in GEOJSON_SUFFIXES:
        return "geojson"
    if suffix in {".xls", ".ods"}:
        raise ImportInputError(path.name, f"les fichiers « {suffix} » ne sont pas lus : enregistrez-le au format "
                                          ".xlsx ou .csv")
    with path.open("rb") as handle:
        head = handle.read(64)
    if head.startswith(b"PK"):
        return "xlsx"
    if head.lstrip().startswith(b"{"):
        return "geojson"
    raise ImportInputError(path.name, "type de fichier non pris en charge : importez un fichier .xlsx, .csv "
                                      "ou .geojson")


def check_size(path: Path) -> None:
    if not path.is_file():
        raise ImportInputError(str(path), "fichier introuvable")
    size = path.stat().st_size
    if size == 0:
        raise ImportInputError(path.name, "fichier vide")
    if size > MAX_BYTES:
        raise ImportInputError(path.name, f"fichier trop volumineux ({size // 1_000_000} Mo)")


def cell_text(value: object) -> str:
    """What a spreadsheet cell shows: dates as AAAA-MM-JJ, whole numbers without « .0 »."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_unzipped_size(path: Path) -> None:
    """Refuse a workbook whose entries, once unzipped, exceed MAX_UNCOMPRESSED_BYTES (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl says the workbook is unreadable, in the usual words
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ImportInputError(path.name, f"classeur trop volumineux une fois décompressé ({total // 1_000_000} Mo "
                                          f"pour au plus {MAX_UNCOMPRESSED_BYTES // 1_000_000} Mo) : ce n'est pas "
                                          "une liste de CPTS")


def _has_cells(worksheet) -> bool:
    return any(v not in (None, "") for row in worksheet.iter_rows(values_only=True) for v in row)


def _choose_sheet(book, wanted: str | None, name: str):
    """The sheet asked for, else the first visible sheet with content (a hidden one is an old copy or a lookup list)."""
    if wanted is not None:
        if wanted not in book.sheetnames:
            raise ImportInputError(name, f"feuille « {wanted} » absente (feuilles : {', '.join(book.sheetnames)})")
        return book[wanted]
    for worksheet in book.worksheets:
        if worksheet.sheet_state == "visible" and _has_cells(worksheet):
            return worksheet
    raise ImportInputError(name, "fichier vide : aucune feuille visible n'a de case remplie"
                                 + (f" (feuilles : {', '.join(book.sheetnames)} ; --feuille lit une feuille masquée)"
                                    if len(book.sheetnames) > 1 else ""))


def _sheet_note(book, worksheet) -> list[str]:
    """Which sheet was read, and the others, so that staff notice a listing spread over several sheets."""
    others = []
    for other in book.worksheets:
        if other is worksheet:
            continue
        state = " (masquée)" if other.sheet_state != "visible" else "" if _has_cells(other) else " (vide)"
        others.append(f"« {other.title} »{state}")
    if not others:
        return []
    return [f"feuille lue : « {worksheet.title} » ; autres feuilles : {', '.join(others)} : choisissez-en une "
            "avec --feuille"]


def _merged_values(worksheet) -> dict[tuple[int, int], object]:
    """(row, column) → value for every cell of a merge spanning several rows (only its first cell holds it).

    A merge within one row (a group label over several columns) is left as it is: it names
    columns, it is not a value of each.
    """
    values = {}
    for merged in worksheet.merged_cells.ranges:
        if merged.min_row == merged.max_row:
            continue
        value = worksheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                values[(row, column)] = value
    return values


def _sheet_xml_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → path of its XML part in the workbook (xl/workbook.xml and its relationships)."""
    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    targets = {}
    for element in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")):
        target = element.get("Target", "")
        targets[element.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    paths = {}
    for element in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter():
        if local(element.tag) == "sheet":
            rid = next((v for k, v in element.attrib.items() if local(k) == "id"), None)
            if rid in targets:
                paths[element.get("name")] = posixpath.normpath(targets[rid])
    return paths


def _formulas_without_value(path: Path, title: str) -> list[tuple[int, str]]:
    """(row, column letters) of the cells holding a formula saved without its result.

    openpyxl reads such a cell as empty: a file written by a script, or never opened in a
    spreadsheet since, has formulas and no values. Only the XML says the cell was not empty.
    """
    found = []
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_xml_paths(archive).get(title)
            if part is None:
                return []
            with archive.open(part) as handle:
                for _, element in ElementTree.iterparse(handle):
                    if not element.tag.endswith("}c"):
                        continue
                    children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                    value = children.get("v")
                    if "f" in children and (value is None or not (value.text or "").strip()):
                        match = re.fullmatch(r"([A-Z]+)(\d+)", element.get("r", ""))
                        if match:
                            found.append((int(match.group(2)), match.group(1)))
                    element.clear()
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return []  # an unusual layout: the check is skipped, the reading is not
    return found


def _formula_note(formulas: list[tuple[int, str]], rows_read: set[int]) -> list[str]:
    cells = [f"ligne {row}, colonne {column}" for row, column in formulas if row in rows_read]
    if not cells:
        return []
    advice = "ouvrez et enregistrez le fichier dans Excel / LibreOffice"
    if len(cells) == 1:
        return [f"{cells[0]} : formule sans valeur enregistrée : {advice}"]
    shown = " ; ".join(cells[:FORMULAS_SHOWN]) + (f" … et {len(cells) - FORMULAS_SHOWN} autre(s)"
                                                   if len(cells) > FORMULAS_SHOWN else "")
    return [f"{len(cells)} formules sans valeur enregistrée ({shown}) : {advice}"]


def _hidden_note(hidden: list[int]) -> list[str]:
    if not hidden:
        return []
    rows = ", ".join(str(n) for n in hidden[:FORMULAS_SHOWN]) + (" …" if len(hidden) > FORMULAS_SHOWN else "")
    plural = "s" if len(hidden) > 1 else ""
    return [f"{len(hidden)} ligne{plural} masquée{plural} (filtre) laissée{plural} de côté : "
            f"ligne{plural} {rows} (affichez-les et relancez pour les importer)"]


def read_xlsx(path: Path, sheet: str | None) -> Table:
    # Imported here: openpyxl takes a while to import and only XLSX listings need it.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_unzipped_size(path)
    try:
        # Not read_only: only a fully loaded sheet knows its merged cells and hidden rows.
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportInputError(path.name, f"classeur XLSX illisible ({type(exc).__name__}) : vérifiez qu'il "
                                          "s'ouvre dans un tableur et réenregistrez-le en .xlsx") from None
    try:
        worksheet = _choose_sheet(book, sheet, path.name)
        merged = _merged_values(worksheet)
        rows, hidden = [], []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(merged.get((number, column), value)) for column, value in enumerate(values, start=1)]
            if not any(cells):
                continue
            dimension = worksheet.row_dimensions.get(number)
            if dimension is not None and dimension.hidden:
                hidden.append(number)
                continue
            rows.append((number, cells))
        others = tuple(name for name in book.sheetnames if name != worksheet.title)
        notes = _sheet_note(book, worksheet) + _hidden_note(hidden)
        title = worksheet.title
    finally:
        book.close()
    notes += _formula_note(_formulas_without_value(path, title), {n for n, _ in rows})
    return Table(rows, title, f"classeur XLSX, feuille « {title} »", others, tuple(notes))


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    if b"\x00" in raw[:4096]:
        raise ImportInputError(name, "fichier binaire : ce n'est pas un fichier CSV (un classeur ? "
                                     "enregistrez-le en .xlsx ou .csv)")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8 (avec BOM)"
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def sniff_separator(text: str) -> str:
    """« ; », « , » or tab: the one that splits the first lines most consistently."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(";,\t", key=first.count)


def read_csv(path: Path) -> Table:
    text, encoding = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise ImportInputError(path.name, "fichier vide")
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    try:
        # Rows are numbered as a spreadsheet shows them (a quoted cell may span several text lines).
        for number, cells in enumerate(reader, start=1):
            cells = [c.strip() for c in cells]
            if any(cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise ImportInputError(f"{path.name}:{reader.line_num}", f"ligne CSV illisible ({exc})") from None
    shown = "tabulation" if separator == "\t" else f"« {separator} »"
    return Table(rows, None, f"CSV, encodage {encoding}, séparateur {shown}")


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The rows of an XLSX or CSV listing; ImportInputError when it cannot be read."""
    check_size(path)
    kind = file_kind(path)
    if kind == "geojson":
        raise ImportInputError(path.name, "fichier GeoJSON : il est lu par le module geojson")
    if sheet is not None and kind != "xlsx":
        raise ImportInputError(path.name, "l'option --feuille ne s'applique qu'aux classeurs .xlsx")
    table = read_xlsx(path, sheet) if kind == "xlsx" else read_csv(path)
    if not table.rows:
        raise ImportInputError(path.name, "fichier vide : aucune ligne remplie")
    return replace(table, rows=[(n, [clean_cell(c) if "\n" not in c else c.strip() for c in cells])
                                for n, cells in table.rows])
