"""What the glossary page shows: terms in alphabetical order under a letter index (``glossaire_termes`` macro).

Pure functions from the catalogue to plain values, then one fragment (``glossaire.html``). Every
term is an ``<h3 id="terme-<slug>">``, so Material's search lists it on its own and other pages
link to it; each term also lists the FAQ questions that cite it.
"""
from __future__ import annotations

import re
from typing import Any

from ..citations import merged_sources
from ...core.loader import Catalogue
from ..refs import link_href
from ...render.fragments import relative_url, render_fragment
from ...core.text import fold

URL = "glossaire/"
DIGITS = ("0-9", "0–9")  # anchor and label of the group of terms that start with a number


def paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by a blank line; a single line break inside one is only wrapping."""
    return [re.sub(r"[ \t]*\n[ \t]*", " ", p.strip()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def term_url(slug: str) -> str:
    return f"{URL}#terme-{slug}"


def sort_key(term: str) -> tuple:
    """Alphabetical without accents or case, numbers by value: « 15 » before « 116 117 », « Échelon » among the E."""
    parts = fold(term).casefold().replace("'", " ").split()
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def letter(term: str) -> tuple[str, str]:
    """(anchor suffix, label) of a term's group: its first letter without accent, or the digits."""
    first = fold(term.strip())[:1].upper()
    return (first.lower(), first) if "A" <= first <= "Z" else DIGITS


def citing_questions(catalogue: Catalogue, slug: str) -> list[tuple[str, str]]:
    """FAQ questions that cite this term, as (question, site URL), by slug."""
    questions = catalogue.features.get("faq", {})
    return [(q.record.question, f"faq/#{q.record.slug}") for q in questions.values() if slug in q.record.glossaire]


def term_view(catalogue: Catalogue, entry: Any, here: str) -> dict[str, Any]:
    record, terms = entry.record, catalogue.features["glossaire"]
    return {
        "slug": record.slug, "terme": record.terme, "en_toutes_lettres": record.en_toutes_lettres,
        "paragraphes": paragraphs(record.definition),
        "voir_aussi": [{"texte": terms[s].record.terme, "url": link_href(here, term_url(s))} for s in record.voir_aussi],
        "questions": [{"texte": text, "url": link_href(here, url)} for text, url in citing_questions(catalogue, record.slug)],
        "sources": merged_sources(catalogue, record.sources), "mise_a_jour": record.mise_a_jour,
    }


def groups(catalogue: Catalogue, here: str = URL) -> list[dict[str, Any]]:
    """Terms grouped by initial (numbers first), alphabetically within a group."""
    def key(entry: Any) -> tuple:
        anchor = letter(entry.record.terme)[0]
        return (anchor != DIGITS[0], anchor, sort_key(entry.record.terme), entry.record.slug)

    entries = sorted(catalogue.features["glossaire"].values(), key=key)
    out: list[dict[str, Any]] = []
    for entry in entries:
        anchor, label = letter(entry.record.terme)
        if not out or out[-1]["ancre"] != f"lettre-{anchor}":
            out.append({"ancre": f"lettre-{anchor}", "lettre": label, "termes": []})
        out[-1]["termes"].append(term_view(catalogue, entry, here))
    return out


def register(env, catalogue: Catalogue) -> None:  # noqa: ANN001 - mkdocs-macros' object
    def here() -> str:
        return env.page.url if env.page is not None else URL

    @env.macro
    def glossaire_termes() -> str:
        """Every term under its letter, with a letter index."""
        return render_fragment(catalogue.root, "glossaire.html", groupes=groups(catalogue, here()),
                               donnees_url=relative_url(here(), "donnees/glossaire.json"))

    @env.macro
    def nombre_termes() -> str:
        return str(len(catalogue.features["glossaire"]))
