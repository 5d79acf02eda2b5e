"""Coverage of the population by the CPTS published on this portal, per département and région.

Pure functions over the catalogue (no HTML here: ``coverage_pages`` renders them). The unit of
coverage is the *territorial unit* a CPTS territory is made of: a commune, or for Paris, Lyon and
Marseille an arrondissement (the loader already expands those cities into their arrondissements).
A unit in two territories is counted once.

Public API, used by the coverage pages and by the maps (département choropleth):

- ``departement_coverage(catalogue) -> {code: AreaCoverage}`` for every département of the
  referential (the overseas collectivities, outside the CPTS scheme's data here, are left out);
- ``region_coverage(catalogue) -> {code: AreaCoverage}``;
- ``national_coverage(catalogue) -> AreaCoverage`` (code ``"FR"``);
- ``AreaCoverage.part``: covered share of the population, between 0 and 1 (None if unknown).

Figures describe the data published on this portal only, not the national reality.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..core import memo
from ..core.loader import Catalogue
from ..core.reference import Commune, Reference


@dataclass(frozen=True)
class AreaCoverage:
    """What the published CPTS cover in one area (département, région or the whole country)."""

    code: str
    nom: str
    cpts: tuple[str, ...]                 # slugs of the CPTS counted in this area, sorted
    cpts_par_statut: Mapping[str, int]    # every statut of the referential, in its order
    population_couverte: int              # units covered by at least one CPTS, counted once
    population_totale: int
    unites: int                           # communes (arrondissements for Paris, Lyon, Marseille)
    unites_couvertes: int
    non_couvertes: tuple[str, ...]        # INSEE codes of the units covered by no CPTS, sorted

    @property
    def nombre_cpts(self) -> int:
        return len(self.cpts)

    @property
    def part(self) -> float | None:
        """Covered share of the population, 0 to 1; None when the population is unknown (0)."""
        return self.population_couverte / self.population_totale if self.population_totale else None


# --- building blocks ---------------------------------------------------------------------------

def units_of_departement(reference: Reference, departement: str) -> tuple[Commune, ...]:
    """The département's communes, Paris/Lyon/Marseille replaced by their arrondissements."""
    units: list[Commune] = []
    for commune in reference.communes_of_departement(departement):
        districts = reference.arrondissements_of(commune.code)
        if districts:
            units.extend(reference.communes[code] for code in districts)
        else:
            units.append(commune)
    return tuple(sorted(units, key=lambda c: c.code))


def covered_codes(catalogue: Catalogue) -> frozenset[str]:
    """Every unit in at least one published territory (each counted once)."""
    return frozenset(code for entry in catalogue.cpts.values() for code in entry.communes)


def cpts_departements(catalogue: Catalogue) -> dict[str, frozenset[str]]:
    """Slug → départements where the CPTS is counted: those its record names and those its
    territory reaches (a CPTS with an unknown territory still counts where it says it works)."""
    ref = catalogue.reference
    result = {}
    for slug, entry in catalogue.cpts.items():
        deps = set(entry.record.departements)
        deps.update(ref.communes[code].departement for code in entry.communes)
        result[slug] = frozenset(deps)
    return result


def cpts_regions(catalogue: Catalogue) -> dict[str, frozenset[str]]:
    """Slug → régions: its seat's région and the régions of its départements."""
    deps = cpts_departements(catalogue)
    ref = catalogue.reference
    result = {}
    for slug, entry in catalogue.cpts.items():
        regions = {ref.departements[d].region for d in deps[slug] if d in ref.departements}
        if entry.record.region:
            regions.add(entry.record.region)
        result[slug] = frozenset(regions)
    return result


def status_counts(catalogue: Catalogue, slugs: Iterable[str]) -> Mapping[str, int]:
    counts = Counter(catalogue.cpts[slug].record.statut for slug in slugs)
    return MappingProxyType({statut: counts.get(statut, 0) for statut in catalogue.referentiels.statuts})


def area(catalogue: Catalogue, code: str, nom: str, units: Iterable[Commune], slugs: Iterable[str],
         covered: frozenset[str]) -> AreaCoverage:
    """The coverage of ``units`` by ``covered``, with the CPTS ``slugs`` counted in the area."""
    units = tuple(units)
    slugs = tuple(sorted(set(slugs)))
    return AreaCoverage(
        code=code,
        nom=nom,
        cpts=slugs,
        cpts_par_statut=status_counts(catalogue, slugs),
        population_couverte=sum(u.population or 0 for u in units if u.code in covered),
        population_totale=sum(u.population or 0 for u in units),
        unites=len(units),
        unites_couvertes=sum(1 for u in units if u.code in covered),
        non_couvertes=tuple(u.code for u in units if u.code not in covered),
    )


# --- per area (memoised per catalogue: several pages and the maps ask for the same figures) ----


def departement_coverage(catalogue: Catalogue) -> dict[str, AreaCoverage]:
    """Code → coverage, for every département of ``data/referentiels/departements.yml``, in order."""
    return memo.per_catalogue("couverture des départements", catalogue, lambda: _departements(catalogue))


def _departements(catalogue: Catalogue) -> dict[str, AreaCoverage]:
    ref = catalogue.reference
    covered = covered_codes(catalogue)
    where = cpts_departements(catalogue)
    return {
        code: area(catalogue, code, dep.nom, units_of_departement(ref, code),
                   (slug for slug, deps in where.items() if code in deps), covered)
        for code, dep in sorted(ref.departements.items())
    }


def region_coverage(catalogue: Catalogue) -> dict[str, AreaCoverage]:
    """Code → coverage, for every région of the referential, sorted by name."""
    return memo.per_catalogue("couverture des régions", catalogue, lambda: _regions(catalogue))


def _regions(catalogue: Catalogue) -> dict[str, AreaCoverage]:
    ref = catalogue.reference
    covered = covered_codes(catalogue)
    where = cpts_regions(catalogue)
    result = {}
    for code, region in sorted(ref.regions.items(), key=lambda item: name_key(item[1].nom)):
        deps = [d for d, dep in sorted(ref.departements.items()) if dep.region == code]
        units = [u for d in deps for u in units_of_departement(ref, d)]
        slugs = (slug for slug, regions in where.items() if code in regions)
        result[code] = area(catalogue, code, region.nom, units, slugs, covered)
    return result


def national_coverage(catalogue: Catalogue) -> AreaCoverage:
    """The whole referential (every département), with every published CPTS."""
    return memo.per_catalogue("couverture nationale", catalogue, lambda: _national(catalogue))


def _national(catalogue: Catalogue) -> AreaCoverage:
    ref = catalogue.reference
    units = [u for d in sorted(ref.departements) for u in units_of_departement(ref, d)]
    return area(catalogue, "FR", "France", units, catalogue.cpts, covered_codes(catalogue))


def name_key(nom: str) -> str:
    """Sort key in French alphabetical order: « Île-de-France » between Hauts-de-France and La Réunion."""
    return "".join(c for c in unicodedata.normalize("NFD", nom.casefold()) if not unicodedata.combining(c))


def departements_of_region(catalogue: Catalogue, region: str) -> list[str]:
    """Codes of the région's départements, in code order."""
    return [code for code, dep in sorted(catalogue.reference.departements.items()) if dep.region == region]


def data_date(catalogue: Catalogue) -> str | None:
    """The most recent ``mise_a_jour`` of the CPTS records: the date the figures describe."""
    dates = [str(entry.record.mise_a_jour) for entry in catalogue.cpts.values()]
    return max(dates) if dates else None
