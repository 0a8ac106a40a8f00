"""Results find their writers by name (chainrule._display): every name asked for is registered,
and every registered writer is a function of a module that exists."""

from __future__ import annotations

import re
from pathlib import Path

import chainrule as cr
from chainrule._display import writer, writer_names

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "chainrule"


def test_every_writer_a_result_asks_for_is_registered() -> None:
    asked = {name for path in PACKAGE.rglob("*.py")
             for name in re.findall(r'writer\("([\w.]+)"\)', path.read_text(encoding="utf-8"))}
    assert asked == set(writer_names())


def test_every_registered_writer_is_a_function() -> None:
    for name in writer_names():
        assert callable(writer(name)), name


def test_a_derivation_displays_through_its_registered_writer() -> None:
    derivation = cr.derive("x^2")
    assert derivation.to_latex() == writer("derivation.steps")(derivation, "latex")
    assert r"\begin{align*}" in derivation.to_latex()
    assert "<math" in derivation._repr_html_()
