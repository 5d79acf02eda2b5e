"""Each record's YAML file published as it is: ``data/<type>/<slug>.yml`` → ``donnees/<type>/<slug>.yml``.

Record types say whether their files are published (``Feature.twinned``): pages link to them, so
anyone can reuse a record with its sources, byte for byte.
"""
from __future__ import annotations

from typing import Any

from ..core.loader import CPTS, Catalogue


def yaml_twins(catalogue: Catalogue, config: Any) -> dict[str, bytes]:
    """Each published record's YAML file, byte for byte.

    Pages link to them but no page is built from them: the second process writes them
    (``build.deferred``), which keeps ~1,500 files at national scale out of MkDocs' file list.
    """
    entries = list(catalogue.cpts.values())
    entries += [entry for feature in catalogue.declared if feature.twinned and feature.name != CPTS
                for entry in catalogue.features.get(feature.name, {}).values()]
    return {"donnees/" + entry.path.removeprefix("data/"): (catalogue.root / entry.path).read_bytes() for entry in entries}
