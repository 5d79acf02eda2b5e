"""Matching commune names as real listings type them to INSEE codes — or refusing to.

Owns the commune index (built once from the reference: folded name → communes) and the order
of the matching steps. A wrong commune is worse than an unmatched one: every step that is not
an exact name says how it matched, and whenever two communes remain possible the row stays
unmatched with up to three candidates for a person to choose from.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..core.reference import ARRONDISSEMENT, Commune, Reference
from .text import fold, repair_mojibake, strip_article

# How a row matched, in French for the report (the key is what the CSV report carries).
METHODS = {
    "exact": "nom exact",
    "code": "code INSEE",
    "normalise": "nom normalisé (casse, accents, tirets, apostrophes, « St », article)",
    "article": "article ajouté ou retiré (« Garde » → « La Garde »)",
    "elision": "apostrophe d'élision omise (« LISLE » → « L'Isle »)",
    "arrondissement": "arrondissement municipal",
    "ancienne": "ancienne commune rattachée à une commune nouvelle",
    "code_postal": "code postal et nom",
    "encodage": "encodage réparé (UTF-8 lu comme Latin-1)",
    "faute": "une lettre de différence, seule commune proche dans le département",
    "polygone": "point de la commune dans le contour",
}
_CITIES = {"paris": "75056", "marseille": "13055", "lyon": "69123"}
_ARRONDISSEMENT = re.compile(r"^(paris|marseille|lyon)\s*(\d{1,2}|[ivx]{1,5})\s*(?:er|ere|e|eme|em|me)?"
                             r"(?:\s*arr(?:ondissement|dt|t)?)?$")
_DEP_SUFFIX = re.compile(r"^(.+?)\s*\(\s*(\d{1,3}|2[abAB])\s*\)$")  # « La Garde (83) »
_DEP_CODE = r"(?P<code>\d{1,3}|2[abAB])"
_DEP_CODE_ALONE = re.compile(rf"^{_DEP_CODE}(?:\.0)?$")
_DEP_CODE_FIRST = re.compile(rf"^{_DEP_CODE}(?:\s*[-–:]\s*|\s+|\s*(?=\())(?P<name>\D.*)$")  # « 01 Ain », « 06 - … »
_DEP_CODE_LAST = re.compile(rf"^(?P<name>\D.*?)(?:\s*\(\s*|\s*[-–:]\s*|\s+){_DEP_CODE}\s*\)?$")  # « Ain (01) »
_CEDEX = re.compile(r" cedex(?: \d+)?$")
# « L'Isle », « D'Huison » folded are « l isle », « d huison »; listings often drop the apostrophe
# (« LISLE », « DHUISON »): both sides are compared with the elided letter joined to the word.
_ELISION = re.compile(r"\b([ld]) (?=[aeiouyh])")


def _join_elisions(key: str) -> str:
    return _ELISION.sub(r"\1", key)
_ROMAN = {"i": 1, "v": 5, "x": 10}
_POSTAL = re.compile(r"^\s*(\d{5})\s+(.+)$|^(.+?)\s+\(?(\d{5})\)?\s*$")
CODE_NAME_SIMILARITY = 0.8  # a given code is trusted when the typed name is this close to its commune's
MIN_FUZZY_LENGTH = 5
MAX_CANDIDATES = 3
_LABEL_DEP = re.compile(r"\((\w+), \w+\)$")  # a one-letter slip in a very short name is as likely another commune


@dataclass(frozen=True)
class Match:
    """The outcome for one typed commune: a code and how, or candidates and why not."""

    code: str | None
    method: str = ""           # key of METHODS; "" when unmatched
    detail: str = ""           # what a person should know (former commune, repaired text…)
    candidates: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        return self.code is not None


@dataclass
class CommuneIndex:
    """Lookups over the reference, built once per import."""

    ref: Reference
    by_key: dict[str, list[Commune]] = field(default_factory=lambda: defaultdict(list))
    by_bare: dict[str, list[Commune]] = field(default_factory=lambda: defaultdict(list))
    by_elided: dict[str, list[Commune]] = field(default_factory=lambda: defaultdict(list))
    former: dict[str, list[Commune]] = field(default_factory=lambda: defaultdict(list))
    by_length: dict[tuple[str, int], list[tuple[str, Commune]]] = field(default_factory=lambda: defaultdict(list))
    keys_by_dep: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    arrondissements: dict[tuple[str, int], Commune] = field(default_factory=dict)
    former_by_code: dict[str, Commune] = field(default_factory=dict)
    dep_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, ref: Reference) -> CommuneIndex:
        index = cls(ref)
        for commune in ref.communes.values():
            key = fold(commune.nom)
            index.by_key[key].append(commune)
            index.by_bare[strip_article(key)].append(commune)
            if _join_elisions(key) != key:
                index.by_elided[_join_elisions(key)].append(commune)
            if commune.type == ARRONDISSEMENT:
                city, number = _arrondissement_number(key)
                if city:
                    index.arrondissements[(city, number)] = commune
            else:
                index.by_length[(commune.departement, len(key))].append((key, commune))
            index.keys_by_dep[commune.departement].append(key)
        for commune in ref.anciennes:
            parent = ref.communes.get(commune.parent or "")
            # A former commune that gave its name to the commune nouvelle is the same place.
            if parent is not None and fold(parent.nom) != fold(commune.nom):
                index.former[fold(commune.nom)].append(commune)
                index.former_by_code.setdefault(commune.code, commune)
        index.dep_names = {fold(d.nom): d.code for d in ref.departements.values()}
        # « Réunion » for « La Réunion »: the article is often left out.
        index.dep_names |= {strip_article(k): c for k, c in index.dep_names.items() if strip_article(k) not in
                            index.dep_names}
        return index

    # ------------------------------------------------------------ départements and codes

    def departement(self, value: str) -> str | None:
        """« 6 », « 06 », « 2a », « 1.0 », « 06 - Alpes-Maritimes », « 01 Ain », « Ain (01) », « Ain - 01 »,
        « Alpes-Maritimes », « Réunion » → the code; None if unknown, or if the name and the number disagree.
        """
        text = value.strip()
        if not text:
            return None
        code, name = text, ""
        for pattern in (_DEP_CODE_ALONE, _DEP_CODE_FIRST, _DEP_CODE_LAST):
            match = pattern.match(text)
            if match:
                code, name = match.group("code"), match.group("name") if "name" in pattern.groupindex else ""
                break
        else:
            return self._departement_by_name(text)
        code = code.upper().zfill(2) if len(code) < 2 else code.upper()
        if code not in self.ref.departements:
            return None
        named = self._departement_by_name(name.strip(" ()-–:")) if name else None
        return None if named and named != code else code  # an abbreviation of the name is not a contradiction

    def _departement_by_name(self, name: str) -> str | None:
        key = fold(name)
        return self.dep_names.get(key) or self.dep_names.get(strip_article(key))

    def _label(self, commune: Commune) -> str:
        return f"{commune.nom} ({commune.departement}, {commune.code})"

    # ------------------------------------------------------------ the matching steps

    def match(self, typed: str, dep: str | None = None, code: str | None = None, postal: str | None = None,
              near: frozenset[str] = frozenset()) -> Match:
        """Match one typed commune; ``dep`` is a département code already normalised (or None).

        ``near``: départements of the CPTS's other communes. They never choose a commune (a
        homonym stays unmatched) but put the likeliest candidates first.
        """
        result = self._match(typed, dep, code, postal)
        if len(result.candidates) <= MAX_CANDIDATES and not near:
            return result
        ranked = sorted(result.candidates, key=lambda label: _label_departement(label) not in near)
        return Match(result.code, result.method, result.detail, tuple(ranked[:MAX_CANDIDATES]))

    def _match(self, typed: str, dep: str | None, code: str | None, postal: str | None) -> Match:
        typed = written = typed.strip()
        if code:
            by_code = self._by_code(code, typed, dep)
            if by_code is not None:
                return by_code
        if not typed:
            return Match(None, detail="ni nom ni code INSEE")
        in_brackets = _DEP_SUFFIX.match(typed)
        if in_brackets and dep is None:  # « La Garde (83) »: the département written with the name
            typed, dep = in_brackets.group(1), self.departement(in_brackets.group(2))
        if postal is None:
            split = _POSTAL.match(typed)
            if split:
                postal = split.group(1) or split.group(4)
                typed = (split.group(2) or split.group(3)).strip()
        repaired = repair_mojibake(typed)
        result = self._by_name(repaired or typed, dep, postal)
        if code:  # the code was given but is unknown: say so next to the name's fate
            detail = "; ".join(x for x in (f"code INSEE « {code} » inconnu, ignoré", result.detail) if x)
            result = Match(result.code, result.method, detail, result.candidates)
        if repaired and result.matched:
            return Match(result.code, "encodage", f"« {typed} » lu comme « {repaired} »"
                         + (f" ; {result.detail}" if result.detail else ""))
        if result.matched and result.method == "exact" and written != self.ref.communes[result.code].nom:
            return Match(result.code, "normalise", result.detail)
        return result

    def _by_code(self, raw: str, typed: str, dep: str | None) -> Match | None:
        """A given INSEE code, checked against the typed name; None to fall back on the name."""
        code = raw.strip().upper()
        code = code.zfill(5) if code.isdigit() and len(code) == 4 else code  # a spreadsheet dropped the zero
        commune = self.ref.communes.get(code)
        former = self.former_by_code.get(code) if commune is None else None
        if commune is None and former is None:
            if not typed:
                return Match(None, detail=f"code INSEE « {raw} » inconnu")
            return None  # the name decides; the report will show the code was not used
        if former is not None:
            commune = self.ref.communes[former.parent]
        if typed:
            by_name = self._by_name(repair_mojibake(typed) or typed, dep, None)
            names = {fold(commune.nom), strip_article(fold(commune.nom))}
            if former is not None:
                names.add(fold(former.nom))
            if by_name.matched and by_name.code != commune.code and fold(typed) not in names:
                why = (f"le code INSEE « {raw} » ({commune.nom}) et le nom « {typed} » désignent "
                       "deux communes différentes")
                other = self.ref.communes[by_name.code]
                return Match(None, detail=why, candidates=(self._label(commune), self._label(other)))
            close = max(difflib.SequenceMatcher(None, fold(typed), name).ratio() for name in names)
            if not by_name.matched and close < CODE_NAME_SIMILARITY and not by_name.detail.startswith("plusieurs"):
                # Neither the name nor anything like it: the code may be the typo. A person decides.
                why = f"le code INSEE « {raw} » désigne {commune.nom}, dont le nom ne ressemble pas à « {typed} »"
                return Match(None, detail=why, candidates=(self._label(commune),))
        if former is not None:
            return Match(commune.code, "ancienne", _former_note(former, commune))
        notes = [f"code écrit « {raw} » (zéro initial rétabli)"] if code != raw.strip().upper() else []
        if typed and fold(typed) != fold(commune.nom):
            notes.append(f"nom écrit « {typed} »")
        return Match(commune.code, "code", " ; ".join(notes))

    def _by_name(self, typed: str, dep: str | None, postal: str | None) -> Match:
        key = _CEDEX.sub("", fold(typed))
        if not key:
            return Match(None, detail="nom vide")
        arrondissement = self._arrondissement(key, dep)
        if arrondissement is not None:
            return arrondissement
        # A name found only in other départements is remembered, not returned: a former commune
        # of the département may still carry it. Homonyms within reach stop the search at once.
        elsewhere: Match | None = None
        bare = strip_article(key)
        steps = (
            lambda: self._pick(self.by_key.get(key, []), dep, postal, "exact"),
            lambda: self._pick([c for c in self.by_bare.get(bare, []) if c.type != ARRONDISSEMENT], dep, postal,
                               "article"),
            lambda: self._pick([c for c in self.by_elided.get(_join_elisions(key), []) if c.type != ARRONDISSEMENT],
                               dep, postal, "elision"),
            lambda: self._former(key, dep),
        )
        for step in steps:
            found = step()
            if found is None:
                continue
            if found.matched and dep is None and found.method in ("exact", "article"):
                return self._unless_former_homonym(found, key)
            if found.matched or found.detail.startswith("plusieurs"):
                return found
            elsewhere = elsewhere or found
        if elsewhere is not None:
            if dep is None:
                return elsewhere
            # The name exists only elsewhere: propose this département's likeliest communes first.
            return Match(None, detail=elsewhere.detail, candidates=(self._closest(key, dep) + elsewhere.candidates)[:MAX_CANDIDATES])
        if dep is not None:
            found = self._one_slip(key, dep)
            if found is not None:
                return found
        return Match(None, detail="aucune commune de ce nom" + (f" dans le département {dep}" if dep else ""),
                     candidates=self._closest(key, dep))

    def _unless_former_homonym(self, found: Match, key: str) -> Match:
        """Without a département, a current commune's name also borne by a former commune elsewhere is a guess."""
        formers = [c for c in self.former.get(key, []) if c.parent != found.code]
        if not formers:
            return found
        labels = (self._label(self.ref.communes[found.code]),
                  *(f"{c.nom} (ancienne) → {self._label(self.ref.communes[c.parent])}" for c in formers))
        why = "une commune actuelle et une ancienne commune portent ce nom : indiquez le département"
        return Match(None, detail=why, candidates=labels)

    def _pick(self, communes: list[Commune], dep: str | None, postal: str | None, method: str) -> Match | None:
        """One commune among homonyms, told apart by département then postal code; None if none."""
        if not communes:
            return None
        pool = [c for c in communes if dep is None or c.departement == dep]
        if not pool:
            return Match(None, detail=f"aucune commune de ce nom dans le département {dep}",
                         candidates=tuple(self._label(c) for c in communes))
        used_postal = False
        if postal and len(pool) > 1:
            narrowed = [c for c in pool if postal in c.codes_postaux]
            used_postal = bool(narrowed)
            pool = narrowed or pool
        if len(pool) > 1:
            where = " dans ce département" if dep else " : indiquez le département"
            why = "plusieurs communes portent ce nom" + where
            return Match(None, detail=why, candidates=tuple(self._label(c) for c in pool))
        commune = pool[0]
        quarter = self._arrondissement_by_postal(commune, postal)
        if quarter is not None:
            return quarter
        if postal and postal not in commune.codes_postaux and not used_postal:
            note = f"code postal {postal} absent des codes de {commune.nom} ({' '.join(commune.codes_postaux)})"
            return Match(commune.code, method if method != "exact" else "normalise", note)
        if used_postal:
            return Match(commune.code, "code_postal", f"homonymes départagés par le code postal {postal}")
        return Match(commune.code, method)

    def _arrondissement_by_postal(self, commune: Commune, postal: str | None) -> Match | None:
        """« Marseille 13013 »: the postal code names one arrondissement of Paris, Lyon or Marseille."""
        if not postal:
            return None
        quarters = [self.ref.communes[c] for c in self.ref.arrondissements_of(commune.code)
                    if postal in self.ref.communes[c].codes_postaux]
        if len(quarters) != 1:
            return None
        return Match(quarters[0].code, "code_postal", f"arrondissement désigné par le code postal {postal}")

    def _arrondissement(self, key: str, dep: str | None) -> Match | None:
        city, number = _arrondissement_number(key)
        if city is None:
            return None
        commune = self.arrondissements.get((city, number))
        if commune is None:
            return Match(None, detail=f"{city.capitalize()} n'a pas de {number}e arrondissement",
                         candidates=(self._label(self.ref.communes[_CITIES[city]]),))
        if dep is not None and dep != commune.departement:
            why = f"{commune.nom} n'est pas dans le département {dep}"
            return Match(None, detail=why, candidates=(self._label(commune),))
        return Match(commune.code, "exact" if key == fold(commune.nom) else "arrondissement")

    def _former(self, key: str, dep: str | None) -> Match | None:
        formers = [c for c in self.former.get(key, []) if dep is None or c.departement == dep]
        parents = {c.parent for c in formers}
        if not formers:
            return None
        if len(parents) > 1:
            labels = tuple(f"{c.nom} → {self._label(self.ref.communes[c.parent])}" for c in formers)
            return Match(None, detail="plusieurs anciennes communes portent ce nom", candidates=labels)
        former = formers[0]
        parent = self.ref.communes[former.parent]
        return Match(parent.code, "ancienne", _former_note(former, parent))

    def _one_slip(self, key: str, dep: str) -> Match | None:
        """A single substituted letter (« Besanèon »), accepted only if one commune of the département is that close."""
        if len(key) < MIN_FUZZY_LENGTH or key in self.by_key or key in self.former:
            return None  # a real name elsewhere is more likely a wrong département than a typo
        close = [c for k, c in self.by_length.get((dep, len(key)), []) if sum(a != b for a, b in zip(k, key)) == 1]
        if len(close) != 1:
            return None
        return Match(close[0].code, "faute", f"lu comme « {close[0].nom} »")

    def _closest(self, key: str, dep: str | None) -> tuple[str, ...]:
        """Up to three similar names (in the département when known) for a person to choose from."""
        pool = self.keys_by_dep.get(dep, []) if dep else list(self.by_key)
        labels: list[str] = []
        # A town merged into a longer-named commune nouvelle (« Cherbourg » → « Cherbourg-en-Cotentin »,
        # « Évry » → « Évry-Courcouronnes ») is proposed first, never matched: it may be a homonym.
        longer = sorted(k for k in set(pool) if k.startswith(key + " "))
        for near in longer[:3] + difflib.get_close_matches(key, pool, n=3, cutoff=0.75):
            for commune in self.by_key.get(near, []):
                if (dep is None or commune.departement == dep) and len(labels) < 3:
                    labels.append(self._label(commune))
        return tuple(labels)


def _former_note(former: Commune, current: Commune) -> str:
    return f"ancienne commune « {former.nom} » ({former.code}), aujourd'hui dans {current.nom}"


def _label_departement(label: str) -> str:
    """The département of a candidate label « Nom (dép., code) »."""
    match = _LABEL_DEP.search(label)
    return match.group(1) if match else ""


def _arrondissement_number(key: str) -> tuple[str | None, int]:
    match = _ARRONDISSEMENT.match(key)
    if not match:
        return None, 0
    number = match.group(2)
    return match.group(1), int(number) if number.isdigit() else _roman(number)


def _roman(text: str) -> int:
    """« xix » → 19 (arrondissements are numbered 1 to 20)."""
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
