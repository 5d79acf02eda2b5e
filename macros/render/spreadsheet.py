"""CSV for spreadsheets: what the open-data files (CPTS directory, observatoire figures) are written with."""
from __future__ import annotations

import csv
import io
from typing import Any


def spreadsheet_safe_csv(rows: list[dict[str, Any]], columns: list[str], numeric: frozenset[str] = frozenset()) -> str:
    """CSV text whose cells cannot run as spreadsheet formulas.

    A text cell starting with = + - @ is run as a formula by spreadsheets: it gets a leading
    apostrophe. ``numeric`` columns hold numbers (a negative value is not a formula).
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@" and k not in numeric else v)
                         for k, v in row.items()})
    return out.getvalue()
