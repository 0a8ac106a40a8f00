"""Formulas printed from their trees in each format: the MathML expression printer, and the
explanations' formula nodes (sums, rates, numbers, ``θ′(s)``) as LaTeX, text and MathML.
Expected strings are written by hand from the formula they stand for."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy

from chainrule.calculus import parse, walk
from chainrule.calculus.printing import to_latex
from chainrule.calculus.printing.latex_mathml import latex_elements
from chainrule.calculus.printing.mathml import MathMLPrinter
from chainrule.errors import ConfigError
from chainrule.explain import example, explain
from chainrule.explain import formula_nodes as f
from chainrule.explain import tensor_nodes as t
from chainrule.explain import vector_nodes as v
from chainrule.explain.model import Prose, significant_digits
from chainrule.render.explain_items import LATEX, TEXT
from chainrule.render.explain_mathml import MATHML

MATHML_CASES = [
    ("1 - x^2", "<mn>1</mn><mo>−</mo><msup><mi>x</mi><mrow><mn>2</mn></mrow></msup>"),
    ("x_1^(L)", "<msubsup><mi>x</mi><mrow><mn>1</mn></mrow><mrow><mo>(</mo><mi>L</mi><mo>)</mo>"
                "</mrow></msubsup>"),
    ("(x_1)^2", "<msubsup><mi>x</mi><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></msubsup>"),
    ("σ(x)(1 - σ(x))",
     '<mi>σ</mi><mrow><mo fence="true" form="prefix">(</mo><mrow><mi>x</mi></mrow>'
     '<mo fence="true" form="postfix">)</mo></mrow>'
     '<mrow><mo fence="true" form="prefix">(</mo><mrow><mn>1</mn><mo>−</mo><mi>σ</mi><mrow>'
     '<mo fence="true" form="prefix">(</mo><mrow><mi>x</mi></mrow><mo fence="true" '
     'form="postfix">)</mo></mrow></mrow><mo fence="true" form="postfix">)</mo></mrow>'),
    ("x/2", "<mfrac><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></mfrac>"),
    ("1/(1+exp(-x))", "<mfrac><mrow><mn>1</mn></mrow><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi>"
                      "<mrow><mo>−</mo><mi>x</mi></mrow></msup></mrow></mfrac>"),
    ("ŷ_1 - y_1", '<msub><mover accent="true"><mrow><mi>y</mi></mrow><mo>^</mo></mover><mrow>'
                  "<mn>1</mn></mrow></msub><mo>−</mo><msub><mi>y</mi><mrow><mn>1</mn></mrow>"
                  "</msub>"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "mathml"), MATHML_CASES)
def test_mathml_printer(typed, mathml):
    assert MathMLPrinter()(parse(typed)) == mathml


def _expressions(obj, found):
    if isinstance(obj, sympy.Basic):
        found.update(sympy.preorder_traversal(obj))
    elif isinstance(obj, tuple):
        for item in obj:
            _expressions(item, found)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            _expressions(getattr(obj, field.name), found)
    return found


@pytest.mark.parametrize("preset", ["lfd", "nielsen", "mitchell", "cs231n", "jhz"])
def test_mathml_printer_lays_out_what_the_latex_printer_typesets(preset):
    """Every expression of an explanation (formulas, numbers, derivation steps), printed as
    MathML, is the layout of its LaTeX: the two printers of one family agree."""
    ex = example(preset)
    quantity = "w_53" if preset == "mitchell" else ex.quantity  # its example is a layer
    explanation = explain(ex.net, ex.x, ex.y, quantity, preset)
    found: set = set()
    for line in explanation.lines():
        _expressions((line.formula, line.numbers), found)
        if line.derivation is not None:
            for step in walk(line.derivation.tree):
                _expressions((step.expr, step.eval()), found)
    assert len(found) > 20
    printer = MathMLPrinter()
    for expr in found:
        assert printer(expr) == latex_elements(to_latex(expr)), expr


W, X, D = f.name("w_{53}"), f.name("o_{3}"), f.name(r"\delta_{5}")
NODE_CASES = [
    # node, LaTeX, text, MathML
    (f.Rate(f.name("E"), W, partial=True), r"\frac{\partial E}{\partial w_{53}}", "∂E/∂w₅₃",
     "<mfrac><mrow><mo>∂</mo><mi>E</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mrow><mn>53</mn>"
     "</mrow></msub></mrow></mfrac>"),
    (f.Terms((f.Juxtaposed((W, X)), f.ELLIPSIS, f.Neg(D))), r"w_{53} o_{3} + \cdots - \delta_{5}",
     "w₅₃ o₃ + ⋯ − δ₅",
     "<msub><mi>w</mi><mrow><mn>53</mn></mrow></msub><msub><mi>o</mi><mrow><mn>3</mn></mrow>"
     "</msub><mo>+</mo><mo>⋯</mo><mo>−</mo><msub><mi>δ</mi><mrow><mn>5</mn></mrow></msub>"),
    (f.Neg(f.Terms((X, D)), paren=True), r"-\left(o_{3} + \delta_{5}\right)", "−(o₃ + δ₅)",
     '<mo>−</mo><mrow><mo fence="true" form="prefix">(</mo><mrow><msub><mi>o</mi><mrow><mn>3'
     '</mn></mrow></msub><mo>+</mo><msub><mi>δ</mi><mrow><mn>5</mn></mrow></msub></mrow><mo '
     'fence="true" form="postfix">)</mo></mrow>'),
    (f.Number(-1.5e-7, operand=True), r"\left(-1.5 \times 10^{-7}\right)", "(−1.5 × 10⁻⁷)",
     '<mrow><mo fence="true" form="prefix">(</mo><mrow><mo>−</mo><mn>1.5</mn><mo>×</mo><msup>'
     '<mn>10</mn><mrow><mo>−</mo><mn>7</mn></mrow></msup></mrow><mo fence="true" '
     'form="postfix">)</mo></mrow>'),
    (f.Vector((0.05, 0.1)), r"\left(0.05, 0.1\right)", "(0.05, 0.1)",
     '<mrow><mo fence="true" form="prefix">(</mo><mrow><mn>0.05</mn><mo>,</mo><mn>0.1</mn>'
     '</mrow><mo fence="true" form="postfix">)</mo></mrow>'),
    (f.Applied(f.name(r"\sigma"), f.name("z"), prime=True),
     r"\sigma^{\prime}\left(z\right)", "σ′(z)",
     '<msup><mi>σ</mi><mrow><mo>′</mo></mrow></msup><mrow><mo fence="true" form="prefix">(</mo>'
     '<mrow><mi>z</mi></mrow><mo fence="true" form="postfix">)</mo></mrow>'),
    (f.Equation((D, f.SumOver("k", f.Juxtaposed((W, X))))),
     r"\delta_{5} = \sum_{k} w_{53} o_{3}", "δ₅ = ∑ₖ w₅₃ o₃",
     "<msub><mi>δ</mi><mrow><mn>5</mn></mrow></msub><mo>=</mo><msub><mo>∑</mo><mrow><mi>k</mi>"
     "</mrow></msub><msub><mi>w</mi><mrow><mn>53</mn></mrow></msub><msub><mi>o</mi><mrow><mn>3"
     "</mn></mrow></msub>"),
    (f.Entries(f.Shape(2, 3), (((0, 1), 0.0123), ((0, 2), -0.5)), more=True),
     r"\left[2 \times 3\right]\quad (1,2):\ 0.0123,\ (1,3):\ -0.5,\ \dots",
     "[2 × 3] (1, 2): 0.0123, (1, 3): −0.5, …", None),
    (f.Product(((D, False), (f.Terms((X, f.Neg(W))), True))),
     r"\delta_{5}\left(o_{3} - w_{53}\right)", "δ₅(o₃ − w₅₃)", None),
    # the gates of time step 1, a norm with a label, a row at four significant figures
    (v.Tupled((f.symbol("i"), f.symbol("f")), sup=v.Tupled((f.Number(1),))), "(i, f)^{(1)}",
     "(i, f)⁽¹⁾",
     "<msup><mrow><mo>(</mo><mi>i</mi><mo>,</mo><mi>f</mi><mo>)</mo></mrow><mrow><mo>(</mo>"
     "<mn>1</mn><mo>)</mo></mrow></msup>"),
    (v.Norm(D, "RNN"), r"\left\|\delta_{5}\right\|_{\text{RNN}}", "|δ₅|_(RNN)",
     '<msub><mrow><mo fence="true" form="prefix">‖</mo><mrow><msub><mi>δ</mi><mrow><mn>5</mn>'
     '</mrow></msub></mrow><mo fence="true" form="postfix">‖</mo></mrow><mrow><mtext>RNN'
     "</mtext></mrow></msub>"),
    (f.Vector((0.123456, -2.0), digits=4), r"\left(0.1235, -2\right)", "(0.1235, −2)", None),
]  # fmt: skip


@pytest.mark.parametrize(("node", "latex", "text", "mathml"), NODE_CASES)
def test_formula_nodes_in_each_format(node, latex, text, mathml):
    with significant_digits(6):
        assert LATEX(node) == latex
        assert TEXT(node) == text
        if mathml is not None:
            assert MATHML(node) == mathml


def test_numbers_follow_the_significant_digits():
    with significant_digits(3):
        assert TEXT(f.Number(0.0721571)) == "0.0722"
        assert LATEX(f.Number(-2.0, operand=True)) == r"\left(-2\right)"


def _relu_network(kind: str) -> tuple[object, np.ndarray, np.ndarray]:
    """A 2-3-2 network of ReLUs (or leaky ReLUs) whose signals fall on both sides of 0."""
    import chainrule as cr

    act = (lambda: cr.ReLU()) if kind == "relu" else (lambda: cr.LeakyReLU(0.1))
    net = cr.Network([cr.Dense(2, 3), act(), cr.Dense(3, 2), act()],
                     loss=cr.HalfSumSquaredError(), seed=3)
    return net, np.array([[0.7, -0.4]]), np.array([[1.0, 0.0]])


@pytest.mark.parametrize("preset", ["lfd", "nielsen", "mitchell", "cs231n", "jhz", "relu",
                                    "leaky_relu"])
@pytest.mark.parametrize("notation", ["lfd", "mitchell", "cs231n", "ng"])
def test_dense_explanations_hold_no_latex_text(preset, notation):
    """A dense network's explanation (one weight, a layer, the weights and the δ's) keeps
    every formula as a tree: no LaTeX text for the renderers to read back, a kinked
    activation's θ and θ′ (ReLU's max(s, 0) and [s > 0]) included."""
    net, x, y = _relu_network(preset) if "relu" in preset else (lambda e: (e.net, e.x, e.y))(
        example(preset))
    checked = 0
    for quantity in ("layer 1", "w_11^(2)", "w_53", "w_31", "(W_2)_11", "w_11^[2]"):
        try:
            explanation = explain(net, x, y, quantity, notation, weights=True, deltas=True)
        except ConfigError:  # a name this notation does not have
            continue
        items = [(*line.formula, line.numbers, line.shape) for line in explanation.lines()]
        texts = [item for line in items for item in line if isinstance(item, str) and item]
        assert texts == []
        assert not isinstance(explanation.check.quantity, str)
        if "relu" in preset:
            kinked = [item for line in items for item in line
                      if isinstance(item, sympy.Basic) and item.has(sympy.Piecewise)]
            assert kinked  # θ′ of the kink is a tree: Piecewise((1, s > 0), (0 or α, True))
        checked += 1
    assert checked >= 2


def _latex_texts(item, field: str = "") -> list[str]:
    """The strings held where a formula stands, at any depth of a formula's tree (a norm's
    label, a sum's index letter and an upright function's name are words, not formulas)."""
    if isinstance(item, str):
        return [item] if item and field not in ("label", "index") else []
    if isinstance(item, tuple):
        return [text for part in item for text in _latex_texts(part, field)]
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        words = ("name",) if isinstance(item, f.Applied) and item.upright else ()
        return [text for part in dataclasses.fields(item) if part.name not in words
                for text in _latex_texts(getattr(item, part.name), part.name)]
    return []


@pytest.mark.parametrize(("preset", "quantity", "notation"), [
    ("lstm", "W_f[0,1]", None), ("lstm", "U_i[1,2]", None), ("lstm", "W^o[2,0]", None),
    ("lstm", "Ug[0,0]", None), ("mitchell", "∂o_6/∂x_1", "mitchell"),
    ("mitchell", "∂E/∂net_5", "mitchell"), ("cs231n", r"∂\hat{y}_1/∂(z_2)_2", "cs231n"),
    ("cs231n", "∂ŷ_2/∂(a_1)_4", "cs231n"), ("cs231n", "∂L/∂b_1^{(1)}", "cs231n"),
    ("cs231n", "∂a_2^[1]/∂w_11^[1]", "ng"), ("nielsen", "∂C/∂a_2^{(1)}", "nielsen"),
    ("nielsen", "∂a_1^{(4)}/∂z_2^{(2)}", "nielsen"), ("lfd", "∂e/∂x_2^{(1)}", "lfd"),
])  # fmt: skip
def test_lstm_and_partial_explanations_hold_no_latex_text(preset, quantity, notation):
    """An LSTM's gate weight and a partial derivative between two quantities keep every
    formula of their lines (formulas, numbers, shapes, at any depth) and of their check as
    a tree, and their prose's formulas as parts: no LaTeX text for the renderers to read
    back."""
    ex = example(preset)
    explanation = explain(ex.net, ex.x, ex.y, quantity, notation or ex.notation)
    assert len(explanation.lines()) > 3
    for line in explanation.lines():
        assert _latex_texts((line.formula, line.numbers, line.shape)) == [], line
    assert _latex_texts(explanation.check.quantity) == []
    ours = [section for section in explanation.sections if section.title in _OURS]
    said = [explanation.title, *(section.text for section in ours),
            *(line.reason for section in ours for line in section.lines)]
    assert len(ours) >= 1 and not [text for text in said if "$" in str(text)]


#: The sections the LSTM and partial explanations write (the others are the dense ones').
_OURS = ("The network", "Forward through time", "Through time, through the cell",
         "The sum over time", "The chain rule, step by step", "Your names")


XT, SI = f.symbol("x", accent="tilde"), f.Juxtaposed((f.symbol("s"), f.symbol("i")), spaced=False)
TENSOR_CASES = [
    # the convolution's and the recurrent layer's nodes: node, LaTeX, text, MathML
    (t.Indexed(XT, (f.symbol("n"), 0, f.Terms((SI, f.Number(1))))),
     r"\tilde{x}_{n,0,si + 1}", "x̃ₙ,₀,ₛᵢ₊₁",
     '<msub><mover accent="true"><mrow><mi>x</mi></mrow><mo>~</mo></mover><mrow><mi>n</mi>'
     "<mo>,</mo><mn>0</mn><mo>,</mo><mi>s</mi><mi>i</mi><mo>+</mo><mn>1</mn></mrow></msub>"),
    (t.Indexed(f.symbol("K"), (2, f.symbol("c"))), "K_{2,c}", "K_(2,c)",
     "<msub><mi>K</mi><mrow><mn>2</mn><mo>,</mo><mi>c</mi></mrow></msub>"),
    (f.SumOver(t.Indices((f.symbol("n"), f.symbol("i"), f.symbol("j"))), X), r"\sum_{n,i,j} o_{3}",
     "∑ₙ,ᵢ,ⱼ o₃",
     "<msub><mo>∑</mo><mrow><mi>n</mi><mo>,</mo><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub>"
     "<msub><mi>o</mi><mrow><mn>3</mn></mrow></msub>"),
    (f.Terms((f.Number(0.5), t.LeftOut(2))), r"0.5 + \dots \text{ (2 more terms)}",
     "0.5 + … (2 more terms)",
     "<mn>0.5</mn><mo>+</mo><mo>…</mo><mtext>&#160;(2&#160;more&#160;terms)</mtext>"),
    (t.LeftOut(1), r"\dots \text{ (1 more term)}", "… (1 more term)", None),
    (f.Terms((f.Number(1), f.Neg(f.Primed(f.symbol("u"))))), r"1 - u^{\prime}", "1 − u′",
     "<mn>1</mn><mo>−</mo><msup><mi>u</mi><mrow><mo>′</mo></mrow></msup>"),
]  # fmt: skip


@pytest.mark.parametrize(("node", "latex", "text", "mathml"), TENSOR_CASES)
def test_tensor_nodes_in_each_format(node, latex, text, mathml):
    with significant_digits(6):
        assert LATEX(node) == latex
        assert TEXT(node) == text
        if mathml is not None:
            assert MATHML(node) == mathml


def _held_latex(item):
    """The LaTeX strings held anywhere in a formula tree, a name made from LaTeX included."""
    if isinstance(item, str):
        return [item] if item else []
    if isinstance(item, tuple):
        return [text for part in item for text in _held_latex(part)]
    if isinstance(item, sympy.Symbol):
        return [item.name] if getattr(item, "math_name", 0) is None else []
    if isinstance(item, f.Applied) and item.upright:  # tanh: a word, not LaTeX
        return _held_latex(item.argument)
    if dataclasses.is_dataclass(item):
        return [text for field in dataclasses.fields(item)
                for text in _held_latex(getattr(item, field.name))]
    return []


@pytest.mark.parametrize(("preset", "quantity"), [
    ("conv", "K[0,0,1,0]"), ("conv", "K[1,0,0,1]"), ("rnn", "W[0,1]"), ("rnn", "U[1,2]")])
def test_conv_and_rnn_explanations_hold_no_latex_text(preset, quantity):
    """The convolution's and the recurrent layer's explanations keep every formula, number
    and shape as a tree, down to the names, and its prose as words and formulas: no LaTeX
    text for the renderers to read back."""
    ex = example(preset)
    explanation = explain(ex.net, ex.x, ex.y, quantity)
    items = [(line.formula, line.numbers, line.shape) for line in explanation.lines()]
    assert len(items) > 8
    assert _held_latex((tuple(items), explanation.check.quantity)) == []
    said = [explanation.title, *(line.reason for line in explanation.lines()),
            *(part for section in explanation.sections for part in (section.title, section.text))]
    words = [part for text in said for part in (text.parts if isinstance(text, Prose) else (text,))
             if isinstance(part, str)]
    formulas = [part for text in said if isinstance(text, Prose) for part in text.parts
                if not isinstance(part, str)]
    assert len(formulas) > 8 and not [text for text in words if "$" in text]
    assert _held_latex(tuple(formulas)) == []


POWER_CASES = [
    # node, LaTeX, text, MathML: a power as written, its base in parentheses when asked
    (f.Power(f.Terms((X, D)), sympy.Rational(-3, 2), paren=True),
     r"\left(o_{3} + \delta_{5}\right)^{-\frac{3}{2}}", "(o₃ + δ₅)^(−3/2)",
     '<msup><mrow><mo fence="true" form="prefix">(</mo><mrow><msub><mi>o</mi><mrow><mn>3</mn>'
     '</mrow></msub><mo>+</mo><msub><mi>δ</mi><mrow><mn>5</mn></mrow></msub></mrow><mo '
     'fence="true" form="postfix">)</mo></mrow><mrow><mo>−</mo><mfrac><mrow><mn>3</mn></mrow>'
     "<mrow><mn>2</mn></mrow></mfrac></mrow></msup>"),
    (f.Power(W, sympy.Integer(2)), r"w_{53}^{2}", "w₅₃²",
     "<msubsup><mi>w</mi><mrow><mn>53</mn></mrow><mrow><mn>2</mn></mrow></msubsup>"),
    # a parenthesized power opens with a parenthesis: no dot before it, in every format
    (f.Product(((D, False), (f.Power(f.Terms((X, W)), sympy.Integer(2), paren=True), False))),
     r"\delta_{5}\left(o_{3} + w_{53}\right)^{2}", "δ₅(o₃ + w₅₃)²",
     '<msub><mi>δ</mi><mrow><mn>5</mn></mrow></msub><msup><mrow><mo fence="true" '
     'form="prefix">(</mo><mrow><msub><mi>o</mi><mrow><mn>3</mn></mrow></msub><mo>+</mo><msub>'
     '<mi>w</mi><mrow><mn>53</mn></mrow></msub></mrow><mo fence="true" form="postfix">)</mo>'
     "</mrow><mrow><mn>2</mn></mrow></msup>"),
    (f.Vector((0.123456, -2.5), digits=2), r"\left(0.12, -2.5\right)", "(0.12, −2.5)",
     '<mrow><mo fence="true" form="prefix">(</mo><mrow><mn>0.12</mn><mo>,</mo><mo>−</mo>'
     '<mn>2.5</mn></mrow><mo fence="true" form="postfix">)</mo></mrow>'),
]  # fmt: skip


@pytest.mark.parametrize(("node", "latex", "text", "mathml"), POWER_CASES)
def test_powers_and_rounded_vectors_in_each_format(node, latex, text, mathml):
    with significant_digits(6):
        assert (LATEX(node), TEXT(node), MATHML(node)) == (latex, text, mathml)
