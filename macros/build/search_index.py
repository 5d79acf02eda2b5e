"""The site search index: entries for generated pages, and French accent folding of every entry.

Material's search plugin parses each page's HTML with Python's ``html.parser``, which was the
largest single cost of a national build (a third of it). Every page is indexed here instead
(and marked ``search: exclude`` for Material's plugin, which still writes the index file and its
settings) by a regex tokenizer that produces the same kind of entries: one for the page, one per
heading with an id, text stripped of markup but still HTML-escaped (Material shows it as HTML),
``data-search-exclude`` honoured the way Material honours it. Generated pages are indexed on the
second core (``deferred``), hand-written ones as they are built.

Material's search (lunr) matches words as typed, so "acces" would not find "accès". After the
build every entry gets, in a hidden span, the accent-free form of its accented words; elisions
(l', d’) are split by the ``separator`` set in mkdocs.yml.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..core.text import fold

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_HIDDEN_MARK = ' <span hidden>'


def folded_words(text: str) -> list[str]:
    """The accent-free forms of the accented words of ``text``, each once, in order."""
    text = _TAG.sub(" ", text)
    plain = fold(text)
    if plain == text:
        return []
    words, plain_words = _WORD.findall(text), _WORD.findall(plain)
    if len(words) != len(plain_words):  # folding changed word boundaries: compare word by word
        plain_words = [fold(w) for w in words]
    seen: dict[str, None] = {}
    for word, folded in zip(words, plain_words):
        if folded != word:
            seen.setdefault(folded.lower(), None)
    return list(seen)


def with_folded_words(entry: dict) -> dict:
    """The entry with its accent-free words appended in a hidden span (searched, never shown)."""
    extra = folded_words(entry.get("title", "") + " " + entry.get("text", ""))
    if extra:
        entry["text"] = entry.get("text", "") + _HIDDEN_MARK + " ".join(extra) + "</span>"
    return entry


# --- Entries for generated pages -------------------------------------------------------------

_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Material drops these entirely from the index (their text is code or UI, not content).
_SKIPPED = frozenset({"script", "style", "template", "svg", "button", "form", "select", "textarea"})
# Inline markup: words on both sides stay joined ("17 <b>232</b>"); any other tag separates words.
_INLINE_TAGS = frozenset({"a", "abbr", "b", "code", "em", "i", "small", "strong", "sub", "sup", "time", "mark", "q"})
_ID = re.compile(r"\bid=\"([^\"]*)\"")
_ATTRS = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*"

# What only the tokenizer handles; a body without any of it takes the regex-only path.
_NEEDS_TOKENIZER = re.compile(rf"data-search-exclude|<(?:{'|'.join(sorted(_SKIPPED))})\b|class=\"headerlink\"", re.I)
_HEADINGS = re.compile(rf"<(h[1-6])\b({_ATTRS})>(.*?)</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_INLINE = re.compile(rf"</?(?:{'|'.join(sorted(_INLINE_TAGS))})\b{_ATTRS}>", re.I)
_ANY_TAG = re.compile(rf"<{_ATTRS}>")


def _plain(html: str) -> str:
    """Text of an HTML fragment: inline tags vanish (words stay joined), other tags are spaces."""
    return _SPACES.sub(" ", _ANY_TAG.sub(" ", _INLINE.sub("", _COMMENT.sub("", html)))).strip()


def page_entries(url: str, title: str, body: str, boost: float | None = None) -> list[dict]:
    """Search entries of a page: the page itself, then one per heading section.

    ``title`` and ``body`` are HTML (escaped text); the entries keep text escaped. Permalink
    anchors (¶) and ``data-search-exclude`` elements are left out, as Material does. Bodies
    without such elements (every record page) are cut at their headings by regular expressions
    alone; the others go through the tokenizer.
    """
    sections = _tokenized_sections(url, title, body) if _NEEDS_TOKENIZER.search(body) else _regex_sections(url, body)
    entries = []
    for index, section in enumerate(sections):
        if section is None:
            continue
        location, head, text = section
        if index == 0 or text or head:
            entry = {"location": location, "title": head or title, "text": text}
            if boost is not None:
                entry["boost"] = boost
            entries.append(with_folded_words(entry))
    return entries


def _regex_sections(url: str, body: str) -> list[tuple[str, str, str]]:
    """(location, heading, text) of each section, the page's own first."""
    headings = list(_HEADINGS.finditer(body))
    intro = _plain(body[: headings[0].start()] if headings else body)
    sections = [(url, "", intro)]
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(body)
        anchor = _ID.search(heading.group(2))
        section = (f"{url}#{anchor.group(1)}" if anchor else url, _plain(heading.group(3)), _plain(body[heading.end():end]))
        if i == 0 and (anchor is None or heading.group(1).lower() == "h1") and not intro:
            sections[0] = (url, section[1], section[2])  # the page's own h1: it is the page entry
        else:
            sections.append(section)
    return sections


