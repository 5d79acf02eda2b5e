"""Support bodies (« appuis »): schema of ``data/appuis/<slug>.yml`` and its loader.

A support body helps CPTS and their project holders: a regional one-stop shop (the Guichet CPTS
Occitanie), a regional federation (Agora Lib' in Nouvelle-Aquitaine), the national federation
(FCPTS). Each record says which area it covers — régions, départements, or the whole country —
what it does, how to reach the organisation (never a person's phone or e-mail), and its sources.

``for_departement`` answers « who can help here? », most local first: the finder names that body
where no CPTS is known, CPTS pages show it, and ``appui_pages`` publishes one page per body and
the list of them.

Declared in ``macros/features.py``: ``catalogue.features["appuis"]`` ({slug: AppuiEntry}), the
schema for the staff guide, the generated pages, the list macro and the CPTS page context.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ...core.fields import DeptCode, Distinct, Email, HttpUrl, PartialDate, Phone, RegionCode, ShortText, Slug, SourceRef, StrictModel, Text
from ...core.loader import LoadContext, RecordFolder

if TYPE_CHECKING:
    from ...core.yamlio import Located

FOLDER = "appuis"
# "index" is the list page itself.
RESERVED_SLUGS = frozenset({"index"})


class Area(StrictModel):
    """Where the body helps: the whole country, or régions and/or départements."""

    national: bool = Field(False, description="true si l'appui couvre toute la France (la fédération nationale).")
    regions: Annotated[list[RegionCode], Distinct] = Field(default_factory=list, description="Codes INSEE des régions couvertes en entier.")
    departements: Annotated[list[DeptCode], Distinct] = Field(default_factory=list, description="Codes des départements couverts (hors régions entières).")

    @model_validator(mode="after")
    def _somewhere(self) -> "Area":
        if self.national and (self.regions or self.departements):
            raise PydanticCustomError("zone", "un appui national couvre toute la France : laissez « regions » et « departements » vides", {})
        if not self.national and not self.regions and not self.departements:
            raise PydanticCustomError("zone", "indiquez la zone couverte : « national: true », des « regions » ou des « departements »", {})
        return self


class Contacts(StrictModel):
    """How to reach the organisation: its site, its generic address, its switchboard."""

    site_web: HttpUrl | None = Field(None, description="Site web de l'organisation.")
    email: Email | None = Field(None, description="Adresse générique de l'organisation (secretariat@…, contact@…), jamais une adresse personnelle.")
    telephone: Phone | None = Field(None, description="Standard de l'organisation (jamais un portable personnel).")


class Appui(StrictModel):
    """A body that helps CPTS and their project holders, as its sources describe it."""

    slug: Slug = Field(description="Identifiant et adresse de la page (appuis/<slug>/) ; égal au nom du fichier.")
    nom: ShortText = Field(description="Nom de l'organisation.")
    sigle: ShortText | None = Field(None, max_length=30, description="Sigle usuel (« FCPTS »).")
    niveau: Literal["regional", "national"] = Field(description="regional (un guichet, une fédération régionale) ou national.")
    zone: Area = Field(description="Zone couverte.")
    presentation: Text = Field(min_length=1, description="Qui elle est et qui la porte, en quelques phrases écrites d'après les sources.")
    services: Annotated[list[ShortText], Distinct] = Field(min_length=1, description="Ce qu'elle fait pour les CPTS et les porteurs de projet, une ligne chacun.")
    pour_les_habitants: Text = Field("", description="Ce qu'elle peut faire pour un habitant qui cherche une CPTS (affiché par « Trouver ma CPTS »).")
    contacts: Contacts = Field(default_factory=Contacts, description="Contacts de l'organisation uniquement.")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la fiche (document et lignes, ou url).")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour de la fiche.")


def check_appui(record: Appui, located: Located, rel: str, ctx: LoadContext, accepted: dict) -> bool:
    """A slug that is not the list page's."""
    if record.slug in RESERVED_SLUGS:
        ctx.collector.error(rel, located.line(("slug",)), f"le slug « {record.slug} » est réservé à la liste des appuis : choisissez-en un autre")
        return False
    return True


@dataclass(frozen=True)
class AppuiEntry:
    """A validated support body, its file, and the départements it covers (all of them if national),
    worked out once at load: the finder, CPTS pages and the body's own page all ask for them."""

    record: Appui
    path: str
    departements: frozenset[str]


_read = RecordFolder(FOLDER, Appui, check_appui)


def load(ctx: LoadContext) -> dict[str, AppuiEntry]:
    refs = ctx.referentiels
    entries = {}
    for slug, entry in _read(ctx).items():
        zone = entry.record.zone
        covered = frozenset(refs.departements) if zone.national else frozenset(zone.departements) | {
            code for code, d in refs.departements.items() if d.region in zone.regions}
        entries[slug] = AppuiEntry(entry.record, entry.path, covered)
    return entries


def for_departement(catalogue: Any, departement: str) -> list[AppuiEntry]:
    """The bodies that help in ``departement``: départemental and regional ones first, then national."""
    entries = catalogue.features.get(FOLDER, {})
    local = [e for e in entries.values() if not e.record.zone.national and departement in e.departements]
    national = [e for e in entries.values() if e.record.zone.national]
    local.sort(key=lambda e: (len(e.departements), e.record.nom))
    return local + sorted(national, key=lambda e: e.record.nom)
