"""Shared field types for every record: slugs, texts, whole numbers, partial dates, codes, safe
URLs, contacts, lists without repeats, sources.

Validators here raise ``PydanticCustomError`` with the French message staff will read, so the
loader only has to add the file and the line.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import contacts

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
    if not isinstance(value, str):
        return value
    if _HIDDEN_RE.search(value):
        raise PydanticCustomError("texte", "caractère de contrôle ou d'inversion de sens interdit dans le texte", {})
    # A person's number or address in a sentence is published as surely as in « contacts ».
    found = contacts.personal_details(value)
    if found:
        raise PydanticCustomError(
            "texte", "coordonnées personnelles refusées ({found}) : ne publiez jamais le portable ni l'adresse "
            "électronique d'une personne, seulement le numéro ou l'adresse générique d'une structure "
            "(contact@…, coordination@…, secretariat@…)", {"found": ", ".join(f"« {f} »" for f in found)})
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


# Characters an address cannot hold as they are (they would end it, or open an attribute): the
# name staff know them by, and the pronoun of the fix (« écrivez-la %20 »).
_URL_CHARACTERS = {" ": ("une espace", "la"), "\u00a0": ("une espace insécable", "la"),
                   "\u202f": ("une espace fine insécable", "la"), "'": ("une apostrophe", "la"), "\"": ("un guillemet", "le"),
                   "<": ("le signe « < »", "le"), ">": ("le signe « > »", "le"), "`": ("un accent grave « ` »", "le"),
                   "\\": ("une barre oblique inversée « \\ »", "la")}


def _url(value: Any) -> Any:
    if not isinstance(value, str) or re.fullmatch(r"https?://[^\s<>\"'`\\]+", value):
        return value
    shown = re.sub(r"[\n\r\t]", " ", value[:80])
    bad = re.search(r"[\s<>\"'`\\]", value)
    if re.match(r"https?://", value) and bad:
        # The scheme is right: say which character is not, and how an address writes it (%20…).
        char = bad.group(0)
        if char in "\n\r\t":
            what, fix = "un retour à la ligne ou une tabulation", "supprimez-le"
        else:
            what, pronoun = _URL_CHARACTERS.get(char, (f"le caractère « {char} » (U+{ord(char):04X})", "le"))
            fix = f"écrivez-{pronoun} {'%20' if char.isspace() else quote(char)} à la place"
        raise PydanticCustomError(
            "url", "« {value} » contient {what}, qu'une adresse web ne peut pas contenir telle quelle : {fix}",
            {"value": shown, "what": what, "fix": fix})
    raise PydanticCustomError(
        "url", "« {value} » n'est pas une adresse web acceptée : seules http:// et https:// le sont", {"value": shown})


def _email(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if not contacts.EMAIL.fullmatch(value):
        raise PydanticCustomError("email", "« {value} » n'est pas une adresse e-mail valide", {"value": value[:80]})
    if contacts.personal_email(value):
        raise PydanticCustomError(
            "email", "« {value} » ressemble à l'adresse d'une personne : ne publiez que l'adresse générique de la "
            "structure (contact@…, coordination@…, secretariat@…)", {"value": value[:80]})
    return value


def _phone(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    digits = re.sub(r"[\s.\-]", "", value)
    if not re.fullmatch(r"(\+33|0)\d{9}", digits):
        raise PydanticCustomError("telephone", "« {value} » n'est pas un numéro de téléphone français", {"value": value[:40]})
    if contacts.mobile(value):
        raise PydanticCustomError(
            "telephone", "numéro de portable refusé : ne publiez que le numéro de la structure, jamais un numéro personnel", {}
        )
    return value


_LEADING_ZERO = re.compile(r"\s*([-+]?)0+(\d[\d_]*(?:\.\d*)?)\s*")


def leading_zero(value: Any) -> str | None:
    """The number a text like « 012345 » was meant to be (« 12345 »), when it is one written with
    a leading zero: YAML keeps it as text (core.yamlio) rather than read it in octal."""
    if not isinstance(value, str):
        return None
    match = _LEADING_ZERO.fullmatch(value)
    return match.group(1) + match.group(2).replace("_", "") if match else None


def refuse_boolean_or_zero(value: Any) -> None:
    """Number fields: a boolean (``true``) or a number written with a leading zero is refused
    with a message quoting it, never read as 1 or in octal. Kind « nombre »: messages.py names the
    field and quotes the value as typed."""
    if isinstance(value, bool):
        raise PydanticCustomError("nombre", "« {value} » {reason}",
                                  {"value": "true" if value else "false", "reason": "n'est pas un nombre (YAML y lit oui/non)"})
    fixed = leading_zero(value)
    if fixed is not None:
        raise PydanticCustomError("nombre", "« {value} » {reason}", {
            "value": value.strip()[:40],
            "reason": f"commence par un zéro : écrivez le nombre sans zéro en tête ({fixed})"})


def _whole_number(value: Any) -> Any:
    """A whole number as YAML reads it; a text (a quoted number, « 1_000 », « yes ») is refused
    rather than converted, so that what is published is what was typed."""
    refuse_boolean_or_zero(value)
    if isinstance(value, str):
        if re.fullmatch(r"\s*[-+]?\d+\s*", value):
            raise PydanticCustomError("nombre", "« {value} » {reason}",
                                      {"value": value.strip(), "reason": "est écrit comme un texte : écrivez le nombre sans guillemets"})
        # Kind of pydantic's own error: messages.py says « doit être un nombre entier (valeur lue : « deux ») ».
        raise PydanticCustomError("int_parsing", "pas un nombre entier", {})
    return value


def distinct(values: Any, info: ValidationInfo) -> Any:
    """A list names each value once: a repeat would be published twice (« Lot (46), Lot (46) »).
    Kind « doublon »: messages.py points at the line of the repeat (``index``)."""
    if not isinstance(values, list):
        return values
    seen: set[Any] = set()  # the items are values (codes, slugs, texts): hashable
    for i, value in enumerate(values):
        if value in seen:
            raise PydanticCustomError("doublon", "« {value} » apparaît deux fois dans « {field} » : supprimez l'une des deux",
                                      {"value": str(value)[:80], "field": info.field_name, "index": i})
        seen.add(value)
    return values


# A list whose items must all differ: Annotated[list[X], Distinct].
Distinct = AfterValidator(distinct)
Slug = Annotated[str, AfterValidator(_slug), Field(max_length=80)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Text = Annotated[str, AfterValidator(_text), Field(max_length=5000)]
ShortText = Annotated[str, AfterValidator(_text), Field(min_length=1, max_length=300)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
HttpUrl = Annotated[str, AfterValidator(_url), Field(max_length=500)]
Email = Annotated[str, AfterValidator(_email), Field(max_length=200)]
Phone = Annotated[str, AfterValidator(_phone)]
# Format hints shown when a code does not even have the right shape (keyed by regex).
PATTERN_HINTS = {
    r"^(\d{5}|2[AB]\d{3})$": "code INSEE de commune à 5 caractères, ex. 46042 ou 2B033",
    r"^(\d{2}|2[AB]|9[78]\d)$": "code INSEE de département, ex. 46, 2B, 974",
    r"^\d{2,3}$": "code INSEE de région, ex. 76",
    r"^\d{9}$": "numéro SIREN à 9 chiffres",
    r"^(\d{9}|2[AB]\d{7})$": "numéro FINESS à 9 caractères, ex. 460012345 ou 2A0001234",
    r"^#[0-9a-fA-F]{6}$": "couleur écrite #rrggbb, ex. #1b7a3a",
}


def _context(info: ValidationInfo, key: str) -> Any:
    """What the loader passes in the validation context (absent when a model is checked alone)."""
    return (info.context or {}).get(key)


def in_referential(name: str, what: str) -> AfterValidator:
    """A slug that must exist in ``data/referentiels/<name>.yml``."""

    def check(value: Any, info: ValidationInfo) -> Any:
        refs = _context(info, "referentiels")
        if refs is None or value is None or value in refs.lists.get(name, {}):
            return value
        allowed = list(refs.lists.get(name, {}))
        choices = ", ".join(allowed[:12]) + (" …" if len(allowed) > 12 else "")
        raise PydanticCustomError("reference", "{what} « {value} » inconnu(e) (valeurs possibles : {choices})",
                                  {"what": what, "value": value, "choices": choices})

    return AfterValidator(check)


_FORMER: dict[int, dict[str, Any]] = {}


def _former_commune(ref: Any, code: str) -> Any:
    """The former commune with this code, if any (index built once per reference table)."""
    if id(ref) not in _FORMER:
        _FORMER[id(ref)] = {c.code: c for c in ref.anciennes}
    return _FORMER[id(ref)].get(code)


def _commune(value: Any, info: ValidationInfo) -> Any:
    ref = _context(info, "reference")
    if ref is None or value in ref.communes:
        return value
    former = _former_commune(ref, value)
    if former is not None:
        current = ref.communes.get(former.parent)
        raise PydanticCustomError(
            "reference", "« {value} » ({nom}) n'est plus une commune : utilisez le code de la commune actuelle « {parent} »{current}",
            {"value": value, "nom": former.nom, "parent": former.parent, "current": f" ({current.nom})" if current else ""})
    raise PydanticCustomError("reference", "code INSEE « {value} » inconnu : aucune commune actuelle ne porte ce code", {"value": value})


def _epci(value: Any, info: ValidationInfo) -> Any:
    ref = _context(info, "reference")
    if ref is None or value in ref.epci:
        return value
    raise PydanticCustomError("reference", "EPCI « {value} » inconnu (SIREN de communauté de communes, d'agglomération, urbaine ou de métropole)", {"value": value})


def _departement(value: Any, info: ValidationInfo) -> Any:
    refs = _context(info, "referentiels")
    if refs is None or value in refs.departements:
        return value
    raise PydanticCustomError("reference", "département « {value} » inconnu (code INSEE du département, ex. 46, 2B, 974)", {"value": value})


InseeCode = Annotated[str, Field(pattern=r"^(\d{5}|2[AB]\d{3})$"), AfterValidator(_commune)]
DeptCode = Annotated[str, Field(pattern=r"^(\d{2}|2[AB]|9[78]\d)$"), AfterValidator(_departement)]
RegionCode = Annotated[str, Field(pattern=r"^\d{2,3}$"), in_referential("regions", "région")]
Siren = Annotated[str, Field(pattern=r"^\d{9}$"), AfterValidator(_epci)]


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


def _row_ranges(value: Any) -> Any:
    """Rows of an imported listing: « 2-14 », or several rows and ranges « 2-5, 9, 12-14 »."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
        for part in parts:
            match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
            if not match or int(match.group(1)) < 1 or (match.group(2) and int(match.group(2)) < int(match.group(1))):
                raise PydanticCustomError("lignes", "« {value} » : écrivez des lignes ou intervalles croissants séparés "
                                          "par des virgules (« 2-5, 9 »)", {"value": value})
        return ", ".join(parts)
    return value


