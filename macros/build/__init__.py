"""The only MkDocs-aware code: hooks, build state, generated pages, second process, Pagefind, menus."""
