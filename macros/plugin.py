"""What the MkDocs hooks do: fail early on bad data, add generated pages and files, fold search.

Generated pages live only in memory (``File.generated``): nothing generated is written into
``docs/`` or committed, and ``mkdocs serve`` regenerates them whenever ``data/`` changes.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import generated, search_index
from .errors import DataErrors
from .loader import Catalogue, load_catalogue

log = logging.getLogger("mkdocs.plugins.portail_cpts")


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def catalogue_for(config) -> Catalogue:
    return load_catalogue(project_root(config))


def on_config(config):
    """Load and validate ``data/`` before anything is built or cleaned."""
    try:
        catalogue = catalogue_for(config)
    except DataErrors as exc:
        # PluginError makes MkDocs print the message and exit 1, without a traceback.
        raise PluginError(str(exc)) from None
    for warning in catalogue.warnings:
        log.info("avertissement : %s", warning)
    return config


def on_files(files: Files, config) -> Files:
    catalogue = catalogue_for(config)
    for path, content in generated.all_files(catalogue, config).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_content(html: str, page, config, files) -> str:
    return generated.restore_body(html)


def on_post_build(config) -> None:
    search_index.fold_index(Path(config.site_dir) / "search" / "search_index.json")
