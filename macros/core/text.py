"""Folding French text for comparisons: accents and ligatures removed, as search and sorting need.

Used by the actions library's filters, by alphabetical sorting of glossary terms,
questions and regions, and by the glossary's duplicate check (« Aidant » and « aidant » are one term).
"""
from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f]")


def _slow_fold(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# Latin letters with diacritics, folded in one C-level translate() (the search index folds
# megabytes of text); anything else falls back to Unicode decomposition.
_TABLE = {c: _slow_fold(chr(c)) for c in range(0xC0, 0x250) if _slow_fold(chr(c)) != chr(c)}


def fold(text: str) -> str:
    """'Accès à l’Hôpital' → 'Acces a l’Hopital' (ligatures too: 'œ' → 'oe')."""
    out = text.translate(_TABLE)
    if not unicodedata.is_normalized("NFD", out):
        return _slow_fold(out)
    return _COMBINING.sub("", out) if _COMBINING.search(out) else out
