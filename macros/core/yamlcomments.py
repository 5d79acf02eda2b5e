"""A staff YAML file without its comments, for publishing it (``records/twins.py``).

Staff write notes to each other in comments (« # président joignable au 06… (ne pas publier) »):
they are not data, no check reads them, so the published copy of a record must not carry them.
A ``#`` starts a comment only outside every value: in « "Note #2" », in « C# » or inside a
``|`` block it is text. The YAML scanner says where each value is; whatever it leaves between
them from a ``#`` to the end of the line is a comment.
"""
from __future__ import annotations

import re

import yaml

from .yamlio import parse_plain

# A block scalar's header may carry a comment (« reponse: |  # texte simple »): the scanner
# counts it in the value's span, but it is a comment.
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]+(#)")


def without_comments(text: str) -> str:
    """``text`` without comment lines and trailing comments; the same data, the same key order and
    layout otherwise. Should removing them ever change what the file means, the data is written
    out again instead (safe_dump, in the file's order)."""
    if "#" not in text:
        return text
    quick = _without_comment_lines(text)
    if quick is not None:
        return quick
    spans = _value_spans(text)
    kept, offset = [], 0
    for line in text.splitlines(keepends=True):
        cut = _comment_start(line, offset, spans)
        offset += len(line)
        if cut is None:
            kept.append(line)
            continue
        body = line[:cut].rstrip()
        if body.strip():  # a line that was only a comment goes entirely
            kept.append(body + line[len(line.rstrip("\r\n")):])
    result = "".join(kept)
    data = parse_plain(text)
    if parse_plain(result) != data:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    return result


def _without_comment_lines(text: str) -> str | None:
    """The common case, without the scanner (pure Python, a few ms a file: seconds for a national
    set of records): the only ``#`` are on lines of their own. Those lines go, and the result is
    kept only if it reads as the same data — a ``#`` line inside a block or quoted text is text,
    and removing it would change the value: then None, and the scanner decides."""
    kept = [line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("#")]
    result = "".join(kept)
    if "#" in result:
        return None
    try:
        same = parse_plain(result) == parse_plain(text)
    except yaml.YAMLError:  # the line ended a quoted text: no longer YAML at all
        return None
    return result if same else None


def _value_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token the scanner reads: what lies outside them is blank or comment."""
    spans = []
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        start, end = token.start_mark.index, token.end_mark.index
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            header = _BLOCK_HEADER.match(text, start)
            if header:
                spans.append((start, header.start(1)))
                start = text.find("\n", header.start(1))
                end = max(end, start)
        if end > start:
            spans.append((start, end))
    return spans


def _comment_start(line: str, offset: int, spans: list[tuple[int, int]]) -> int | None:
    """Where the comment of ``line`` (at ``offset`` in the file) starts, None if it has none."""
    for i, char in enumerate(line):
        if char == "#" and not any(start <= offset + i < end for start, end in spans):
            return i
    return None
