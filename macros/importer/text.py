"""Folding of names as real listings write them, and repair of mojibake.

Owns the one normalisation every comparison of the importer goes through (commune names, CPTS
names, column headers), so that « LA GARDE », « Garde (La) » and « La Garde » meet on one key.
"""
from __future__ import annotations

import re
import unicodedata

ARTICLES = ("le", "la", "les", "l")
# « Garde (La) », « Garde, La », « Abergement-Clémenciat (L') »: the article written after the name.
_TRAILING_ARTICLE = re.compile(r"^(?P<name>.+?)\s*"
                               r"(?:\(\s*(?P<a1>l['’]|la|le|les)\s*\)|,\s*(?P<a2>l['’]|la|le|les))\s*$", re.IGNORECASE)
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
# Characters that only appear in French text when UTF-8 bytes were read as Latin-1/cp1252.
_MOJIBAKE_HINT = re.compile("[ÃÂÅÄÆâ]"  # a UTF-8 lead byte, then a continuation byte as cp1252 shows it
                            "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                            "\u2013-\u203a\u20ac\u2122]")


def repair_mojibake(text: str) -> str | None:
    """« BÃ©ziers » → « Béziers »; None when the text shows no mojibake or cannot be repaired.

    The repair is kept only when it is exactly reversible (re-encoding the result gives the
    text back), so a genuine name is never changed.
    """
    if not _MOJIBAKE_HINT.search(text):
        return None
    for encoding in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text and fixed.encode("utf-8").decode(encoding) == text:
            return fixed
    return None


def move_article(text: str) -> str:
    """« Garde (La) » → « La Garde »; other names unchanged."""
    match = _TRAILING_ARTICLE.match(text.strip())
    if not match:
        return text
    article = (match.group("a1") or match.group("a2")).strip()
    joiner = "" if article.endswith(("'", "’")) else " "
    return f"{article}{joiner}{match.group('name')}"


def fold(text: str) -> str:
    """Comparison key: no accents, lower case, words separated by one space, « St » = « Saint ».

    Hyphens, apostrophes and punctuation all become spaces; the article written after the name
    is moved in front.
    """
    text = move_article(str(text)).translate(_LIGATURES)
    text = re.sub(r"(?i)\bs/\s*", "sur ", text)  # « Bourg S/ Mer »
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def strip_article(key: str) -> str:
    """A folded key without its leading article (« la garde » → « garde »)."""
    first, _, rest = key.partition(" ")
    return rest if first in ARTICLES and rest else key


def slugify(text: str) -> str:
    """« CPTS du Pays d'Aubagne » → « cpts-du-pays-d-aubagne » (the slug rule of data/)."""
    text = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return "-".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def clean_cell(value: str) -> str:
    """A cell as a person would read it: no surrounding or repeated spaces, no non-breaking space."""
    return " ".join(str(value).replace("\u00a0", " ").replace("\u202f", " ").split())
