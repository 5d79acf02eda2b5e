"""The agenda: schema of ``data/evenements/<slug>.yml`` and its loader.

Owns what an event record may contain (colloquium, study day, local meeting…), its programme,
and the rules checked across fields: the end is not before the start, each programme item falls
on a day of the event and ends after it starts, CPTS, actions and documents named exist. Whether
an event is upcoming or past is not stored: it depends on the build date (``view``).

Declared in ``macros/features.py``: ``catalogue.features["evenements"]`` ({slug: EvenementEntry}),
the schema for the staff guide, the generated pages (``pages``) and the agenda macros.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from ...core.build_date import first_day, last_day
from ...core.fields import Distinct, HttpUrl, PartialDate, ShortText, Slug, SourceRef, StrictModel, Text
from ..links import ActionSlug, CptsSlug, DocumentSlug, link_context
from ...render.fragments import french_date
from ...core.loader import LoadContext, RecordEntry, RecordFolder

if TYPE_CHECKING:
    from ...core.yamlio import Located

FOLDER = "evenements"
# "index" is the agenda page itself; "agenda" is the calendar file of every event (agenda.ics).
RESERVED_SLUGS = frozenset({"index", "agenda"})
# How sure the date is. Labels are what visitors read; "confirme" shows nothing.
STATUSES = {"confirme": "", "envisage": "Date envisagée, à confirmer", "annule": "Annulé"}


def _time(value: Any) -> Any:
    """An hour of the day written HH:MM (09:30, 17:00); core.yamlio keeps an unquoted 10:00 as
    text (YAML 1.1 would read it in base 60, as the number 600)."""
    if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
        raise ValueError(f"« {str(value)[:20]} » n'est pas une heure : écrivez HH:MM entre guillemets (ex. \"09:30\")")
    return value.strip()


def _day(value: Any) -> Any:
    """A programme day: a full date, so the item can be placed on a day of the event."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"« {str(value)[:20]} » : écrivez la date complète du jour, AAAA-MM-JJ")
    return value


Time = Annotated[str, BeforeValidator(_time)]
Day = Annotated[PartialDate, BeforeValidator(_day)]


class ProgrammeItem(StrictModel):
    """One moment of the programme: a talk, a workshop, a break."""

    date: Day = Field(description="Jour, écrit AAAA-MM-JJ (un des jours de l'événement).")
    debut: Time | None = Field(None, description="Heure de début, HH:MM entre guillemets (\"09:30\").")
    fin: Time | None = Field(None, description="Heure de fin, HH:MM entre guillemets.")
    code: ShortText | None = Field(None, max_length=12, description="Repère donné par le programme (« A1 », « TR2 »).")
    format: ShortText = Field(description="Nature du moment : conférence-débat, atelier, table ronde, pause…")
    titre: ShortText = Field(description="Intitulé, tel que le programme l'écrit.")
    intervenants: Annotated[list[ShortText], Distinct] = Field(default_factory=list, description="Intervenants tels que le programme les nomme, avec leur fonction.")
    precisions: Text | None = Field(None, description="Précisions utiles (payant, sur inscription…).")
    cpts: Annotated[list[CptsSlug], Distinct] = Field(default_factory=list, description="Slugs des CPTS qui interviennent (fichiers de data/cpts/).")
    actions: Annotated[list[ActionSlug], Distinct] = Field(default_factory=list, description="Slugs des fiches actions présentées (fichiers de data/actions/).")


class Evenement(StrictModel):
    """A dated event of the CPTS world: where, when, who organises it, its programme and sources."""

    slug: Slug = Field(description="Identifiant et adresse de la page ; égal au nom du fichier.")
    titre: ShortText = Field(description="Nom de l'événement.")
    resume: Text = Field(min_length=1, description="Une ou deux phrases affichées dans l'agenda.")
    debut: PartialDate = Field(description="Premier jour (AAAA-MM-JJ), ou le mois (AAAA-MM) ou l'année si la source n'en dit pas plus.")
    fin: PartialDate | None = Field(None, description="Dernier jour, s'il dure plusieurs jours (pas avant « debut »).")
    statut: Literal["confirme", "envisage", "annule"] = Field(
        "confirme", description="confirme (par défaut), envisage (date annoncée comme cible) ou annule.")
    lieu: ShortText | None = Field(None, description="Ville ou lieu, tel que la source le donne ; vide si elle ne le dit pas.")
    organisateurs: Annotated[list[ShortText], Distinct] = Field(default_factory=list, description="Structures qui organisent (noms d'organismes, jamais de contact personnel).")
    inscription: Text | None = Field(None, description="Conditions d'accès : gratuit, payant, sur inscription…")
    site_web: HttpUrl | None = Field(None, description="Page publique de l'événement (http:// ou https://).")
    description: Text | None = Field(None, description="Présentation plus longue ; paragraphes séparés par une ligne vide.")
    programme: list[ProgrammeItem] = Field(default_factory=list, description="Le programme, dans l'ordre.")
    cpts: Annotated[list[CptsSlug], Distinct] = Field(default_factory=list, description="CPTS qui organisent ou qui sont concernées (slugs de data/cpts/).")
    actions: Annotated[list[ActionSlug], Distinct] = Field(default_factory=list, description="Fiches actions liées (slugs de data/actions/).")
    documents: Annotated[list[DocumentSlug], Distinct] = Field(default_factory=list, description="Documents sources qui en rendent compte (slugs de data/referentiels/documents.yml).")
    remarques: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Incohérences des sources et précisions, affichées en note.")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la fiche (au moins une).")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour de la fiche.")


EvenementEntry = RecordEntry  # a validated event and its file


def _span(record: Evenement) -> tuple[str, str]:
    return record.debut, record.fin or record.debut


def check_evenement(record: Evenement, located: Located, rel: str, ctx: LoadContext, entries: dict | None = None) -> bool:
    """Rules across fields of one event; True when it can be published."""
    col, ok = ctx.collector, True
    if record.slug in RESERVED_SLUGS:
        col.error(rel, located.line(("slug",)), f"le slug « {record.slug} » est réservé aux pages de l'agenda : choisissez-en un autre")
        ok = False
    start, end = _span(record)
    if last_day(end) < first_day(start):
        col.error(rel, located.line(("fin",)),
                  f"la date de fin « {end} » précède la date de début « {start} » : corrigez l'une ou l'autre")
        return False
    for i, item in enumerate(record.programme):
        if not first_day(start) <= first_day(item.date) <= last_day(end):
            days = french_date(start) if start == end else f"du {french_date(start)} au {french_date(end)}"
            col.error(rel, located.line(("programme", i, "date")),
                      f"le {french_date(item.date)} n'est pas un jour de l'événement ({days})")
            ok = False
        if item.debut and item.fin and item.fin < item.debut:
            col.error(rel, located.line(("programme", i, "fin")),
                      f"l'heure de fin « {item.fin} » précède l'heure de début « {item.debut} »")
            ok = False
    return ok


# Feature loader: every valid event, by slug; errors go to ``ctx.collector``.
load = RecordFolder(FOLDER, Evenement, check_evenement, links=link_context)
