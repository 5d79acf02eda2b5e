"""The case-study library ("fiches actions"): schema of ``data/actions/<slug>.yml`` and its loader.

Owns what an action record may contain (the pydantic models, with the French descriptions the
staff guide and the JSON Schema show) and the rules checked across files: every CPTS named must
be a published CPTS, every figure carries its unit, period and source, and someone carries the
action (a CPTS or another ``porteur``). Pages live in ``pages.py``, the library macro in
``macros.py``.

Declared in ``macros/features.py``: ``catalogue.features["actions"]`` ({slug: ActionEntry}), the
schema for the staff guide, the generated pages and the library macro.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from ..links import CptsSlug
from ...core.fields import Distinct, HttpUrl, PartialDate, ShortText, Slug, SourceRef, StrictModel, Text, in_referential, refuse_boolean_or_zero
from ...core.loader import LoadContext, RecordEntry, RecordFolder

if TYPE_CHECKING:
    from ...core.yamlio import Located

FOLDER = "actions"
# Slugs that would collide with the library's own pages (actions/mission/<slug>/).
RESERVED_SLUGS = frozenset({"mission", "index"})


def _number(value: Any) -> Any:
    """A plain YAML number: "17 232" or "42 %" get a message saying how to write it."""
    refuse_boolean_or_zero(value)  # true, 022: quoted as typed, never read as 1 or in octal
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
        # A ValueError becomes pydantic's "value_error": messages.py shows its text after the field name.
        raise ValueError(f"« {str(value)[:40]} » n'est pas un nombre : écrivez-le sans espace ni unité, avec un point décimal (12.5)")
    return value


MissionSlug = Annotated[Slug, in_referential("missions", "mission")]
ThemeSlug = Annotated[Slug, in_referential("themes", "thème")]
PublicSlug = Annotated[Slug, in_referential("publics", "public")]
Number = Annotated[int | float, BeforeValidator(_number)]

# What a figure cannot do without, in the order staff read them, with what to write.
_FIGURE_NEEDS = (
    ("unite", "unité", "« unite » (appels, patients, euros, %…)"),
    ("periode", "période", "« periode » (l'année ou l'intervalle mesuré, ex. « 2022 »)"),
    ("source", "source", "« source » (document et lignes, ou url)"),
)


class Result(StrictModel):
    """A key figure of the action: a number that means nothing without its unit, period and source."""

    libelle: ShortText = Field(description="Ce qui est compté, en une phrase (« Appels traités par la régulation »).")
    valeur: Number = Field(description="Le nombre, tel que la source l'écrit, sans espace (17232, 12.5).")
    unite: ShortText = Field(description="L'unité affichée après le nombre (appels, patients, %…).")
    periode: ShortText = Field(description="La période mesurée (« 2022 », « octobre 2022 – avril 2023 »).")
    source: SourceRef = Field(description="D'où vient le chiffre : document et lignes, ou url.")

    @model_validator(mode="before")
    @classmethod
    def _complete(cls, data: Any) -> Any:
        """One message naming everything a figure lacks, instead of three bare "missing field"."""
        if not isinstance(data, dict):
            return data
        missing = [need for need in _FIGURE_NEEDS if data.get(need[0]) in (None, "")]
        if not missing:
            return data
        label = data.get("libelle")
        what = f"le chiffre « {str(label)[:60]} »" if isinstance(label, str) and label.strip() else "ce chiffre"
        names = [name for _, name, _ in missing]
        lacks = f"n'a pas {_article(names[0])}{names[0]}" if len(names) == 1 else "n'a ni " + " ni ".join(names)
        raise ValueError(f"{what} {lacks} ; ajoutez " + ", ".join(hint for _, _, hint in missing))


def _article(word: str) -> str:
    """Elision: "pas d'unité" but "pas de période"."""
    return "d'" if word[0] in "aeiouéh" else "de "


class DocumentLink(StrictModel):
    """A public document about the action (report, poster, video)."""

    titre: ShortText = Field(description="Titre du document, tel qu'il s'affichera.")
    url: HttpUrl = Field(description="Adresse du document (http:// ou https:// seulement).")


class Action(StrictModel):
    """One case study: what a CPTS (or another carrier) did, how, and what it produced."""

    slug: Slug = Field(description="Identifiant et adresse de la page ; égal au nom du fichier.")
    titre: ShortText = Field(description="Titre de la fiche, en une phrase.")
    resume: Text = Field(min_length=1, description="Résumé en deux ou trois phrases, affiché dans la bibliothèque.")
    cpts: Annotated[list[CptsSlug], Distinct] = Field(description="Slugs des CPTS concernées (fichiers de data/cpts/) ; liste vide si la source ne les nomme pas.")
    porteurs: Annotated[list[ShortText], Distinct] = Field(default_factory=list, description="Porteurs qui ne sont pas des CPTS (interCPTS, CPAM…), obligatoire si « cpts » est vide.")
    mission: MissionSlug = Field(description="Mission principale : slug de data/referentiels/missions.yml.")
    missions_secondaires: Annotated[list[MissionSlug], Distinct] = Field(default_factory=list, description="Autres missions concernées (slugs de missions).")
    themes: Annotated[list[ThemeSlug], Distinct] = Field(min_length=1, description="Slugs de data/referentiels/themes.yml.")
    publics: Annotated[list[PublicSlug], Distinct] = Field(min_length=1, description="Slugs de data/referentiels/publics.yml.")
    partenaires: Annotated[list[ShortText], Distinct] = Field(default_factory=list, description="Noms des partenaires associés.")
    contexte: Text = Field(min_length=1, description="Le problème de départ et le territoire ; paragraphes séparés par une ligne vide.")
    deroule: Annotated[list[Text], Distinct] = Field(min_length=1, description="Les étapes de l'action, dans l'ordre, une par élément.")
    resultats: list[Result] = Field(default_factory=list, description="Chiffres clés, chacun avec unité, période et source.")
    enseignements: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Ce que l'action a appris à ses porteurs.")
    freins: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Difficultés rencontrées.")
    perspectives: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Suites annoncées.")
    documents: list[DocumentLink] = Field(default_factory=list, description="Documents publics à consulter (titre et url).")
    remarques: Annotated[list[Text], Distinct] = Field(default_factory=list, description="Incohérences des sources et précisions, affichées en note.")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la fiche (au moins une).")
    date: PartialDate = Field(description="Date de l'action ou de sa présentation par la source.")
    mise_a_jour: PartialDate = Field(description="Date de dernière mise à jour de la fiche.")


ActionEntry = RecordEntry  # a validated action and its file


def check_action(record: Action, located: Located, rel: str, ctx: LoadContext, entries: dict | None = None) -> bool:
    """Rules across fields of one action; True when it can be published."""
    ok = True
    if not record.cpts and not record.porteurs:
        ctx.collector.error(rel, located.line(("cpts",)),
                            "ni CPTS ni porteur : indiquez dans « cpts » la ou les CPTS de l'action, "
                            "ou dans « porteurs » qui la porte si ce n'est pas une CPTS")
        ok = False
    if record.slug in RESERVED_SLUGS:
        ctx.collector.error(rel, located.line(("slug",)), f"le slug « {record.slug} » est réservé aux pages de la bibliothèque : choisissez-en un autre")
        ok = False
    if record.mission in record.missions_secondaires:
        ctx.collector.error(rel, located.line(("missions_secondaires",)),
                            f"« {record.mission} » est déjà la mission principale : retirez-la de « missions_secondaires »")
        ok = False
    return ok


# Feature loader: every valid action, by slug; errors go to ``ctx.collector``.
load = RecordFolder(FOLDER, Action, check_action)
