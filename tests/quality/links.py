"""A link crawler over a built site (no network): internal links and anchors, external links listed.

Reads every HTML document, the site's CSS and what Pagefind indexed, and resolves every internal
reference (``href``, ``src``, ``srcset``, ``action``, ``data``, CSS ``url()``, data-* attributes
naming a data file, popup links inside map scripts, search result pages and anchors) to a file of the site
and, for ``#fragment``, to an ``id`` (or ``name``) in the target document.
"""
from __future__ import annotations

import html.parser
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.quality import search_fragments

URL_ATTRIBUTES = {"href", "src", "action", "data", "poster", "xlink:href", "formaction", "cite"}
# data-* attributes whose value is a file the page's scripts fetch (finder index, map data…).
DATA_FILE = re.compile(r"^[\w./%-]+\.(json|geojson|topojson|csv|svg|html|yml|png|jpg|webp)$")
# Links inside HTML written in inline scripts (folium popups): href="…" or href=\"…\".
SCRIPT_HREF = re.compile(r'href=\\?"([^"\\<>{}]+)\\?"')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
SAFE_SCHEMES = ("mailto:", "tel:", "data:", "blob:")


@dataclass
class Document:
    """What the crawler keeps of one HTML file: its anchors and its outgoing references."""

    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str]] = field(default_factory=list)  # (where, url)


class _Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doc = Document()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.doc.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.doc.refs.append((f"<{tag} {name}>", value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.doc.refs.append((f"<{tag} srcset>", candidate.split()[0]))
            elif name.startswith("data-") and DATA_FILE.match(value):
                self.doc.refs.append((f"<{tag} {name}>", value))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            for url in SCRIPT_HREF.findall(data):
                self.doc.refs.append(("<script> href", url))


def parse(path: Path) -> Document:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.doc


@dataclass
class Report:
    broken: list[str] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    checked: int = 0

    def external_listing(self) -> str:
        return "\n".join(f"{url}\t{len(pages)} page(s), dont {min(pages)}" for url, pages in sorted(self.external.items()))


class Site:
    """A built site on disk, read lazily: each document is parsed once."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._docs: dict[str, Document] = {}

    def document(self, rel: str) -> Document:
        if rel not in self._docs:
            self._docs[rel] = parse(self.root / rel)
        return self._docs[rel]

    def target(self, base: str, url: str) -> tuple[str | None, str]:
        """The site file a relative URL written in ``base`` leads to (None if none), and its fragment."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if path.startswith("/"):
            # MkDocs writes the 404 page with links from the site's root (it is served at any
            # depth); anywhere else a root-absolute link breaks when the site is not at the domain root.
            if base != "404.html":
                return None, parts.fragment
            path, base = path.lstrip("/") or ".", "index.html"
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) if path else base
        if joined.startswith(("..", "/")):
            return None, parts.fragment
        candidate = self.root / joined
        if candidate.is_dir():
            candidate = candidate / "index.html"
            joined = posixpath.join(joined, "index.html") if joined != "." else "index.html"
        elif path.endswith("/"):
            return None, parts.fragment
        if not candidate.is_file() or self.root not in candidate.resolve().parents:
            return None, parts.fragment
        return posixpath.normpath(joined), parts.fragment

    def check(self, base: str, where: str, url: str, report: Report) -> None:
        url = url.strip()
        report.checked += 1
        lowered = url.lower()
        if lowered.startswith(("http://", "https://", "//")):
            report.external[url].add(base)
            return
        if lowered.startswith(SAFE_SCHEMES):
            return
        if re.match(r"^[a-z][a-z0-9+.-]*:", lowered):  # javascript:, vbscript:, file:… never belong in the site
            report.broken.append(f"{base}: {where} « {url} » : schéma d'adresse interdit")
            return
        if url in ("", "#"):
            return
        rel, fragment = self.target(base, url)
        if rel is None:
            report.broken.append(f"{base}: {where} « {url} » : aucun fichier du site à cette adresse")
            return
        if fragment and rel.endswith(".html") and unquote(fragment) not in self.document(rel).ids:
            report.broken.append(f"{base}: {where} « {url} » : aucune ancre id=« {unquote(fragment)} » dans {rel}")


def crawl(root: Path) -> Report:
    site = Site(root)
    report = Report()
    for path in sorted(site.root.rglob("*.html")):
        rel = path.relative_to(site.root).as_posix()
        for where, url in site.document(rel).refs:
            site.check(rel, where, url, report)
    for path in sorted(site.root.rglob("*.css")):
        rel = path.relative_to(site.root).as_posix()
        for url in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
            site.check(rel, "CSS url()", url, report)
    for url, fragment in search_fragments.fragments(site.root).items():
        # A search result links to its page, and to each heading's anchor on it.
        site.check("index.html", "index de recherche", url or "./", report)
        for anchor in fragment.get("anchors", []):
            site.check("index.html", "index de recherche", f"{url}#{anchor['id']}", report)
    return report
