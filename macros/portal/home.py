"""The home page's blocks: what a CPTS does for patients, key figures, the map preview, the latest actions.

Every text and figure comes from ``data/``: the patients' sentences are the missions referential's
``pour_les_patients``, the figures are counted from the records (coverage from ``coverage``, so the
home page and the coverage pages agree). The map preview is a small static SVG of the
metropolitan départements, coloured like the national map's choropleth (``map_view`` classes),
written as ``cartes/apercu-france.svg`` on the second core (no page waits for it): the home page
shows an image linking to the map page instead of loading the map itself.
"""
from __future__ import annotations

import html
import math
from typing import Any

from ..core.loader import Catalogue
from ..geo import coverage, map_view
from ..geo.coverage_pages import share_text
from ..records.link_view import relative
from ..render.fragments import french_number, relative_url, render_fragment

PREVIEW_PATH = "cartes/apercu-france.svg"
PREVIEW_WIDTH = 400                       # SVG user units; the image is drawn at most this wide
# Metropolitan France and Corsica, lon/lat degrees (west, south, east, north): a fixed frame, so
# the page knows the image's size without computing any shape.
FRAME = (-5.3, 41.3, 9.7, 51.2)
MAP_PAGE = "carte/"
COVERAGE_PAGE = "couverture/"
ACTIONS_PAGE = "actions/"
ABOUT_PATIENTS = "a-propos/cpts/#pour-les-patients"


def patient_offers(catalogue: Catalogue) -> list[dict[str, str]]:
    """The missions that say what they bring to patients, in the referential's order."""
    return [{"slug": slug, "libelle": m.libelle, "texte": m.pour_les_patients}
            for slug, m in catalogue.referentiels.missions.items() if m.pour_les_patients]


def key_figures(catalogue: Catalogue) -> dict[str, Any]:
    """Counts of the published data: CPTS, covered communes and population, actions, events."""
    national = coverage.national_coverage(catalogue)
    events = catalogue.features.get("evenements", {})
    return {
        "cpts": len(catalogue.cpts),
        "communes": national.unites_couvertes,
        "population": national.population_couverte,
        "part": share_text(national),
        "actions": len(catalogue.features.get("actions", {})),
        "evenements": len(events),
        "date": coverage.data_date(catalogue),
    }


def latest_actions(catalogue: Catalogue, here: str, count: int) -> list[dict[str, Any]]:
    from ..records.actions import view as action_view

    if not catalogue.features.get("actions"):
        return []
    return [relative(here, action_view.summary(catalogue, e)) for e in action_view.ordered(catalogue)[:count]]


# --- the map preview ---------------------------------------------------------------------------

def _metropolitan(code: str) -> bool:
    return not code.startswith("97")


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def preview_svg(catalogue: Catalogue) -> str:
    """The metropolitan départements, filled by number of CPTS (the national map's classes)."""
    from ..geo import map_geometry

    shapes = {code: geom for code, geom in map_geometry.departement_shapes(map_geometry.DEPARTEMENT_TOLERANCE_NATIONAL).items()
              if _metropolitan(code)}
    counts = map_view.counts_by_departement(catalogue)
    classes = map_view.count_classes(max(counts.values(), default=0))
    west, south, east, north = FRAME
    kx, scale, height = _projection()

    def ring_path(ring: list[list[float]]) -> str:
        # Whole pixels of a 400-pixel image: points that fall on the same pixel are dropped.
        points: list[tuple[int, int]] = []
        for lon, lat in ring:
            point = (round((lon - west) * kx * scale), round((north - lat) * scale))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) < 3:
            return ""
        # Relative moves (each point from the previous one) are about half as long to write.
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in zip(points, points[1:]))
        return f"M{points[0][0]} {points[0][1]}l{steps}z"

    paths = []
    for code in sorted(shapes):
        d = "".join(ring_path(ring) for ring in _rings(shapes[code]))
        colour = map_view.class_of(counts.get(code, 0), classes)["couleur"]
        paths.append(f'<path fill="{colour}" d="{d}"/>')
    covered = sum(1 for code in shapes if counts.get(code, 0))
    def departements(n: int) -> str:
        return f"{n} département{'s' if n > 1 else ''}"

    legend = " ; ".join(f"{c['libelle']} : {departements(sum(1 for code in shapes if map_view.class_of(counts.get(code, 0), classes) is c))}"
                        for c in classes)
    desc = (f"Nombre de CPTS recensées sur ce portail par département de métropole et de Corse : {departements(covered)} "
            f"sur {len(shapes)} en comptent au moins une. {legend}. La carte complète et sa liste sont sur la page Carte.")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PREVIEW_WIDTH} {height}" '
            f'width="{PREVIEW_WIDTH}" height="{height}" role="img" aria-labelledby="titre desc">'
            f'<title id="titre">Aperçu de la carte des CPTS</title><desc id="desc">{html.escape(desc)}</desc>'
            f'<g stroke="#5c5c5c" stroke-width=".5" stroke-linejoin="round" fill-rule="evenodd">{"".join(paths)}</g></svg>\n')


def _projection() -> tuple[float, float, int]:
    """Equirectangular at the frame's mean latitude (right proportions for a thumbnail)."""
    west, south, east, north = FRAME
    kx = math.cos(math.radians((south + north) / 2))
    scale = PREVIEW_WIDTH / ((east - west) * kx)
    return kx, scale, round((north - south) * scale)


def preview_size() -> tuple[int, int]:
    """Width and height of the preview (for the <img> attributes, so the page does not shift)."""
    return PREVIEW_WIDTH, _projection()[2]


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    """Deferred provider: the map preview image."""
    return {PREVIEW_PATH: preview_svg(catalogue)} if catalogue.cpts else {}


def register(env, catalogue: Catalogue) -> None:  # noqa: ANN001 - mkdocs-macros' object
    def here() -> str:
        return env.page.url if env.page is not None else ""

    @env.macro
    def accueil_pour_vous() -> str:
        """What a CPTS can do for patients (missions referential), with a link to learn more."""
        return render_fragment(catalogue.root, "accueil_pour_vous.html", offres=patient_offers(catalogue),
                               en_savoir_plus=relative_url(here(), ABOUT_PATIENTS))

    @env.macro
    def accueil_carte_et_chiffres() -> str:
        """The map preview (an image linking to the map page) and the key figures of the data."""
        counts = map_view.counts_by_departement(catalogue)
        classes = map_view.count_classes(max(counts.values(), default=0))
        width, height = preview_size()
        return render_fragment(
            catalogue.root, "accueil_carte_chiffres.html", chiffres=key_figures(catalogue),
            apercu={"src": relative_url(here(), PREVIEW_PATH), "largeur": width, "hauteur": height},
            classes=classes, carte_url=relative_url(here(), MAP_PAGE),
            couverture_url=relative_url(here(), COVERAGE_PAGE), actions_url=relative_url(here(), ACTIONS_PAGE),
            agenda_url=relative_url(here(), "evenements/"), annuaire_url=relative_url(here(), "annuaire/"),
            nombre=french_number)

    @env.macro
    def accueil_actions(nombre: int = 3) -> str:
        """The latest case studies, as cards, with a link to the library."""
        return render_fragment(catalogue.root, "accueil_actions.html", actions=latest_actions(catalogue, here(), nombre),
                               actions_url=relative_url(here(), ACTIONS_PAGE))

