"""The functions learners use, each with its own rule in derive's step tree.

Every derivative is checked three ways: against ``sympy.diff`` of the function written in SymPy's
own terms by this test (``Piecewise``, ``exp``, ``erf``), node by node; and at the kinks against
PyTorch autograd, whose conventions the engine follows (ReLU′(0) = 0).
"""

from __future__ import annotations

import pytest
import sympy
import torch

from chainrule.calculus import derive, parse, to_latex, to_text, walk
from chainrule.calculus.function_steps import FunctionRuleStep
from chainrule.render import render

x = sympy.Symbol("x")
E = sympy.exp

#: (typed, the same function in SymPy's terms, its PyTorch twin, the rule's class name)
CASES = [
    ("sin(x)", sympy.sin(x), torch.sin, "SinStep"),
    ("cos(x)", sympy.cos(x), torch.cos, "CosStep"),
    ("tan(x)", sympy.tan(x), torch.tan, "TanStep"),
    ("sinh(x)", sympy.sinh(x), torch.sinh, "SinhStep"),
    ("cosh(x)", sympy.cosh(x), torch.cosh, "CoshStep"),
    ("sech(x)", 2 / (E(x) + E(-x)), lambda t: 1 / torch.cosh(t), "SechStep"),
    ("csch(x)", 2 / (E(x) - E(-x)), lambda t: 1 / torch.sinh(t), "CschStep"),
    ("coth(x)", (E(x) + E(-x)) / (E(x) - E(-x)), lambda t: 1 / torch.tanh(t), "CothStep"),
    ("arctan(x)", sympy.atan(x), torch.atan, "ArctanStep"),
    ("relu(x)", sympy.Piecewise((x, x > 0), (0, True)), torch.relu, "ReluStep"),
    ("leaky_relu(x, 0.1)", sympy.Piecewise((x, x > 0), (x / 10, True)),
     lambda t: torch.nn.functional.leaky_relu(t, 0.1), "LeakyReluStep"),
    ("elu(x)", sympy.Piecewise((x, x > 0), (E(x) - 1, True)), torch.nn.functional.elu,
     "EluStep"),
    ("abs(x)", sympy.Piecewise((x, x > 0), (-x, True)), torch.abs, "AbsStep"),
    ("sign(x)", sympy.Piecewise((1, x > 0), (-1, x < 0), (0, True)), torch.sign, "SignStep"),
    ("step(x)", sympy.Piecewise((1, x > 0), (0, True)), lambda t: (t > 0).to(t.dtype) * t / t,
     "HeavisideStep"),
    ("softplus(x)", sympy.log(1 + E(x)), torch.nn.functional.softplus, "SoftplusStep"),
    ("swish(x)", x / (1 + E(-x)), torch.nn.functional.silu, "SwishStep"),
    ("gelu(x)", x / 2 * (1 + sympy.erf(x / sympy.sqrt(2))), torch.nn.functional.gelu,
     "GeluStep"),
]  # fmt: skip
#: Points on both sides of every kink, and the kink itself.
POINTS = (-1.7, -0.4, 0.0, 0.3, 1.2)


def _torch_slope(function: object, at: float) -> float:
    t = torch.tensor(at, dtype=torch.float64, requires_grad=True)
    function(t).backward()  # type: ignore[operator]
    return float(t.grad)


@pytest.mark.parametrize(("text", "reference", "twin", "rule"), CASES, ids=[c[0] for c in CASES])
def test_each_function_has_its_rule_and_the_right_derivative(text, reference, twin, rule) -> None:
    derivation = derive(text, "x")
    assert type(derivation.tree).__name__ == rule
    assert isinstance(derivation.tree, FunctionRuleStep) and derivation.tree.rule
    truth = sympy.diff(reference, x)
    for at in POINTS:
        if at == 0 and text.startswith(("csch", "coth")):
            continue  # a pole, not a kink
        ours = float(derivation.result.subs(x, sympy.Float(at)).evalf(30))
        if at != 0 or not reference.has(sympy.Piecewise):
            assert ours == pytest.approx(float(truth.subs(x, at).evalf(30)), abs=1e-12)
        if not text.startswith("step"):  # PyTorch has no gradient through a comparison
            assert ours == pytest.approx(_torch_slope(twin, at), abs=1e-9), at


