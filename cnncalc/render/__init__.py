"""Renderers: one module per output format, each turning plain report data into text."""
from __future__ import annotations

from importlib import import_module

FORMATS = ("table", "json", "csv", "markdown")


def renderer(format_name: str):
    """The module for a format, imported on first use so that JSON never loads rich."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; choose from {', '.join(FORMATS)}")
    return import_module(f"cnncalc.render.{format_name}")
