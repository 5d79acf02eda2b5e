"""MkDocs hooks (declared in mkdocs.yml): validate data first, generate record pages, tidy output.

This is the only module that knows MkDocs' event API; it delegates everything to ``plugin``.
Every hook goes through ``_in_french``: whatever fails, MkDocs prints one French message and
exits 1 — never a Python traceback (MkDocs prints one for any exception but its own).
"""
from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

# MkDocs loads this file by path: make the project importable as the ``macros`` package.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import DuplicateFilter  # noqa: E402

from macros.build import page_refs, plugin  # noqa: E402
from macros.core.errors import BuildFailure, DataErrors, explain  # noqa: E402


def _in_french(hook):
    """Turn any failure of ``hook`` into a ``PluginError`` with a French message."""

    @functools.wraps(hook)
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except PluginError:
            raise
        except (BuildFailure, DataErrors) as exc:
            raise PluginError(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - staff get a sentence, not a traceback
            raise PluginError(explain(exc)) from None
    return run


class _FrenchFraming(logging.Filter):
    """MkDocs frames a page's failure in English (« Error reading page 'x': »): say it in French."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Error reading page '"):
            page = message.split("'")[1]
            record.msg, record.args = f"construction arrêtée (page en cours : « {page} ») :", None
        elif "An error happened during the rebuild" in message:  # mkdocs serve, after its « [HH:MM:SS] »
            # MkDocs serves no half-built site: after a failed rebuild every request waits for the
            # next good one (« the server will appear stuck »), whatever is left in the directory.
            when = message.split("An error happened")[0]
            record.msg, record.args = (when + "la mise à jour de l'aperçu a échoué : les pages de l'aperçu attendent "
                                       "(le navigateur semble bloqué) jusqu'à ce que les erreurs ci-dessus soient "
                                       "corrigées ; dès le fichier corrigé et enregistré, elles s'affichent à jour"), None
        return True


class _MacrosReport(logging.Filter):
    """mkdocs-macros logs, in English and with a Python traceback, a page it could not render: the
    hooks say it in French with the page's line (``page_refs.raise_macro_failures``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "_Macro Rendering Error_" not in str(record.msg) and "_Macro Syntax Error_" not in str(record.msg)


def _say_errors_again() -> None:
    """MkDocs prints each message once per process (its ``DuplicateFilter``): under ``mkdocs serve``
    the same error after another save would be printed no more. Forgotten before each build (a
    build's own repeated warnings are still printed once)."""
    for log_filter in logging.getLogger("mkdocs.commands.build").filters:
        if isinstance(log_filter, DuplicateFilter):
            log_filter.msgs.clear()


@event_priority(100)  # before mkdocs-macros, so a data error stops the build before anything else
@_in_french
def on_config(config):
    _say_errors_again()
    return plugin.on_config(config)


@_in_french
def on_startup(command, dirty):
    for logger in ("mkdocs.commands.build", "mkdocs.livereload"):
        logging.getLogger(logger).addFilter(_FrenchFraming())
    logging.getLogger("mkdocs.plugins.mkdocs_macros.util").addFilter(_MacrosReport())
    plugin.on_startup(command)


@_in_french
def on_files(files, config):
    # mkdocs-macros has made its Jinja environment (on_config); no page is rendered yet.
    page_refs.guard_templates(config.plugins.get("macros"))
    return plugin.on_files(files, config)


@_in_french
def on_nav(nav, config, files):
    return plugin.on_nav(nav, config, files)


@_in_french
def on_env(env, config, files):
    return plugin.on_env(env, config, files)


@_in_french
def on_pre_page(page, config, files):
    return plugin.on_pre_page(page, config, files)


@event_priority(-100)  # after mkdocs-macros has rendered the page
@_in_french
def on_page_markdown(markdown, page, config, files):
    page_refs.raise_macro_failures(page, markdown)
    return markdown


@_in_french
def on_page_content(html, page, config, files):
    return plugin.on_page_content(html, page, config, files)


@_in_french
def on_post_page(output, page, config):
    return plugin.on_post_page(output, page, config)


@_in_french
def on_post_build(config):
    plugin.on_post_build(config)


@_in_french
def on_serve(server, config, builder):
    return plugin.on_serve(server)


def on_build_error(error):
    plugin.on_build_error()


def on_shutdown():
    plugin.on_shutdown()
