"""Small helpers shared by the generated pages: edit links and cross-links between records."""
from __future__ import annotations

from typing import Any

from ..core import memo
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
    # Each CPTS page asks: index the actions by CPTS once (1,000 pages × 500 actions otherwise).
    by_cpts = memo.per_catalogue("actions-by-cpts", catalogue, lambda: _actions_by_cpts(actions))
    return [dict(item) for item in by_cpts.get(cpts_slug, ())]


def _actions_by_cpts(actions: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    index: dict[str, list[dict[str, str]]] = {}
    for a in actions.values():
        for slug in dict.fromkeys(a.record.cpts):  # an action naming a CPTS twice is listed once
            index.setdefault(slug, []).append({"titre": a.record.titre, "url": f"actions/{a.record.slug}/"})
    return index
