"""Each record's YAML file published: ``data/<type>/<slug>.yml`` → ``donnees/<type>/<slug>.yml``.

Record types say whether their files are published (``Feature.twinned``): pages link to them, so
anyone can reuse a record with its sources. What is published is the file as staff wrote it,
without its comments (``core.yamlcomments``): they are notes between staff (« ne pas publier »),
never data, and no check reads them.
"""
from __future__ import annotations

from typing import Any

from ..core.loader import CPTS, Catalogue
from ..core import memo
from ..core.yamlcomments import without_comments


def yaml_twins(catalogue: Catalogue, config: Any) -> dict[str, bytes]:
    """Each published record's YAML file, without comments (byte for byte when it has none).

    Pages link to them but no page is built from them: the second process writes them
    (``build.deferred``), which keeps ~1,500 files at national scale out of MkDocs' file list.
    """
    entries = list(catalogue.cpts.values())
    entries += [entry for feature in catalogue.declared if feature.twinned and feature.name != CPTS
                for entry in catalogue.features.get(feature.name, {}).values()]
    return {"donnees/" + entry.path.removeprefix("data/"): _published(catalogue.root / entry.path) for entry in entries}


def _published(path: Any) -> bytes:
    raw = path.read_bytes()
    if b"#" not in raw:
        return raw
    # Under mkdocs serve, an unchanged file is not read through again (see core.memo).
    return memo.memoized("copie publiée", raw, lambda: without_comments(raw.decode("utf-8")).encode("utf-8"))
