"""Shared field types for every record: slugs, partial dates, codes, safe URLs, sources.

Validators here raise ``PydanticCustomError`` with the French message staff will read, so the
loader only has to add the file and the line.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Control characters (except tab/newline) and bidi overrides can disguise text on a page.
_HIDDEN_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class StrictModel(BaseModel):
    """Base of every record: unknown fields refused, values frozen once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not SLUG_RE.match(value):
        raise PydanticCustomError(
            "slug", "« {value} » n'est pas un identifiant valide : minuscules sans accents, chiffres et tirets",
            {"value": value},
        )
    return value


def _text(value: Any) -> Any:
    if isinstance(value, str) and _HIDDEN_RE.search(value):
        raise PydanticCustomError("texte", "caractère de contrôle ou d'inversion de sens interdit dans le texte", {})
    return value


def _partial_date(value: Any) -> Any:
    """Accept AAAA, AAAA-MM, AAAA-MM-JJ (as text or int year); return the normalised text."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("date", "date attendue sous la forme AAAA, AAAA-MM ou AAAA-MM-JJ", {})
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        raise PydanticCustomError(
            "date", "« {value} » n'est pas une date : écrivez AAAA, AAAA-MM ou AAAA-MM-JJ", {"value": value}
        )
    year, month, day = (int(x) if x else None for x in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise PydanticCustomError("date", "« {value} » n'est pas une date qui existe", {"value": value}) from None
    if not 1900 <= year <= 2100:
        raise PydanticCustomError("date", "année {year} hors de la plage 1900-2100", {"year": year})
    return value.strip()


def _url(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"https?://[^\s<>\"'`\\]+", value):
        raise PydanticCustomError(
            "url", "« {value} » n'est pas une adresse web acceptée : seules http:// et https:// le sont",
            {"value": value[:80]},
        )
    return value


def _email(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", value):
        raise PydanticCustomError("email", "« {value} » n'est pas une adresse e-mail valide", {"value": value[:80]})
    return value


def _phone(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    digits = re.sub(r"[\s.\-]", "", value)
    if not re.fullmatch(r"(\+33|0)\d{9}", digits):
        raise PydanticCustomError("telephone", "« {value} » n'est pas un numéro de téléphone français", {"value": value[:40]})
    if re.fullmatch(r"(\+33|0)[67]\d{8}", digits):
        raise PydanticCustomError(
            "telephone", "numéro de portable refusé : ne publiez que le numéro de la structure, jamais un numéro personnel", {}
        )
    return value


Slug = Annotated[str, AfterValidator(_slug), Field(max_length=80)]
Text = Annotated[str, AfterValidator(_text), Field(max_length=5000)]
ShortText = Annotated[str, AfterValidator(_text), Field(min_length=1, max_length=300)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
HttpUrl = Annotated[str, AfterValidator(_url), Field(max_length=500)]
Email = Annotated[str, AfterValidator(_email), Field(max_length=200)]
Phone = Annotated[str, AfterValidator(_phone)]
InseeCode = Annotated[str, Field(pattern=r"^(\d{5}|2[AB]\d{3})$", description="Code INSEE de commune (5 caractères).")]
DeptCode = Annotated[str, Field(pattern=r"^(\d{2}|2[AB]|9[78]\d)$", description="Code de département (ex. « 46 », « 2B », « 974 »).")]
RegionCode = Annotated[str, Field(pattern=r"^\d{2,3}$", description="Code INSEE de région (ex. « 76 »).")]
Siren = Annotated[str, Field(pattern=r"^\d{9}$", description="Numéro SIREN d'un EPCI (9 chiffres).")]


def _lines(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", value.strip())
        if not match or int(match.group(1)) < 1 or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise PydanticCustomError("lignes", "« {value} » : écrivez une ligne (« 250 ») ou un intervalle croissant (« 250-258 »)", {"value": value})
        return value.strip()
    return value


Lines = Annotated[str, BeforeValidator(_lines)]


class SourceRef(StrictModel):
    """Where a fact comes from: a document of the referential and its lines, or a web page."""

    document: Slug | None = Field(None, description="Slug d'un document de data/referentiels/documents.yml.")
    lignes: Lines | None = Field(None, description="Ligne ou intervalle de lignes du document (« 250-258 »).")
    url: HttpUrl | None = Field(None, description="Adresse d'une page web source (à défaut d'un document).")

    @model_validator(mode="after")
    def _one_kind(self) -> "SourceRef":
        if (self.document is None) == (self.url is None):
            raise PydanticCustomError("source", "une source indique soit « document » (avec « lignes »), soit « url »", {})
        if self.document is not None and self.lignes is None:
            raise PydanticCustomError("source", "indiquez les « lignes » du document cité", {})
        if self.url is not None and self.lignes is not None:
            raise PydanticCustomError("source", "« lignes » ne s'emploie qu'avec « document »", {})
        return self


class Figure(StrictModel):
    """A count with its date and source (population, professionals, members)."""

    valeur: int = Field(ge=0, le=100_000_000, description="Le nombre (entier positif).")
    date: PartialDate = Field(description="Date à laquelle le nombre se rapporte.")
    source: SourceRef = Field(description="D'où vient le nombre.")
