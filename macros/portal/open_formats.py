"""Open data in the formats people use: Atom feeds, GeoJSON and a Frictionless Data Package.

Files (all under ``donnees/``; regular generated files, so that pages may link to them in Markdown —
they take a few milliseconds once the territories are cached by ``map_geometry``):

- ``actualites.atom`` and ``evenements.atom``: Atom 1.0 feeds (RFC 4287) of the news and of the
  events; entry links are relative to the feed (or absolute when mkdocs.yml sets ``site_url``);
- ``cpts.geojson``: one Point per localised CPTS (its seat, else a point inside its territory:
  the map's marker, ``maps.placements``), RFC 7946 (WGS 84, longitude then latitude);
- ``cpts-territoires.geojson``: the territory outlines the national map draws (union of the
  communes, simplified: ``map_geometry`` overview geometries);
- ``observatoire/<table>.csv``: copies of the observatoire's CSV tables, so that the package below
  is self-contained (a Data Package may not point outside its folder);
- ``datapackage.json``: a Frictionless Data Package describing every download above and the
  directory, FAQ and glossary exports, with their schemas (``export_schemas``);
- ``sitemap.xml``: the downloads for crawlers (absolute addresses need ``site_url``: without it,
  an empty list like MkDocs' own sitemap). Material's script fetches ``sitemap.xml`` beside every
  ``<link rel="alternate">`` of a page (language versions): the feeds announced in the head would
  otherwise cost every page a 404 in the console.
"""
from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape
from typing import Any

from ..core.loader import Catalogue
from ..records import export_schemas
from ..render.pages import WRITTEN_LATER

