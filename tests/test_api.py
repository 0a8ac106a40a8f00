"""The top-level API: ``cr.derive``, ``cr.check``, ``cr.explain`` and the objects they return;
every docstring example of these modules runs as written (doctest)."""

from __future__ import annotations

import doctest
import importlib

import pytest
import sympy

import chainrule as cr
from chainrule.errors import ConfigError

DOCTESTED = [
    "chainrule", "chainrule.calculus.derive", "chainrule.check", "chainrule.check.dispatch",
    "chainrule.check.result", "chainrule.explain", "chainrule.explain.api",
    "chainrule.explain.model", "chainrule.explain.examples",
]


@pytest.mark.parametrize("name", DOCTESTED)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} shows no example"
    assert result.failed == 0


def test_derive_prints_its_steps_not_a_dataclass() -> None:
    derivation = cr.derive("1/(1+exp(-x))")
    text = str(derivation)
    assert "Derivation(" not in text and "ChainStep(" not in text
    assert text.splitlines()[-1] == "Result: d/dx [1/(1 + e⁻ˣ)] = σ(x)(1 − σ(x))"
    x = sympy.Symbol("x")
    sigma = 1 / (1 + sympy.exp(-x))
    at = {x: sympy.Rational(3, 10)}  # σ′ = σ(1 − σ), by hand
    assert float(derivation.result.subs(at).evalf()) == pytest.approx(
        float((sigma * (1 - sigma)).subs(at).evalf()), rel=1e-12)
    assert derivation.steps[0] is derivation.tree
    for display in ("_repr_html_", "_repr_latex_", "_repr_markdown_"):
        assert getattr(derivation, display)()
    assert "<math" in derivation._repr_html_()
    assert derivation.to_latex().startswith(r"\begin{align*}")


def test_check_free_form_and_network_form() -> None:
    wrong = cr.check("2h", of="(y-h)^2", wrt="h")
    assert wrong.verdict == "incorrect" and not wrong.correct
    h = dict(wrong.counterexample.variables)["h"]
    y = dict(wrong.counterexample.variables)["y"]
    assert wrong.counterexample.claim_value == pytest.approx(2 * h)
    assert wrong.counterexample.true_value == pytest.approx(2 * (h - y))  # by hand
    right = cr.check(r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)", example="lfd")
    assert right.verdict == "correct"
    same = cr.check(r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)",
                    network=cr.explain.example("lfd").net, notation="lfd")
    assert same.verdict == "correct"
    assert "**incorrect" in wrong._repr_markdown_()
    assert r"\neq" in wrong.to_latex() and wrong._repr_latex_().startswith("$")


def test_check_refuses_both_forms_and_neither() -> None:
    with pytest.raises(ConfigError, match="got both"):
        cr.check("2h", of="(y-h)^2", wrt="h", example="lfd")
    with pytest.raises(ConfigError, match="neither"):
        cr.check("2h")
    with pytest.raises(ConfigError, match="only one"):
        cr.check("2h", of="(y-h)^2")


def test_explain_is_callable_and_still_a_package() -> None:
    import chainrule.explain.api  # noqa: F401  (binding the submodule must not break the call)

    ex = cr.explain.example("lfd")
    explanation = cr.explain(ex.net, ex.x, ex.y, "delta_1^(L)", notation="lfd")
    # δ of LFD's tanh output, by hand: 2(x − y)(1 − x²) with x the network's output
    out = float(ex.net.trace(ex.x, ex.y).a(2)[0, 0])
    assert explanation.gradient == pytest.approx(2 * (out - 1.0) * (1 - out**2), rel=1e-12)
    assert str(explanation) == explanation.to_text()
    assert explanation._repr_markdown_() == explanation.to_markdown()
    assert explanation.steps and all(hasattr(line, "value") for line in explanation.steps)


def test_old_example_names_still_work() -> None:
    assert cr.explain.example("seed003").name == "jhz"
    assert cr.explain.get_notation("seed003").key == "jhz"
