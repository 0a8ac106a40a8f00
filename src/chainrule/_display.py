"""The writers that display a result, found by name: they live above the result's package.

A derivation (``calculus``), an explanation (``explain``), a network and a trace (``nn``) show
themselves as text, LaTeX, Markdown, HTML or SVG (``to_latex()``, ``_repr_html_()``), but what
writes them is in ``render`` and ``viz``, which import those packages. So a result asks here
for its writer by name (``writer("explanation.latex")``), the root package — above every
layer — says once where each writer lives, and the writer's module is imported on the first
display. The lower package never imports the higher one (``tests/test_layering.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

_WRITERS: dict[str, str] = {}


def register_writers(writers: Mapping[str, str]) -> None:
    """Record where each writer lives: ``{"explanation.latex": "module:function", ...}``."""
    _WRITERS.update(writers)


def writer(name: str) -> Callable[..., Any]:
    """The function registered as ``name``, its module imported if it was not yet."""
    module, function = _WRITERS[name].split(":")
    return getattr(importlib.import_module(module), function)


def writer_names() -> list[str]:
    """Every registered writer's name, sorted."""
    return sorted(_WRITERS)
