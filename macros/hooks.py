"""MkDocs hooks (declared in mkdocs.yml): validate data first, generate record pages, tidy output.

This is the only module that knows MkDocs' event API; it delegates everything to ``plugin``.
"""
from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads this file by path: make the project importable as the ``macros`` package.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.plugins import event_priority  # noqa: E402

from macros import plugin  # noqa: E402


@event_priority(100)  # before mkdocs-macros, so a data error stops the build before anything else
def on_config(config):
    return plugin.on_config(config)


def on_startup(command, dirty):
    plugin.on_startup(command)


def on_files(files, config):
    return plugin.on_files(files, config)


def on_nav(nav, config, files):
    return plugin.on_nav(nav, config, files)


def on_env(env, config, files):
    return plugin.on_env(env, config, files)


def on_page_content(html, page, config, files):
    return plugin.on_page_content(html, page, config, files)


def on_post_page(output, page, config):
    return plugin.on_post_page(output, page, config)


def on_post_build(config):
    plugin.on_post_build(config)
