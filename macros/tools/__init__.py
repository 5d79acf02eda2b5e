"""Developer tools that are not part of the build (``python -m macros.tools.<name>``)."""