def _tokenized_sections(url: str, title: str, body: str) -> list[tuple[str, str, str] | None]:
    """The same as ``_regex_sections``, honouring excluded elements (Material's rules)."""
    sections: list[dict] = [{"location": url, "title": title, "text": [], "skip": False}]
    current = sections[0]
    heading: dict | None = None     # the section whose heading is being read
    skip_tag: str | None = None     # inside an excluded element: its tag and nesting depth
    depth = 0
    pos = 0
    for match in _TOKEN.finditer(body):
        text = body[pos:match.start()]
        pos = match.end()
        if text.strip() and skip_tag is None:
            (heading["title"] if heading is not None else current["text"]).append(text)
        closing, tag, attrs = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
        if not tag:
            continue
        if skip_tag is not None:
            if tag == skip_tag and tag not in _VOID:
                depth += -1 if closing else 1
                if depth == 0:
                    skip_tag = None
            continue
        if not closing and tag in _HEADING:
            anchor = _ID.search(attrs)
            location = f"{url}#{anchor.group(1)}" if anchor else url
            current = {"location": location, "title": [], "text": [], "skip": "data-search-exclude" in attrs}
            if (anchor is None or tag == "h1") and len(sections) == 1 and not "".join(sections[0]["text"]).strip():
                current["location"] = url
                sections[0] = current  # the page's own h1: it is the page entry, with its title
            else:
                sections.append(current)
            heading = current
            continue
        if closing and tag in _HEADING and heading is not None:
            heading = None
            continue
        if not closing and tag not in _VOID and ("data-search-exclude" in attrs or tag in _SKIPPED
                                                  or 'class="headerlink"' in attrs):
            skip_tag, depth = tag, 1
            continue
        if tag in _INLINE_TAGS:
            continue
        target = heading["title"] if heading is not None else current["text"]
        target.append(" ")
    tail = body[pos:]
    if tail.strip() and skip_tag is None:
        current["text"].append(tail)
    def joined(parts: str | list[str]) -> str:
        return parts if isinstance(parts, str) else _SPACES.sub(" ", "".join(parts)).strip()

    # An excluded page heading leaves None in first place: the page then has no entry of its own.
    return [None if section["skip"] else (section["location"], joined(section["title"]), joined(section["text"]))
            for section in sections if section is sections[0] or not section["skip"]]


def write_index(index_path: Path, entries: dict[str, list[dict]]) -> None:
    """Put the portal's entries, by page URL, into the index Material wrote (with its settings)."""
    if not index_path.exists():
        return
    data = json.loads(index_path.read_text(encoding="utf-8"))
    # Material indexes no page itself (all are marked ``search: exclude``), unless a page or
    # plugin asks it to: such entries are kept, folded like the others.
    data["docs"] = [with_folded_words(doc) for doc in data.get("docs", [])]
    for url in sorted(entries):
        data["docs"].extend(entries[url])
    index_path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
