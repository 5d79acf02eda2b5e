"""Frequently asked questions: model, themes and the page."""
