"""Small helpers shared by the generated pages: edit links and cross-links between records."""
from __future__ import annotations

from typing import Any

from ..core.loader import Catalogue


def edit_url(config: Any, data_path: str) -> str | None:
    """Where staff edit a record: ``extra.portail.edition_url`` + path, if the site sets it."""
    base = ((config.get("extra") or {}).get("portail") or {}).get("edition_url")
    return f"{base.rstrip('/')}/{data_path}" if base else None


def related_actions(catalogue: Catalogue, cpts_slug: str) -> list[dict[str, str]]:
    """Case studies that name this CPTS, as ``{titre, url}`` (site-relative), once actions exist."""
    actions = catalogue.features.get("actions")
    if not actions:
        return []
    return [
        {"titre": a.record.titre, "url": f"actions/{a.record.slug}/"}
        for a in actions.values() if cpts_slug in a.record.cpts
    ]
