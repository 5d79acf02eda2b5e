"""Closed lists read from ``data/referentiels/``: statuses, missions, roles, documents, regions…

Policy may rename a status or a mission, so these are data, not code. Each file is a YAML list
of mappings with a ``slug`` (or ``code``) key; this module validates them and offers lookups.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError
from pydantic_core import PydanticCustomError

from .errors import Collector
from .fields import HttpUrl, PartialDate, ShortText, Slug, StrictModel, Text, WholeNumber
from .messages import report_validation
from .yamlio import read_yaml


class Status(StrictModel):
    slug: Slug = Field(description="Identifiant du statut.")
    libelle: ShortText = Field(description="Libellé affiché.")
    description: Text = Field(description="Ce que signifie ce statut.")
    couleur: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="Couleur sur les cartes (#rrggbb).")
    forme: Slug = Field(description="Forme du marqueur (rond, carre, losange, triangle, croix).")


class Mission(StrictModel):
    slug: Slug = Field(description="Identifiant de la mission.")
    libelle: ShortText = Field(description="Libellé affiché.")
    categorie: Slug = Field(description="socle, optionnelle ou complementaire.")
    pour_les_patients: Text = Field("", description="Ce que la mission apporte aux patients, en une phrase.")


class Labelled(StrictModel):
    slug: Slug = Field(description="Identifiant.")
    libelle: ShortText = Field(description="Libellé affiché.")


def _file_name(value: str) -> str:
    # Shown on pages as a citation; a path (../, /etc/…) would point outside the sources folder.
    if "/" in value or "\\" in value or value.startswith("."):
        raise PydanticCustomError("texte", "« {value} » n'est pas un nom de fichier : écrivez le nom seul, sans dossier ni « .. » (ex. 000_da506ebd71b2b277.txt)",
                                  {"value": value[:80]})
    return value


FileName = Annotated[ShortText, AfterValidator(_file_name)]


class Document(StrictModel):
    slug: Slug = Field(description="Identifiant du document.")
    titre: ShortText = Field(description="Titre du document.")
    auteur: ShortText = Field(description="Auteur ou organisme.")
    date: PartialDate = Field(description="Date du document.")
    fichier: FileName | None = Field(None, description="Nom du fichier source dans le dossier des sources.")
    lignes: WholeNumber | None = Field(None, ge=1, description="Nombre de lignes du fichier (pour vérifier les renvois).")
    url: HttpUrl | None = Field(None, description="Adresse publique du document.")


class Region(StrictModel):
    code: str = Field(pattern=r"^\d{2,3}$", description="Code INSEE de la région (3 chiffres pour une collectivité d’outre-mer).")
    nom: ShortText = Field(description="Nom de la région.")


class Departement(StrictModel):
    code: str = Field(pattern=r"^(\d{2}|2[AB]|9[78]\d)$", description="Code du département.")
    nom: ShortText = Field(description="Nom du département.")
    region: str = Field(pattern=r"^\d{2,3}$", description="Code de sa région.")


# file name -> (model, key field, required). Optional files may be absent (e.g. themes before actions exist).
# Features add their own lists (``Feature.referentials``): the FAQ's themes, the toolkit's categories.
SPECS: dict[str, tuple[type[StrictModel], str, bool]] = {
    "statuts": (Status, "slug", True),
    "missions": (Mission, "slug", True),
    "roles": (Labelled, "slug", True),
    "documents": (Document, "slug", True),
    "regions": (Region, "code", True),
    "departements": (Departement, "code", True),
    "themes": (Labelled, "slug", False),
    "publics": (Labelled, "slug", False),
}


@dataclass(frozen=True)
class Referentiels:
    """Every closed list, each as an ordered ``{key: entry}`` dict."""

    lists: dict[str, dict[str, Any]]

    def __getattr__(self, name: str) -> dict[str, Any]:
        try:
            return self.lists[name]
        except KeyError:
            raise AttributeError(name) from None


def load_referentiels(root: Path, collector: Collector,
                      extra: dict[str, tuple[type[StrictModel], str, bool]] | None = None) -> Referentiels:
    """The closed lists every site has (``SPECS``) and those its features add (``extra``)."""
    lists: dict[str, dict[str, Any]] = {}
    for name, (model, key, required) in {**SPECS, **(extra or {})}.items():
        rel = f"data/referentiels/{name}.yml"
        path = root / rel
        lists[name] = {}
        if not path.exists():
            if required:
                collector.error(rel, 0, "fichier de référentiel manquant")
            continue
        located = read_yaml(path, rel, collector)
        if located is None:
            continue
        if not isinstance(located.data, list):
            collector.error(rel, 1, "un référentiel est une liste d'entrées (« - slug: … »)")
            continue
        for i, item in enumerate(located.data):
            try:
                entry = model.model_validate(item)
            except ValidationError as exc:
                report_validation(exc, located, rel, collector, prefix=(i,))
                continue
            value = getattr(entry, key)
            if value in lists[name]:
                collector.error(rel, located.line((i, key)), f"« {value} » apparaît deux fois dans ce référentiel")
            lists[name][value] = entry
    return Referentiels(lists)
