"""French search: make the built search index find words with or without accents.

Material's search (lunr) matches words as typed, so "acces" would not find "accès". After the
build we append, to each indexed section, the accent-free form of the words that have accents;
elisions (l', d’) are split by the ``separator`` set in mkdocs.yml.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """'Accès à l’Hôpital' → 'Acces a l’Hopital' (ligatures too: 'œ' → 'oe')."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def folded_words(text: str) -> list[str]:
    """The accent-free forms of the accented words of ``text``, each once, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(_TAG.sub(" ", text)):
        plain = fold(word)
        if plain != word:
            seen.setdefault(plain.lower(), None)
    return list(seen)


def fold_index(index_path: Path) -> None:
    if not index_path.exists():
        return
    data = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        extra = folded_words(doc.get("title", "") + " " + doc.get("text", ""))
        if extra:
            # A hidden span: indexed by lunr, never shown in the result preview's visible text.
            doc["text"] = doc.get("text", "") + ' <span hidden>' + " ".join(extra) + "</span>"
    index_path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
