"""The schema of a CPTS record (``data/cpts/<slug>.yml``): pydantic models, French descriptions.

This module is the single source of the schema: the validator, the staff guide's field table and
the published JSON Schema all come from it. Checks that need other files (referentials,
communes) live in ``checks.py``; these models only check each file on its own.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ...core.fields import (
    DeptCode, Distinct, Email, Figure, HttpUrl, InseeCode, PartialDate, Phone, RegionCode, ShortText,
    Siren, Slug, SourceRef, StrictModel, Text, WholeNumber, in_referential,
)

StatusSlug = Annotated[Slug, in_referential("statuts", "statut")]
MissionSlug = Annotated[Slug, in_referential("missions", "mission")]
RoleSlug = Annotated[Slug, in_referential("roles", "rôle")]
# FINESS numbers start with the département: 9 digits, or 2A/2B and 7 digits in Corsica.
Finess = Annotated[str, Field(pattern=r"^(\d{9}|2[AB]\d{7})$")]

Precision = Literal["exact", "partiel", "approximation", "inconnu"]


class Territory(StrictModel):
    """The communes a CPTS covers, written as communes, EPCI and/or whole départements."""

    precision: Precision = Field(
        description="exact : liste donnée par une source ; partiel : au moins ces communes ; "
        "approximation : déduit du nom (EPCI, ville) ; inconnu : aucune information."
    )
    communes: Annotated[list[InseeCode], Distinct] = Field(default_factory=list, description="Codes INSEE de communes.")
    epci: Annotated[list[Siren], Distinct] = Field(default_factory=list, description="SIREN d'EPCI : toutes leurs communes membres.")
    departements: Annotated[list[DeptCode], Distinct] = Field(default_factory=list, description="Départements entiers.")
    note: Text = Field("", description="D'où vient ce territoire (obligatoire sauf « exact »).")

    @model_validator(mode="after")
    def _coherent(self) -> "Territory":
        listed = self.communes or self.epci or self.departements
        if self.precision == "inconnu" and listed:
            raise PydanticCustomError("territoire", "territoire « inconnu » : laissez communes, epci et départements vides", {})
        if self.precision != "inconnu" and not listed:
            raise PydanticCustomError("territoire", "territoire « {p} » : indiquez au moins une commune, un EPCI ou un département", {"p": self.precision})
        if self.precision != "exact" and not self.note:
            raise PydanticCustomError("territoire", "territoire « {p} » : expliquez dans « note » d'où il vient", {"p": self.precision})
        return self


class Officer(StrictModel):
    """A governance or staff role, as a source names it (never personal contact details)."""

    role: RoleSlug = Field(description="Slug de data/referentiels/roles.yml.")
    nom: ShortText = Field(description="Nom tel que la source l'écrit.")
    date: PartialDate = Field(description="Date de la source.")
    source: SourceRef = Field(description="Source qui nomme cette personne dans ce rôle.")


class Contacts(StrictModel):
    """Organisational contacts only: never a personal phone number or e-mail address."""

    site_web: HttpUrl | None = Field(None, description="Site web de la CPTS.")
    email: Email | None = Field(None, description="Adresse e-mail générique de la structure (contact@…).")
    telephone: Phone | None = Field(None, description="Numéro de la structure (pas un portable personnel).")
    adhesion: HttpUrl | None = Field(None, description="Page pour adhérer à la CPTS.")


class Cpts(StrictModel):
    """One CPTS, as published on its page and in the directory."""

    slug: Slug = Field(description="Identifiant et adresse de la page ; égal au nom du fichier.")
    nom: ShortText = Field(description="Nom complet de la CPTS.")
    autres_noms: Annotated[list[ShortText], Distinct] = Field(default_factory=list, description="Autres graphies (pour la recherche).")
    statut: StatusSlug = Field(description="Slug de data/referentiels/statuts.yml.")
    etapes: dict[StatusSlug, PartialDate | None] = Field(default_factory=dict, description="Date de chaque étape franchie (clés : slugs de statuts).")
    taille: WholeNumber | None = Field(None, ge=1, le=4, description="Taille ACI, de 1 à 4.")
    region: RegionCode | None = Field(description="Code INSEE de la région du siège.")
    departements: Annotated[list[DeptCode], Distinct] = Field(description="Départements couverts.")
    siege: InseeCode | None = Field(None, description="Code INSEE de la commune du siège.")
    finess: Finess | None = Field(None, description="Numéro FINESS de la structure (9 caractères), s'il est connu.")
    territoire: Territory = Field(description="Communes couvertes et provenance de ce territoire.")
    population: Figure | None = Field(None, description="Population donnée par une source ; sinon calculée.")
    professionnels: Figure | None = Field(None, description="Nombre de professionnels de santé du territoire ou membres.")
    adherents: Figure | None = Field(None, description="Nombre d'adhérents de l'association.")
    missions: Annotated[list[MissionSlug], Distinct] = Field(default_factory=list, description="Slugs de data/referentiels/missions.yml.")
    presentation: Text = Field("", description="Quelques phrases de présentation, écrites d'après les sources.")
    gouvernance: list[Officer] = Field(default_factory=list, description="Rôles nommés par les sources.")
    contacts: Contacts = Field(default_factory=Contacts, description="Contacts de la structure.")
    remarques: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Corrections des sources et précisions.")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la fiche (au moins une).")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour de la fiche.")