ATOM_NS = "http://www.w3.org/2005/Atom"
NEWS_FEED = "donnees/actualites.atom"
EVENTS_FEED = "donnees/evenements.atom"
POINTS = "donnees/cpts.geojson"
OUTLINES = "donnees/cpts-territoires.geojson"
PACKAGE = "donnees/datapackage.json"
SITEMAP = "donnees/sitemap.xml"
OBSERVATOIRE_COPIES = "donnees/observatoire"
POINT_DECIMALS = 5   # ~1 m
LICENCE = {"name": "etalab-2.0", "title": "Licence Ouverte 2.0",
           "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
FEED_TYPE = "application/atom+xml"


def _site_url(config: Any) -> str:
    return ((config.get("site_url") if config is not None else None) or "").rstrip("/")


def link_from(config: Any, origin: str, target: str) -> str:
    """``target`` (a site path) as seen from the file ``origin``: absolute with a site_url, else relative."""
    base = _site_url(config)
    if base:
        return f"{base}/{target}"
    relative = posixpath.relpath(target or ".", posixpath.dirname(origin) or ".")
    return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative


def atom_time(date: str) -> str:
    """A partial date of the records ('2023', '2023-06', '2023-06-28') as an RFC 3339 time."""
    parts = (str(date).split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _identifier(config: Any, path: str) -> str:
    base = _site_url(config)
    return f"{base}/{path}" if base else f"tag:portail-cpts,2023:{path}"


def _feed(config: Any, path: str, title: str, subtitle: str, page: str, entries: list[dict[str, str]]) -> bytes:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    add(feed, "id", _identifier(config, path))
    add(feed, "title", title)
    add(feed, "subtitle", subtitle)
    add(feed, "link", rel="self", type=FEED_TYPE, href=link_from(config, path, path))
    add(feed, "link", rel="alternate", type="text/html", href=link_from(config, path, page))
    add(feed, "updated", max((e["updated"] for e in entries), default=atom_time("1970")))
    author = add(feed, "author")
    add(author, "name", (config.get("site_name") if config is not None else None) or "Portail CPTS")
    add(feed, "rights", "Licence Ouverte 2.0")
    for e in entries:
        entry = add(feed, "entry")
        add(entry, "id", _identifier(config, e["url"]))
        add(entry, "title", e["title"])
        add(entry, "link", rel="alternate", type="text/html", href=link_from(config, path, e["url"]))
        add(entry, "published", e["published"])
        add(entry, "updated", e["updated"])
        add(entry, "summary", e["summary"])
    ET.indent(feed, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def news_feed(catalogue: Catalogue, config: Any) -> bytes:
    from ..records.actualites import pages as actualite_pages

    entries = []
    for entry in actualite_pages.ordered(catalogue):
        r = entry.record
        entries.append({"url": actualite_pages.page_url(r.slug), "title": r.titre, "summary": r.resume,
                        "published": atom_time(r.date), "updated": max(atom_time(r.date), atom_time(r.mise_a_jour))})
    return _feed(config, NEWS_FEED, "Portail CPTS — Actualités",
                 "Les nouvelles du monde des CPTS, écrites d'après les documents sources du portail.",
                 actualite_pages.NEWS_URL, entries)


def events_feed(catalogue: Catalogue, config: Any) -> bytes:
    from ..records.evenements import view as evenement_view

    events = sorted(catalogue.features.get("evenements", {}).values(), key=lambda e: (e.record.debut, e.record.slug), reverse=True)
    entries = []
    for entry in events:
        r = entry.record
        when = evenement_view.dates_text(r.debut, r.fin)
        where = f", {r.lieu}" if r.lieu else ""
        state = {"envisage": " (date envisagée)", "annule": " (annulé)"}.get(r.statut, "")
        entries.append({"url": evenement_view.page_url(r.slug), "title": r.titre,
                        "summary": f"{when[:1].upper()}{when[1:]}{where}{state}. {r.resume}",
                        "published": atom_time(r.debut), "updated": max(atom_time(r.debut), atom_time(r.mise_a_jour))})
    return _feed(config, EVENTS_FEED, "Portail CPTS — Agenda",
                 "Les colloques, journées et rencontres des CPTS, à venir et passés.",
                 evenement_view.AGENDA_URL, entries)


# --- GeoJSON ---------------------------------------------------------------------------------------

def geojson(catalogue: Catalogue, config: Any) -> dict[str, bytes]:
    """The CPTS as points and their territories as outlines (RFC 7946 FeatureCollections): a
    ``deferred`` provider (see ``files``)."""
    from ..geo import maps

    points, outlines = [], []
    placed = maps.placements(catalogue)
    for slug, entry in catalogue.cpts.items():
        record = entry.record
        where = placed[slug]
        status = catalogue.referentiels.statuts[record.statut]
        props = {"slug": slug, "nom": record.nom, "statut": record.statut, "statut_libelle": status.libelle,
                 "url": link_from(config, POINTS, f"cpts/{slug}/")}
        if where.point is not None:
            lat, lon = where.point
            points.append({"type": "Feature", "id": slug,
                           "geometry": {"type": "Point", "coordinates": [round(lon, POINT_DECIMALS), round(lat, POINT_DECIMALS)]},
                           "properties": {**props, "position": "siege" if record.siege else "territoire"}})
        if where.overview is not None:
            outlines.append({"type": "Feature", "id": slug,
                             # Already rounded to ``OVERVIEW_DECIMALS`` by map_geometry (and shared
                             # with the national map: written as it is, never changed).
                             "geometry": {"type": where.overview["type"], "coordinates": where.overview["coordinates"]},
                             "properties": {**props, "precision": record.territoire.precision,
                                            "nombre_communes": len(entry.communes)}})

    def dump(features: list[dict[str, Any]]) -> bytes:
        text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
        return (text + "\n").encode("utf-8")
    return {POINTS: dump(points), OUTLINES: dump(outlines)}


# --- Data Package ----------------------------------------------------------------------------------

def observatoire_tables(catalogue: Catalogue) -> dict[str, str]:
    """The observatoire's CSV tables, by file name."""
    from ..records.observatoire.view import DATA_DIR, files

    return {posixpath.basename(path): text for path, text in files(catalogue).items()
            if path.startswith(DATA_DIR + "/") and path.endswith(".csv")}


def _schema_ref(path: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(PACKAGE))


def _resource(name: str, path: str, title: str, fmt: str, mediatype: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "path": posixpath.relpath(path, posixpath.dirname(PACKAGE)), "title": title,
            "description": description, "format": fmt, "mediatype": mediatype, "encoding": "utf-8", **extra}


def resources(catalogue: Catalogue, tables: list[str]) -> list[dict[str, Any]]:
    """Every download of ``donnees/`` the package describes (site paths in ``path``)."""
    cpts_table = _schema_ref(f"{export_schemas.SCHEMA_DIR}/export-cpts.tableschema.json")
    out = [
        _resource("cpts-csv", "donnees/cpts.csv", "Annuaire des CPTS (CSV)", "csv", "text/csv",
                  "Une ligne par CPTS publiée : statut, région, départements, population, territoire, missions.",
                  profile="tabular-data-resource", schema=cpts_table),
        _resource("cpts-json", "donnees/cpts.json", "Annuaire des CPTS (JSON)", "json", "application/json",
                  "Les mêmes données que le CSV, typées (null quand une valeur n'est pas connue).",
                  jsonschema=_schema_ref(export_schemas.JSON_EXPORTS["donnees/cpts.json"])),
        _resource("cpts-geojson", POINTS, "CPTS localisées (GeoJSON, points)", "geojson", "application/geo+json",
                  "Un point par CPTS localisée : son siège, sinon un point de son territoire (WGS 84, longitude puis latitude).",
                  jsonschema=_schema_ref(export_schemas.JSON_EXPORTS[POINTS])),
        _resource("cpts-territoires-geojson", OUTLINES, "Territoires des CPTS (GeoJSON, contours)", "geojson", "application/geo+json",
                  "Le contour de chaque territoire connu : union des communes, simplifiée (environ 500 m).",
                  jsonschema=_schema_ref(export_schemas.JSON_EXPORTS[OUTLINES])),
        _resource("actualites-atom", NEWS_FEED, "Actualités (flux Atom)", "atom", FEED_TYPE,
                  "Les actualités du portail, des plus récentes aux plus anciennes."),
        _resource("evenements-atom", EVENTS_FEED, "Agenda (flux Atom)", "atom", FEED_TYPE,
                  "Les événements de l'agenda, à venir et passés."),
    ]
    if catalogue.features.get("faq"):
        out.append(_resource("faq-json", "donnees/faq.json", "Questions fréquentes (JSON)", "json", "application/json",
                             "Toutes les questions et leurs réponses, avec leurs sources.",
                             jsonschema=_schema_ref(export_schemas.JSON_EXPORTS["donnees/faq.json"])))
    if catalogue.features.get("glossaire"):
        out.append(_resource("glossaire-json", "donnees/glossaire.json", "Glossaire (JSON)", "json", "application/json",
                             "Tous les termes et sigles, avec leur définition et leurs sources.",
                             jsonschema=_schema_ref(export_schemas.JSON_EXPORTS["donnees/glossaire.json"])))
    observatoire_table = _schema_ref(f"{export_schemas.SCHEMA_DIR}/export-observatoire.tableschema.json")
    for name in tables:
        stem = name.removesuffix(".csv")
        out.append(_resource(f"observatoire-{stem}", f"{OBSERVATOIRE_COPIES}/{name}", f"Observatoire : {stem} (CSV)", "csv",
                             "text/csv", "Valeurs d'un indicateur ou d'une enquête de l'observatoire, avec leurs sources.",
                             profile="tabular-data-resource", schema=observatoire_table))
    return out


def package(catalogue: Catalogue, config: Any, tables: list[str]) -> dict[str, Any]:
    return {
        "profile": "data-package",
        "name": "portail-cpts",
        "title": "Portail CPTS : données ouvertes",
        "description": "Les données publiées par le portail des Communautés Professionnelles Territoriales de Santé : "
                       "annuaire, localisation et territoires, questions fréquentes, glossaire, observatoire, actualités "
                       "et agenda. Chaque fiche cite ses sources ; les chiffres ne décrivent que les données du portail.",
        "licenses": [LICENCE],
        "resources": resources(catalogue, tables),
    }


def files(catalogue: Catalogue, config: Any) -> dict[str, Any]:
    """Provider of generated files: feeds, the observatoire copies and the Data Package. The
    GeoJSON files are only listed here (pages link to them): ``geojson`` writes them on the second
    core, where the maps have placed every CPTS already."""
    out: dict[str, Any] = {NEWS_FEED: news_feed(catalogue, config), EVENTS_FEED: events_feed(catalogue, config),
                           POINTS: WRITTEN_LATER, OUTLINES: WRITTEN_LATER}
    tables = observatoire_tables(catalogue)
    out.update({f"{OBSERVATOIRE_COPIES}/{name}": text for name, text in sorted(tables.items())})
    described = package(catalogue, config, sorted(tables))
    out[PACKAGE] = json.dumps(described, ensure_ascii=False, indent=1) + "\n"
    out[SITEMAP] = sitemap(config, [PACKAGE] + [f"donnees/{r['path']}" for r in described["resources"]])
    return out


def sitemap(config: Any, paths: list[str]) -> str:
    base = _site_url(config)
    urls = "".join(f"<url><loc>{escape(f'{base}/{path}')}</loc></url>\n" for path in paths) if base else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'

