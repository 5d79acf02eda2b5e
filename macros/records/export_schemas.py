"""What the site's open-data downloads look like: one schema per published JSON and CSV file.

The input schemas (``donnees/schema/<type>.schema.json``) describe the YAML record files staff
write, which the site also publishes (``donnees/<type>/<slug>.yml``). The files the site computes
— the directory as JSON and CSV, the FAQ and glossary as JSON, the finder's index, the search
index, the observatoire's CSV tables — are described here, under names that say « export »:

- ``donnees/schema/export-<name>.schema.json``: a JSON Schema (draft 2020-12) per JSON file;
- ``donnees/schema/export-<name>.tableschema.json``: a Frictionless Table Schema per CSV layout.

The directory export rows are built by ``CptsExport`` itself, so the schema and the file come
from the same model and cannot drift apart; ``tests/build/test_open_data.py`` validates every
published JSON file against its schema with ``jsonschema``.
"""
from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_DIR = "donnees/schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


class CptsExport(BaseModel):
    """One CPTS of the directory, as published in ``donnees/cpts.json``."""

    model_config = ConfigDict(extra="forbid", title="Annuaire des CPTS (export donnees/cpts.json, une ligne par CPTS)")

    slug: str = Field(description="Identifiant de la CPTS ; sa page est cpts/<slug>/ et sa fiche donnees/cpts/<slug>.yml.")
    nom: str = Field(description="Nom complet de la CPTS.")
    statut: str = Field(description="Étape atteinte (slug de data/referentiels/statuts.yml).")
    statut_libelle: str = Field(description="Étape atteinte, en toutes lettres.")
    taille: int | None = Field(description="Taille ACI (1 à 4) ; null si elle n'est pas connue.")
    region: str | None = Field(description="Code INSEE de la région du siège ; null si inconnue.")
    region_nom: str | None = Field(description="Nom de la région du siège ; null si inconnue.")
    departements: list[str] = Field(description="Codes INSEE des départements couverts.")
    population: int | None = Field(description="Population couverte ; null si ni une source ni le territoire ne la donnent.")
    origine_population: Literal["source", "calculee", "minimum"] | None = Field(
        description="« source » : chiffre cité par une source ; « calculee » : somme des populations INSEE du territoire ; "
        "« minimum » : somme sur un territoire connu en partie (au moins ce nombre).")
    nombre_communes: int = Field(description="Nombre de communes du territoire connu (0 s'il est inconnu).")
    precision_territoire: Literal["exact", "partiel", "approximation", "inconnu"] = Field(
        description="Fiabilité du territoire : exact, partiel, approximation ou inconnu.")
    missions: list[str] = Field(description="Missions de la CPTS, en toutes lettres.")
    mise_a_jour: str = Field(description="Date de dernière mise à jour de la fiche (AAAA, AAAA-MM ou AAAA-MM-JJ).")


