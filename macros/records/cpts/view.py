"""What a visitor sees of one CPTS: plain values prepared for the fragments (page, table, finder).

Pure functions from the catalogue to dicts, so the same labels and numbers appear on the CPTS
page, in the directory, in exports and in the finder.
"""
from __future__ import annotations

from typing import Any

from ...core.loader import Catalogue
from .loading import CptsEntry
from ..citations import import_view, source_view  # noqa: F401 - the citation of a source, shared by every record type
from ...render.fragments import french_date

PRECISION_LABELS = {
    "exact": "Territoire publié par une source",
    "partiel": "Territoire partiel : au moins ces communes",
    "approximation": "Territoire approché (déduit du nom de la CPTS)",
    "inconnu": "Territoire non renseigné",
}


def figure_view(catalogue: Catalogue, figure: Any) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {"valeur": figure.valeur, "date": figure.date, "source": source_view(catalogue, figure.source)}


def population_view(catalogue: Catalogue, entry: CptsEntry) -> dict[str, Any] | None:
    """The population a visitor should read: the source's figure, else computed and labelled."""
    record = entry.record
    if record.population is not None:
        view = figure_view(catalogue, record.population)
        view["origine"] = "source"
        return view
    if entry.population_calculee is None:
        return None
    partial = record.territoire.precision == "partiel"
    return {
        "valeur": entry.population_calculee,
        "origine": "minimum" if partial else "calculee",
        "date": None,
        "source": None,
    }


def status_view(catalogue: Catalogue, slug: str) -> dict[str, Any]:
    status = catalogue.referentiels.statuts[slug]
    return {"slug": slug, "libelle": status.libelle, "description": status.description,
            "couleur": status.couleur, "forme": status.forme}


def timeline(catalogue: Catalogue, entry: CptsEntry) -> list[dict[str, Any]]:
    """Each step of the status ladder with its date, marking those reached."""
    steps = [s for s in catalogue.referentiels.statuts.values() if s.slug != "non-renseigne"]
    current = entry.record.statut
    order = [s.slug for s in steps]
    reached_index = order.index(current) if current in order else -1
    return [
        {"slug": s.slug, "libelle": s.libelle, "date": entry.record.etapes.get(s.slug),
         "atteinte": i <= reached_index or bool(entry.record.etapes.get(s.slug)), "actuelle": s.slug == current}
        for i, s in enumerate(steps)
    ]


def communes_view(catalogue: Catalogue, entry: CptsEntry) -> list[dict[str, Any]]:
    ref = catalogue.reference
    rows = [ref.communes[c] for c in entry.communes]
    return [{"code": c.code, "nom": c.nom, "departement": c.departement,
             "codes_postaux": " ".join(c.codes_postaux), "population": c.population} for c in
            sorted(rows, key=lambda c: (c.nom, c.code))]


def summary(catalogue: Catalogue, entry: CptsEntry) -> dict[str, Any]:
    """The short form used by the directory table, exports and the finder."""
    record, refs = entry.record, catalogue.referentiels
    population = population_view(catalogue, entry)
    return {
        "slug": record.slug,
        "nom": record.nom,
        "statut": status_view(catalogue, record.statut),
        "taille": record.taille,
        "region": {"code": record.region, "nom": refs.regions[record.region].nom} if record.region else None,
        "departements": [{"code": d, "nom": refs.departements[d].nom} for d in record.departements],
        "population": population,
        "nombre_communes": len(entry.communes),
        "precision": record.territoire.precision,
        "missions": [refs.missions[m].libelle for m in record.missions],
        "mise_a_jour": record.mise_a_jour,
    }


def page_view(catalogue: Catalogue, entry: CptsEntry, edit_url: str | None) -> dict[str, Any]:
    """Everything the CPTS page shows."""
    record, refs, ref = entry.record, catalogue.referentiels, catalogue.reference
    siege = ref.communes.get(record.siege) if record.siege else None
    offers = [refs.missions[m] for m in record.missions if refs.missions[m].pour_les_patients]
    return {
        **summary(catalogue, entry),
        "autres_noms": record.autres_noms,
        "siege": {"code": siege.code, "nom": siege.nom} if siege else None,
        "presentation": [p.strip() for p in record.presentation.split("\n\n") if p.strip()],
        "offre_patients": [{"libelle": m.libelle, "texte": m.pour_les_patients} for m in offers],
        "missions_detail": [{"libelle": refs.missions[m].libelle, "categorie": refs.missions[m].categorie} for m in record.missions],
        "etapes": timeline(catalogue, entry),
        "territoire": {
            "precision": record.territoire.precision,
            "precision_libelle": PRECISION_LABELS[record.territoire.precision],
            "note": record.territoire.note,
            "communes": communes_view(catalogue, entry),
        },
        "professionnels": figure_view(catalogue, record.professionnels),
        "adherents": figure_view(catalogue, record.adherents),
        "gouvernance": [{"role": refs.roles[o.role].libelle, "nom": o.nom, "date": o.date,
                         "source": source_view(catalogue, o.source)} for o in record.gouvernance],
        # Every key present (None when unknown): fragments test values, they never assume a key exists.
        "contacts": record.contacts.model_dump(),
        "remarques": record.remarques,
        "sources": [source_view(catalogue, s) for s in record.sources],
        "fichier": entry.path,
        "edit_url": edit_url,
    }
