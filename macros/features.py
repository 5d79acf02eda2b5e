"""The list of optional features whose loaders plug into the catalogue (actions, observatoire…).

Importing this module registers each feature's loader with ``loader.register_feature``; a feature
module does so at import time, so adding one is a single import line here.
"""
from __future__ import annotations

from .records.observatoire import loading as observatoire  # noqa: F401,E402 - figures, charts and their pages (issue 5)
from .geo import maps  # noqa: F401,E402 - national, regional and CPTS maps (issue 3 B)
from .geo import coverage_pages, finder  # noqa: F401,E402 - commune finder and coverage pages (issue 3 A)
from .records.actions import model as actions  # noqa: F401,E402 - case-study library: model, pages, library macro (issue 4)
from .records.evenements import model as evenements  # noqa: F401,E402 - agenda, news and toolkit: models, pages, macros
from .records.actualites import model as actualites  # noqa: F401,E402 - agenda, news and toolkit: models, pages, macros
from .records.outils import model as outils  # noqa: F401,E402 - agenda, news and toolkit: models, pages, macros
from .records.faq import model as faq  # noqa: F401,E402 - FAQ and glossary: models, pages, open data
from .records.glossaire import model as glossaire  # noqa: F401,E402 - FAQ and glossary: models, pages, open data
from .records.cpts import related as cpts_related  # noqa: F401,E402 - CPTS pages link back to the events, news and resources naming them

from .build.deferred import register as _deferred  # noqa: E402
from .records.cpts.exports import yaml_twins  # noqa: E402

_deferred(yaml_twins)  # the records' YAML files, written by the second process
