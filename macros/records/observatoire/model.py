"""The schema of an observatoire dataset (``data/observatoire/<slug>.yml``): pydantic models.

One file holds one edition of a survey or one set of published figures (the 2024 barometer, the
national deployment figures…). Each indicator is a small tidy table: series of rows, one row per
value, each row with a category (or a date, for time series), a number, and where needed its own
source, date and nature. These models check each file on its own; rules that need the unit of the
indicator, inherited sources or other files live in ``observatoire.py``.
"""
from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from ...core.fields import Distinct, PartialDate, ShortText, Slug, SourceRef, StrictModel, Text, WholeNumber, refuse_boolean_or_zero

ChartKind = Literal["chiffre", "barres", "barres-empilees", "courbe"]
Unit = Literal["%", "nombre"]
Nature = Literal["publiee", "calculee", "prevision", "objectif"]
Qualifier = Literal["environ", "près de", "plus de", "moins de"]


def _number(value: Any) -> Any:
    """A plain YAML number; French decimal commas and "%" get a message that says what to write."""
    refuse_boolean_or_zero(value)  # true, 013.9: quoted as typed, never read as 1 or in octal
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        # Pydantic turns only a ValueError into a "value_error", whose text messages.py shows as is.
        raise ValueError(  # noqa: TRY004
            f"« {str(value)[:40]} » n'est pas un nombre : écrivez-le sans « % » ni espace, avec un point décimal (13.9)"
        )
    return value


Number = Annotated[float | int, BeforeValidator(_number)]


def _site_page(value: Any) -> Any:
    """A page of this site, written as its path (« observatoire/barometre-2024/ »): never a URL."""
    if isinstance(value, str) and not re.fullmatch(r"([a-z0-9][a-z0-9-]*/)+", value):
        raise ValueError(f"« {value[:60]} » n'est pas l'adresse d'une page du site : écrivez-la comme « observatoire/barometre-2024/ »")
    return value


SitePage = Annotated[str, BeforeValidator(_site_page)]


class Base(StrictModel):
    """Who the shares are shares of: the respondents or population the question was asked to."""

    libelle: ShortText = Field(description="Qui est compté, au pluriel (« répondants au questionnaire »).")
    effectif: WholeNumber | None = Field(None, ge=1, description="Combien ils sont ; vide si la source ne le publie pas.")


class Row(StrictModel):
    """One value of a series: a category (or a date for a time series) and a number."""

    id: Slug | None = Field(
        None, description="Identifiant stable de la catégorie, pour les pages (categorie=\"…\") ; par défaut, "
        "la date (courbes) ou la catégorie en minuscules et tirets.")

    categorie: ShortText | None = Field(None, description="Catégorie ou modalité de réponse (sauf courbes).")
    date: PartialDate | None = Field(None, description="Date de la valeur ; obligatoire dans une courbe, sinon celle de l'indicateur.")
    valeur: Number = Field(description="Le nombre, tel que la source l'écrit (13.9 pour « 13,9 % »).")
    qualificatif: Qualifier | None = Field(None, description="Si la source arrondit : environ, près de, plus de, moins de.")
    nature: Nature = Field("publiee", description="publiee (par la source), calculee (par nous), prevision ou objectif.")
    source: SourceRef | None = Field(None, description="Source de cette valeur, si elle diffère de celle de l'indicateur.")
    note: Text | None = Field(None, description="Précision sur cette valeur ; obligatoire si elle est calculée.")


class Series(StrictModel):
    """A named list of values (one column of the source's table, one line of a chart)."""

    id: Slug | None = Field(
        None, description="Identifiant stable de la série, pour les pages (serie=\"…\") et les comparaisons "
        "entre éditions : le libellé peut alors être reformulé librement. Par défaut, le libellé en minuscules et tirets.")

    libelle: ShortText = Field(description="Nom de la série (« CPTS ayant répondu »).")
    base: Base | None = Field(None, description="Base propre à cette série, si elle diffère de celle de l'indicateur.")
    total: Number | None = Field(None, description="Total publié par la source, que les valeurs doivent atteindre.")
    ecart_somme: Text | None = Field(
        None, description="Explication d'un total qui n'atteint pas 100 % ou le total publié (affichée sous le tableau)."
    )
    valeurs: list[Row] = Field(min_length=1, description="Les valeurs, une par ligne.")


class Indicator(StrictModel):
    """One question or indicator, drawn as one chart (or one key figure) with its table."""

    id: Slug = Field(description="Identifiant, unique dans le fichier ; les macros l'appellent « <fichier>/<id> ».")
    titre: ShortText = Field(description="Titre du graphique et du tableau.")
    question: ShortText | None = Field(None, description="Question posée, telle que la source la cite.")
    type: ChartKind = Field(description="chiffre (chiffre clé), barres, barres-empilees (parts d'un tout) ou courbe (dans le temps).")
    unite: Unit = Field(description="« % » pour des parts, « nombre » pour des effectifs.")
    base: Base | None = Field(None, description="Base des pourcentages (obligatoire si l'unité est « % »).")
    axe: ShortText | None = Field(None, description="Légende de l'axe des valeurs (« Nombre de CPTS ») ; par défaut déduite de l'unité.")
    date: PartialDate | None = Field(None, description="Date des valeurs (sauf si chaque valeur a la sienne).")
    source: SourceRef | None = Field(None, description="Source des valeurs (sauf si chaque valeur a la sienne).")
    categories_exclusives: bool = Field(
        False, description="true si chaque répondant est dans une seule catégorie : les parts doivent alors faire environ 100 %."
    )
    notes: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Précisions de lecture, écrites par nous.")
    incoherences: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Incohérences relevées dans la source.")
    series: list[Series] = Field(min_length=1, description="Les séries de valeurs.")


class Dataset(StrictModel):
    """One edition of a survey or one set of published figures."""

    slug: Slug = Field(description="Identifiant ; égal au nom du fichier.")
    collection: Slug = Field(
        description="Famille d'éditions (« barometre-cpts-occitanie ») : deux éditions d'une même famille "
        "qui partagent un indicateur sont comparées automatiquement."
    )
    titre: ShortText = Field(description="Titre de l'édition.")
    libelle_edition: ShortText | None = Field(None, description="Nom court de l'édition dans les comparaisons (par défaut, l'année).")
    producteur: ShortText = Field(description="Qui a produit les chiffres.")
    perimetre: ShortText = Field(description="Territoire couvert (« Occitanie », « France entière »).")
    date: PartialDate = Field(description="Date de référence de l'édition (fin de l'enquête, date des chiffres).")
    methode: Text = Field("", description="Comment les chiffres ont été recueillis, en quelques phrases écrites par nous.")
    page: SitePage | None = Field(None, description="Page du site qui présente l'édition (« observatoire/barometre-2024/ »).")
    a_la_une: Annotated[list[Slug], Distinct] = Field(default_factory=list, description="Indicateurs montrés en chiffres clés sur la page d'accueil de l'observatoire.")
    indicateurs: list[Indicator] = Field(min_length=1, description="Les indicateurs de l'édition.")
