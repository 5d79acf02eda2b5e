"""THE list of record types and site features: what the site contains, in one place.

Each ``Feature`` (``core.feature``) declares its loader, the schema staff write against, its
closed lists, its generated files (first process) and deferred files (second process), its
macros, what it adds to every CPTS page and the checks of its macros in hand-written pages.
The catalogue is loaded with this list and keeps it; the build reads it from the catalogue.
Importing a module registers nothing: a feature not listed here is not in the site.

A new record type is a model (``records/<type>/model.py`` with a ``RecordFolder`` loader), its
pages, and one entry here (see README « Ajouter un type de fiche »). The order is the order of
loading (the CPTS first: every other record may name one), of error reports and of macros.
"""
from __future__ import annotations

from .core.feature import Feature
from .geo import coverage_pages, finder, maps
from .records import schema_docs, twins
from .records.agenda import cpts_links as cpts_related, macros as agenda_macros
from .records.actions import macros as action_macros, model as actions, pages as action_pages
from .records.actualites import model as actualites, pages as actualite_pages
from .records.appuis import model as appuis, pages as appui_pages
from .records.cpts import exports as cpts_exports, loading as cpts, macros as cpts_macros, model as cpts_model
from .records.cpts import pages as cpts_pages
from .records.evenements import model as evenements, pages as evenement_pages
from .records.faq import model as faq, page as faq_page
from .records.glossaire import exports as faq_glossaire_exports, model as glossaire, page as glossaire_page
from .records.observatoire import loading as observatoire, macros as observatoire_macros, view as observatoire_view
from .records.outils import model as outils, pages as outil_pages
from .portal import home, open_formats

FEATURES: tuple[Feature, ...] = (
    # The directory: one page per CPTS, the directory table, the CSV/JSON open data.
    Feature("cpts", loader=cpts.load, schema=cpts_model.Cpts, files=(cpts_pages.files, cpts_exports.files),
            macros=(cpts_macros.register,), twinned=True),
    # The staff guide's field tables and the published JSON Schema of every record type.
    Feature("guide", files=(schema_docs.files,), macros=(schema_docs.register,),
            reference_checks=schema_docs.REFERENCE_CHECKS),
    # Figures, charts and their pages (issue 5).
    Feature("observatoire", loader=observatoire.load, schema=observatoire.Dataset, files=(observatoire_view.files,),
            macros=(observatoire_macros.register,), reference_checks=observatoire_macros.REFERENCE_CHECKS),
    # National, regional and CPTS maps (issue 3 B): map documents on the second process.
    Feature("cartes", files=(maps.files,), deferred=(maps.documents,), macros=(maps.register_macros,),
            cpts_page=(maps.cpts_page_context,)),
    # Population coverage pages (issue 3 A).
    Feature("couverture", files=(coverage_pages.files,), macros=(coverage_pages.register,)),
    # « Trouver ma CPTS »: the commune finder and its index (issue 3 A).
    Feature("trouver", deferred=(finder.files,), macros=(finder.register,), reference_checks=finder.REFERENCE_CHECKS),
    # The case-study library (issue 4).
    Feature("actions", loader=actions.load, schema=actions.Action, files=(action_pages.files,),
            macros=(action_macros.register,), twinned=True),
    # Agenda, news and toolkit: one set of macros for the three.
    Feature("evenements", loader=evenements.load, schema=evenements.Evenement, files=(evenement_pages.files,),
            macros=(agenda_macros.register,), twinned=True),
    Feature("actualites", loader=actualites.load, schema=actualites.Actualite, files=(actualite_pages.files,),
            macros=(agenda_macros.register,), twinned=True),
    Feature("outils", loader=outils.load, schema=outils.Outil, referentials=outils.REFERENTIALS,
            files=(outil_pages.files,), macros=(agenda_macros.register,), twinned=True),
    # FAQ and glossary: one page each, and their open data.
    Feature("faq", loader=faq.load, schema=faq.Question, referentials=faq.REFERENTIALS, macros=(faq_page.register,)),
    Feature("glossaire", loader=glossaire.load, schema=glossaire.Term, files=(faq_glossaire_exports.files,),
            macros=(glossaire_page.register,)),
    # Support bodies: who helps CPTS, and who to ask where no CPTS is known (the finder names them).
    Feature("appuis", loader=appuis.load, schema=appuis.Appui, files=(appui_pages.files,), macros=(appui_pages.register,),
            cpts_page=(appui_pages.cpts_page_context,), twinned=True),
    # CPTS pages link back to the events, news and toolkit resources that name them.
    Feature("liens-cpts", cpts_page=(cpts_related.related,)),
    # Every published record's YAML file, written by the second process.
    Feature("donnees", deferred=(twins.yaml_twins,)),
    # The home page's blocks: for patients, key figures, the map preview (written on the second core), latest actions.
    Feature("accueil", deferred=(home.files,), macros=(home.register,)),
    # Open data in the formats people use: Atom feeds, GeoJSON, the Data Package describing every download.
    # The GeoJSON files are written on the second core (with the maps, which place every CPTS too).
    Feature("formats-ouverts", files=(open_formats.files,), deferred=(open_formats.geojson,)),
)
