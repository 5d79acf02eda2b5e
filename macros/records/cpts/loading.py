"""Loading the CPTS: ``data/cpts/<slug>.yml`` validated, checked and with its territory expanded.

The CPTS are the records every other type may name, so the catalogue loads them first and keeps
them apart (``catalogue.cpts``); the rules across files (overlapping territories) live in ``checks``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...core.loader import LoadContext, read_records
from . import checks as crossref
from .model import Cpts


@dataclass(frozen=True)
class CptsEntry:
    """A validated CPTS with what the loader derives from it."""

    record: Cpts
    path: str                       # "data/cpts/<slug>.yml", for messages and edit links
    communes: tuple[str, ...]       # expanded territory: INSEE codes of communes/arrondissements
    population_calculee: int | None  # sum of INSEE populations of the territory


def load(ctx: LoadContext) -> dict[str, CptsEntry]:
    """Every valid CPTS, by slug; errors go to ``ctx.collector``."""
    entries: dict[str, CptsEntry] = {}
    for rel, located, record in read_records(ctx, "cpts", Cpts):
        if not crossref.check_cpts(record, located, rel, ctx):
            continue
        communes = crossref.expand_territory(record.territoire, ctx.reference)
        population = sum(ctx.reference.communes[c].population or 0 for c in communes) if communes else None
        entries[record.slug] = CptsEntry(record, rel, communes, population)
    crossref.check_overlaps(entries, ctx.collector)
    return entries