def cpts_rows(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON rows of the directory, from ``cpts_view.summary`` (checked by ``CptsExport``)."""
    rows = []
    for s in summaries:
        population = s["population"]
        row = CptsExport(
            slug=s["slug"], nom=s["nom"], statut=s["statut"]["slug"], statut_libelle=s["statut"]["libelle"],
            taille=s["taille"], region=s["region"]["code"] if s["region"] else None,
            region_nom=s["region"]["nom"] if s["region"] else None,
            departements=[d["code"] for d in s["departements"]],
            population=population["valeur"] if population else None,
            origine_population=population["origine"] if population else None,
            nombre_communes=s["nombre_communes"], precision_territoire=s["precision"],
            missions=list(s["missions"]), mise_a_jour=s["mise_a_jour"],
        )
        rows.append(row.model_dump(mode="json"))
    return rows


def _array_of(item: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    defs = item.pop("$defs", None)
    schema = {"$schema": DRAFT, "title": title, "description": description, "type": "array", "items": item}
    if defs:
        schema["$defs"] = defs
    return schema


def _records_schema(model: type[BaseModel], name: str) -> dict[str, Any]:
    """A list of records as the YAML files write them, ``None`` values left out."""
    item = model.model_json_schema(mode="serialization")
    return _array_of(item, f"{name} (export donnees/{name.lower()}.json)",
                     f"Toutes les fiches « {name} » validées, champs tels qu'écrits dans data/ ; les champs vides sont omis.")


FINDER_INDEX_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Index de « Trouver ma CPTS » (export donnees/finder-index.json)",
    "description": "Index compact de toutes les communes, arrondissements et anciennes communes, lu par la page "
                   "« Trouver ma CPTS ». Les colonnes sont des chaînes découpées par des virgules, une valeur par lieu.",
    "type": "object",
    "required": ["format", "nearest_max_km", "statuts", "offres", "cpts", "precisions", "departements",
                 "arrondissements", "zones", "postal_prefixes", "columns"],
    "properties": {
        "format": {"const": 3, "description": "Version du format."},
        "nearest_max_km": {"type": "number", "description": "Distance maximale de la CPTS la plus proche proposée."},
        "statuts": {"type": "array", "items": {"type": "object", "required": ["slug", "libelle"],
                                                "properties": {"slug": {"type": "string"}, "libelle": {"type": "string"}}}},
        "offres": {"type": "array", "items": {"type": "string"}, "description": "Ce que les CPTS offrent aux patients."},
        "cpts": {
            "type": "object", "description": "Les CPTS en colonnes : pour chaque champ, une valeur par CPTS, dans le même ordre.",
            "required": ["slug", "nom", "statut", "precision", "offres", "contacts", "departements"],
            "properties": {
                "slug": {"type": "array", "items": {"type": "string"}},
                "nom": {"type": "array", "items": {"type": "string"}},
                "statut": {"type": "array", "items": {"type": "integer", "minimum": 0}, "description": "Rang dans « statuts »."},
                "precision": {"type": "array", "items": {"enum": ["exact", "partiel", "approximation", "inconnu"]}},
                "offres": {"type": "array", "items": {"type": "array", "items": {"type": "integer", "minimum": 0}}},
                "contacts": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "string"}}},
                "departements": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
            }},
        "precisions": {"type": "object", "additionalProperties": {"type": "string"}},
        "departements": {"type": "object", "additionalProperties": {"type": "string"}},
        "arrondissements": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "zones": {"type": "array", "items": {"type": "string"}},
        "postal_prefixes": {"type": "object", "additionalProperties": {"type": "string"}},
        "columns": {"type": "object", "additionalProperties": {"type": "string"}},
        "appuis": {"type": "array", "description": "Qui peut orienter un habitant là où aucune CPTS n'est connue, le plus local d'abord.",
                   "items": {"type": "object", "required": ["nom", "url", "texte", "departements"],
                             "properties": {"nom": {"type": "string"}, "url": {"type": "string"}, "texte": {"type": "string"},
                                            "departements": {"type": "array", "items": {"type": "string"},
                                                             "description": "Départements couverts ; vide : toute la France."}}}},
    },
}

_POSITION = {"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"},
             "description": "Longitude puis latitude, en degrés WGS 84 (RFC 7946)."}
_RING = {"type": "array", "minItems": 4, "items": _POSITION}
_CPTS_PROPERTIES = {
    "slug": {"type": "string", "description": "Identifiant de la CPTS (page cpts/<slug>/)."},
    "nom": {"type": "string", "description": "Nom complet de la CPTS."},
    "statut": {"type": "string", "description": "Étape atteinte (slug de data/referentiels/statuts.yml)."},
    "statut_libelle": {"type": "string", "description": "Étape atteinte, en toutes lettres."},
    "url": {"type": "string", "description": "Page de la CPTS (relative au fichier, ou absolue si le site déclare son adresse)."},
}


def _feature_collection(title: str, description: str, geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DRAFT, "title": title, "description": description, "type": "object",
        "required": ["type", "features"], "additionalProperties": False,
        "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "id", "geometry", "properties"], "additionalProperties": False,
            "properties": {"type": {"const": "Feature"}, "id": {"type": "string"}, "geometry": geometry,
                           "properties": {"type": "object", "required": sorted(properties), "additionalProperties": False,
                                          "properties": properties}}}}},
    }


CPTS_POINTS_SCHEMA = _feature_collection(
    "CPTS localisées (export donnees/cpts.geojson)",
    "Un point par CPTS localisée : son siège, sinon un point de son territoire. GeoJSON (RFC 7946).",
    {"type": "object", "required": ["type", "coordinates"], "additionalProperties": False,
     "properties": {"type": {"const": "Point"}, "coordinates": _POSITION}},
    {**_CPTS_PROPERTIES, "position": {"enum": ["siege", "territoire"], "description": "Le point est le siège, ou un point du territoire."}})

CPTS_OUTLINES_SCHEMA = _feature_collection(
    "Territoires des CPTS (export donnees/cpts-territoires.geojson)",
    "Le contour de chaque territoire connu : union des polygones IGN des communes, simplifiée. GeoJSON (RFC 7946).",
    {"type": "object", "required": ["type", "coordinates"], "oneOf": [
        {"additionalProperties": False,
         "properties": {"type": {"const": "Polygon"}, "coordinates": {"type": "array", "minItems": 1, "items": _RING}}},
        {"additionalProperties": False,
         "properties": {"type": {"const": "MultiPolygon"}, "coordinates": {"type": "array", "minItems": 1, "items": {
             "type": "array", "minItems": 1, "items": _RING}}}}]},
    {**_CPTS_PROPERTIES,
     "precision": {"enum": ["exact", "partiel", "approximation"], "description": "Fiabilité du territoire."},
     "nombre_communes": {"type": "integer", "minimum": 1, "description": "Nombre de communes du territoire connu."}})

DATAPACKAGE_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Paquet de données (export donnees/datapackage.json)",
    "description": "Description Frictionless Data Package de chaque fichier téléchargeable de donnees/.",
    "type": "object",
    "required": ["profile", "name", "title", "licenses", "resources"],
    "properties": {
        "profile": {"const": "data-package"},
        "name": {"type": "string", "pattern": "^[a-z0-9._-]+$"},
        "title": {"type": "string"}, "description": {"type": "string"},
        "licenses": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["name", "path"]}},
        "resources": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["name", "path", "format", "mediatype"],
            "properties": {
                "name": {"type": "string", "pattern": "^[a-z0-9._-]+$"},
                "path": {"type": "string", "pattern": "^(?!/)(?!\\.\\./)", "description": "Relatif au paquet, sans « ../ »."},
                "profile": {"enum": ["data-resource", "tabular-data-resource"]},
                "schema": {"type": "string"}, "jsonschema": {"type": "string"},
                "format": {"type": "string"}, "mediatype": {"type": "string"}, "encoding": {"const": "utf-8"},
                "title": {"type": "string"}, "description": {"type": "string"}}}},
    },
}


def _table_schema(title: str, fields: list[tuple[str, str, str]]) -> dict[str, Any]:
    """A Frictionless Table Schema: (name, type, description) per column."""
    return {"title": title, "fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
            "missingValues": [""]}


CPTS_CSV_FIELDS = [
    ("slug", "string", "Identifiant de la CPTS (page cpts/<slug>/)."),
    ("nom", "string", "Nom complet. Une cellule qui commencerait par = + - @ est précédée d'une apostrophe."),
    ("statut", "string", "Étape atteinte, en toutes lettres."),
    ("taille", "integer", "Taille ACI (1 à 4) ; vide si inconnue."),
    ("region", "string", "Nom de la région du siège ; vide si inconnue."),
    ("departements", "string", "Codes INSEE des départements couverts, séparés par des espaces."),
    ("population", "integer", "Population couverte ; vide si inconnue."),
    ("origine_population", "string", "« source » (citée), « calculee » (somme INSEE du territoire) ou « minimum » (territoire partiel) ; vide si inconnue."),
    ("nombre_communes", "integer", "Nombre de communes du territoire connu."),
    ("precision_territoire", "string", "exact, partiel, approximation ou inconnu."),
    ("missions", "string", "Missions en toutes lettres, séparées par « ; »."),
    ("mise_a_jour", "string", "Date de dernière mise à jour de la fiche (AAAA, AAAA-MM ou AAAA-MM-JJ)."),
]

OBSERVATOIRE_CSV_FIELDS = [
    ("jeu", "string", "Fichier de données (édition) : data/observatoire/<jeu>.yml."),
    ("indicateur", "string", "Identifiant de l'indicateur dans son édition."),
    ("titre", "string", "Titre de l'indicateur."),
    ("serie", "string", "Nom de la série."),
    ("categorie", "string", "Catégorie (vide pour une série dans le temps)."),
    ("date", "string", "Date de la valeur (AAAA, AAAA-MM ou AAAA-MM-JJ)."),
    ("valeur", "number", "La valeur, point décimal."),
    ("unite", "string", "« % » ou « nombre »."),
    ("qualificatif", "string", "environ, près de, plus de, moins de — si la source arrondit."),
    ("nature", "string", "publiee, calculee (par le portail), prevision ou objectif."),
    ("base", "string", "Qui est compté (base des pourcentages)."),
    ("effectif_base", "integer", "Effectif de la base, s'il est publié."),
    ("source_document", "string", "Document source (slug de data/referentiels/documents.yml)."),
    ("source_lignes", "string", "Lignes du document source."),
    ("source_url", "string", "Adresse web de la source, à défaut d'un document."),
    ("note", "string", "Précision sur la valeur (obligatoire si elle est calculée)."),
]


def schemas(record_models: dict[str, type[BaseModel]]) -> dict[str, dict[str, Any]]:
    """Every export schema, by site path. ``record_models``: the FAQ and glossary input models."""
    out = {
        f"{SCHEMA_DIR}/export-cpts.schema.json": _array_of(
            CptsExport.model_json_schema(), "Annuaire des CPTS (export donnees/cpts.json)",
            "Une entrée par CPTS publiée ; null quand une valeur n'est pas connue."),
        f"{SCHEMA_DIR}/export-finder-index.schema.json": FINDER_INDEX_SCHEMA,
        f"{SCHEMA_DIR}/export-cpts-geojson.schema.json": CPTS_POINTS_SCHEMA,
        f"{SCHEMA_DIR}/export-cpts-territoires-geojson.schema.json": CPTS_OUTLINES_SCHEMA,
        f"{SCHEMA_DIR}/export-datapackage.schema.json": DATAPACKAGE_SCHEMA,
        f"{SCHEMA_DIR}/export-cpts.tableschema.json": _table_schema("Annuaire des CPTS (export donnees/cpts.csv)", CPTS_CSV_FIELDS),
        f"{SCHEMA_DIR}/export-observatoire.tableschema.json": _table_schema(
            "Tableaux de l'observatoire (exports observatoire/donnees/*.csv)", OBSERVATOIRE_CSV_FIELDS),
    }
    for name, model in record_models.items():
        out[f"{SCHEMA_DIR}/export-{name}.schema.json"] = _records_schema(model, name.capitalize())
    return out


# Which export schema describes each published JSON file (site path -> schema path), for the test
# and for the open-data page.
JSON_EXPORTS = {
    "donnees/cpts.json": f"{SCHEMA_DIR}/export-cpts.schema.json",
    "donnees/faq.json": f"{SCHEMA_DIR}/export-faq.schema.json",
    "donnees/glossaire.json": f"{SCHEMA_DIR}/export-glossaire.schema.json",
    "donnees/finder-index.json": f"{SCHEMA_DIR}/export-finder-index.schema.json",
    "donnees/cpts.geojson": f"{SCHEMA_DIR}/export-cpts-geojson.schema.json",
    "donnees/cpts-territoires.geojson": f"{SCHEMA_DIR}/export-cpts-territoires-geojson.schema.json",
    "donnees/datapackage.json": f"{SCHEMA_DIR}/export-datapackage.schema.json",
}


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
