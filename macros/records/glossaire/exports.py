"""Open-data twins of the FAQ and the glossary: ``donnees/faq.json`` and ``donnees/glossaire.json``.

Each is the validated records as written by staff (field names of the YAML), in page order of
their slugs, so a reuser gets exactly what the pages show. Deterministic: same data, same bytes.
"""
from __future__ import annotations

import json
from typing import Any

from ...core.loader import Catalogue


def _dump(entries: dict[str, Any]) -> str:
    records = [entry.record.model_dump(mode="json", exclude_none=True) for entry in entries.values()]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    """Provider of generated files (declared in ``macros/features.py``)."""
    out = {}
    for name in ("faq", "glossaire"):
        if name in catalogue.features:
            out[f"donnees/{name}.json"] = _dump(catalogue.features[name])
    return out