class ImportRef(StrictModel):
    """Provenance of facts loaded by ``python -m macros.importer``: the listing file, sheet, rows, date."""

    fichier: ShortText = Field(description="Nom du fichier importé (sans dossier), ex. liste-ars.xlsx.")
    feuille: ShortText | None = Field(None, description="Feuille du classeur (fichiers XLSX).")
    lignes: Annotated[str, BeforeValidator(_row_ranges)] = Field(
        description="Lignes (ou entités GeoJSON) d'où vient la fiche, ex. « 2-14 ».")
    date: PartialDate = Field(description="Date de l'import.")


class SourceRef(StrictModel):
    """Where a fact comes from: a document of the referential and its lines, a web page, or an imported listing."""

    document: Annotated[Slug, in_referential("documents", "document source")] | None = Field(
        None, description="Slug d'un document de data/referentiels/documents.yml.")
    lignes: Lines | None = Field(None, description="Ligne ou intervalle de lignes du document (« 250-258 »).")
    url: HttpUrl | None = Field(None, description="Adresse d'une page web source (à défaut d'un document).")
    # « import » is a Python keyword: the YAML key is the alias.
    import_: ImportRef | None = Field(
        None, alias="import", description="Liste importée (fichier, feuille, lignes, date), écrite par l'import.")

    @model_validator(mode="after")
    def _one_kind(self) -> "SourceRef":
        if self.import_ is not None:
            if self.document is not None or self.url is not None or self.lignes is not None:
                raise PydanticCustomError(
                    "source", "une source « import » s'écrit seule, sans « document », « lignes » ni « url »", {})
            return self
        if (self.document is None) == (self.url is None):
            raise PydanticCustomError("source", "une source indique soit « document » (avec « lignes »), soit « url »", {})
        if self.document is not None and self.lignes is None:
            raise PydanticCustomError("source", "indiquez les « lignes » du document cité", {})
        if self.url is not None and self.lignes is not None:
            raise PydanticCustomError("source", "« lignes » ne s'emploie qu'avec « document »", {})
        return self

    @field_validator("lignes")
    @classmethod
    def _lines_exist(cls, value: str | None, info: ValidationInfo) -> str | None:
        refs = _context(info, "referentiels")
        document = info.data.get("document")
        doc = refs.documents.get(document) if refs is not None and document else None
        if value and doc is not None and doc.lignes and int(value.split("-")[-1]) > doc.lignes:
            raise PydanticCustomError("lignes", "« {lignes} » dépasse la fin du document « {document} », qui compte {total} lignes",
                                      {"lignes": value, "document": document, "total": doc.lignes})
        return value


class Figure(StrictModel):
    """A count with its date and source (population, professionals, members)."""

    valeur: WholeNumber = Field(ge=0, le=100_000_000, description="Le nombre (entier positif).")
    date: PartialDate = Field(description="Date à laquelle le nombre se rapporte.")
    source: SourceRef = Field(description="D'où vient le nombre.")
