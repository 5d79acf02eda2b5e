"""The list of optional features whose loaders plug into the catalogue (actions, observatoire…).

Importing this module registers each feature's loader with ``loader.register_feature``; a feature
module does so at import time, so adding one is a single import line here.
"""
from __future__ import annotations

from . import observatoire  # noqa: F401,E402 - figures, charts and their pages (issue 5)
from . import maps  # noqa: F401,E402 - national, regional and CPTS maps (issue 3 B)
from . import coverage_pages, finder  # noqa: F401,E402 - commune finder and coverage pages (issue 3 A)
from . import actions  # noqa: F401,E402 - case-study library: model, pages, library macro (issue 4)
from . import evenements, actualites, outils  # noqa: F401,E402 - agenda, news and toolkit: models, pages, macros
from . import faq, glossaire  # noqa: F401,E402 - FAQ and glossary: models, pages, open data
from . import cpts_related  # noqa: F401,E402 - CPTS pages link back to the events, news and resources naming them

from .deferred import register as _deferred  # noqa: E402
from .exports import yaml_twins  # noqa: E402

_deferred(yaml_twins)  # the records' YAML files, written by the second process
from . import home  # noqa: F401,E402 - home page blocks: for patients, key figures, map preview, latest actions (issue 15)
from . import open_formats  # noqa: F401,E402 - Atom feeds, GeoJSON, Data Package (issue 15)
