"""Reading spreadsheet listings (XLSX, CSV) into rows of text cells with their row numbers.

Owns file-type detection, CSV encodings and separators, and the conversion of spreadsheet
values (dates, numbers) to the text a person sees; what the columns mean is ``columns``' job.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportInputError
from .text import clean_cell

MAX_BYTES = 200_000_000  # a national listing is a few MB; beyond this it is not a listing
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


def read_xlsx(path: Path, sheet: str | None) -> Table:
    # Imported here: openpyxl takes a while to import and only XLSX listings need it.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportInputError(path.name, f"classeur XLSX illisible ({type(exc).__name__}) : vérifiez qu'il "
                                          "s'ouvre dans un tableur et réenregistrez-le en .xlsx") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise ImportInputError(path.name, f"feuille « {sheet} » absente (feuilles : {', '.join(book.sheetnames)})")
        rows = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
        others = tuple(name for name in book.sheetnames if name != worksheet.title)
        return Table(rows, worksheet.title, f"classeur XLSX, feuille « {worksheet.title} »", others)
    finally:
        book.close()


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
    return Table([(n, [clean_cell(c) if "\n" not in c else c.strip() for c in cells]) for n, cells in table.rows],
                 table.sheet, table.description, table.other_sheets)