def test_the_kink_convention_is_stated_in_the_steps() -> None:
    out = render(derive("relu(x)"), "text")
    assert "relu′(0) = 0, as PyTorch" in out
    assert "step(x)" in out.splitlines()[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sech(n)^2", -2 * sympy.tanh(sympy.Symbol("n")) * sympy.sech(sympy.Symbol("n")) ** 2),
        ("log_2(x)", 1 / (x * sympy.log(2))),
        (r"\log_{10} x", 1 / (x * sympy.log(10))),
        ("ln(x^2 + 1)", 2 * x / (x**2 + 1)),
        ("e^(3x)", 3 * E(3 * x)),
        ("2^x", 2**x * sympy.log(2)),
        ("x^2.5", sympy.Rational(5, 2) * x ** sympy.Rational(3, 2)),
        ("x^(-1/3)", -sympy.Rational(1, 3) * x ** sympy.Rational(-4, 3)),
        ("0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))", None),  # GELU, tanh approximation
        ("|x|^3", None),
    ],
)
def test_chains_through_the_new_functions_match_sympy(text: str, expected) -> None:
    derivation = derive(text)
    for step in walk(derivation.tree):
        difference = (step.eval() - sympy.diff(step.expr, step.wrt)).rewrite(sympy.Piecewise)
        for at in POINTS[:2] + POINTS[3:]:
            point = {s: sympy.Float(at) for s in difference.free_symbols}
            assert abs(complex(difference.xreplace(point).evalf(30))) < 1e-20, (step, at)
    if expected is not None:
        difference = (derivation.result - expected).rewrite(sympy.exp)
        assert sympy.simplify(difference) == 0


def test_gelu_tanh_approximation_matches_pytorch() -> None:
    derivation = derive("0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))")
    gelu = lambda t: torch.nn.functional.gelu(t, approximate="tanh")  # noqa: E731
    for at in POINTS:
        ours = float(derivation.result.subs(x, at).evalf(30))
        assert ours == pytest.approx(_torch_slope(gelu, at), abs=1e-9)


def test_max_and_min_of_two_terms() -> None:
    a, b = sympy.symbols("a b")
    assert derive("max(0, x)").result.subs(x, 0) == 0  # relu′(0) = 0
    for text, twin in (("max(x^2, x)", torch.maximum), ("min(x^2, x)", torch.minimum)):
        derivation = derive(text)
        for at in (-1.5, 0.5, 2.0):  # away from ties, where PyTorch splits the gradient
            t = torch.tensor(at, dtype=torch.float64, requires_grad=True)
            twin(t**2, t).backward()
            assert float(derivation.result.subs(x, at)) == pytest.approx(float(t.grad))
    assert parse("max(a, b)").rewrite(sympy.Piecewise).subs({a: 2, b: 5}) == 5


@pytest.mark.parametrize("text", [c[0] for c in CASES] + ["leaky_relu(x)", "|x - 1|",
                                                           "step(x - 2)", "sech^2(x)"])
def test_steps_and_results_print_and_parse_back(text: str) -> None:
    derivation = derive(text, "x")
    for expr in (derivation.expr, derivation.result):
        for printed in (to_text(expr), to_latex(expr)):
            back = parse(printed)  # SymPy may distribute a number over a sum: (9s + 1)/10
            assert back == expr or sympy.expand(back - expr) == 0, printed
    for fmt in ("text", "latex", "markdown"):
        assert render(derivation, fmt)


@pytest.mark.parametrize("text", [c[0] for c in CASES if not c[0].startswith("gelu")])
def test_the_checker_evaluates_each_function_and_its_powers_as_sympy_does(text: str) -> None:
    """The checker compiles formulas to NumPy: sech(x)² must stay (1/cosh x)², not cosh x."""
    import numpy as np

    from chainrule.check.sample_eval import evaluate

    points = np.array([-1.7, -0.4, 0.3, 1.2])
    for expr in (parse(text), parse(text) ** 2, 3 / (1 + parse(text) ** 2)):
        ours = evaluate(expr, {x: points}, len(points))
        exact = [float(expr.xreplace({x: sympy.Float(p)}).evalf(30)) for p in points]
        assert np.allclose(ours, exact, rtol=1e-12), (expr, ours, exact)
