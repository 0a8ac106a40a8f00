"""A notation's names, held as trees, in text, LaTeX and MathML: one name of each course.

The expected strings are written by hand from how each course writes the name (see the
notes on notations): Nielsen's ``a^L_j``, Mitchell's ``net_5``, CS231n's ``(W_2)_{12}``,
Andrew Ng's ``dW^{[2]}``, LFD's bold vectors, CS231n's ``ŷ``.
"""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus.math_names import MathName
from chainrule.errors import ConfigError
from chainrule.explain.formula_nodes import leaf, symbol
from chainrule.explain.notation import PRESETS
from chainrule.explain.quantity_names import Namer
from chainrule.render.explain_items import LATEX, TEXT
from chainrule.render.explain_mathml import MATHML
from chainrule.render.name_swaps import number_pair, script_swap, swapped_numbers, swapped_scripts

NAMES = [
    # Nielsen: the activation of unit j in the last layer.
    (symbol("a", "j", "(L)"), "aⱼ⁽ᴸ⁾", "a_{j}^{(L)}",
     "<msubsup><mi>a</mi><mrow><mi>j</mi></mrow><mrow><mo>(</mo><mi>L</mi><mo>)</mo></mrow>"
     "</msubsup>"),
    # Mitchell: the signal of unit 5, an upright word.
    (symbol("net", "5", upright=True), "net₅", r"\mathrm{net}_{5}",
     '<msub><mrow><mi mathvariant="normal">n</mi><mi mathvariant="normal">e</mi>'
     '<mi mathvariant="normal">t</mi></mrow><mrow><mn>5</mn></mrow></msub>'),
    # CS231n: entry (1, 2) of the matrix W₂.
    (symbol(MathName("W", sub="2"), "12"), "(W₂)₁₂", "(W_{2})_{12}",
     "<mo>(</mo><msub><mi>W</mi><mrow><mn>2</mn></mrow></msub><msub><mo>)</mo><mrow><mn>12</mn>"
     "</mrow></msub>"),
    # Andrew Ng: the gradient of W of layer 2, a bracketed layer tag.
    (symbol("dW", sup="[2]"), "dW^[2]", "dW^{[2]}",
     "<mi>d</mi><msup><mi>W</mi><mrow><mo>[</mo><mn>2</mn><mo>]</mo></mrow></msup>"),
    # LFD: the bold vector x of layer l.
    (symbol("x", sup="(l)", bold=True), "𝐱⁽ˡ⁾", r"\mathbf{x}^{(l)}",
     "<msup><mrow><mi>𝐱</mi></mrow><mrow><mo>(</mo><mi>l</mi><mo>)</mo></mrow></msup>"),
    # CS231n: the network's first output, y with a hat.
    (symbol("y", "1", accent="hat"), "ŷ₁", r"\hat{y}_{1}",
     '<msub><mover accent="true"><mrow><mi>y</mi></mrow><mo>^</mo></mover><mrow><mn>1</mn>'
     "</mrow></msub>"),
    # Nielsen: δ of unit j in the next layer; a Greek base and a layer sum.
    (symbol("δ", "j", "(l+1)"), "δⱼ⁽ˡ⁺¹⁾", r"\delta_{j}^{(l+1)}",
     "<msubsup><mi>δ</mi><mrow><mi>j</mi></mrow><mrow><mo>(</mo><mi>l</mi><mo>+</mo><mn>1</mn>"
     "<mo>)</mo></mrow></msubsup>"),
    # Two indices of several characters, with a comma; a layer below L.
    (symbol("w", "10,j", "(L-1)"), "w₁₀,ⱼ⁽ᴸ⁻¹⁾", "w_{10,j}^{(L-1)}",
     "<msubsup><mi>w</mi><mrow><mn>10</mn><mo>,</mo><mi>j</mi></mrow><mrow><mo>(</mo><mi>L</mi>"
     "<mo>−</mo><mn>1</mn><mo>)</mo></mrow></msubsup>"),
    # A subscript Unicode cannot lower: written with an underscore.
    (symbol("y", "q"), "y_q", "y_{q}", "<msub><mi>y</mi><mrow><mi>q</mi></mrow></msub>"),
]


@pytest.mark.parametrize(("name", "text", "latex", "mathml"), NAMES)
def test_a_name_is_printed_from_its_tree_in_each_format(name: sympy.Symbol, text: str,
                                                          latex: str, mathml: str) -> None:
    assert (TEXT(name), LATEX(name), MATHML(name)) == (text, latex, mathml)


def test_a_name_is_one_symbol_inside_an_expression() -> None:
    w, x = symbol("w", "53"), symbol("o", "3")
    assert TEXT(w * x + 1) == "o₃·w₅₃ + 1"  # SymPy's order of factors, by name
    assert symbol("w", "53") == w and symbol("w", "35") != w
    assert TEXT(symbol("a", "j", "(L)") ** 2) == "(aⱼ⁽ᴸ⁾)²"


def test_a_name_that_is_not_letters_is_refused() -> None:
    with pytest.raises(ConfigError, match="letters"):
        MathName("w_1")
    with pytest.raises(ConfigError, match="accent"):
        MathName("y", accent="circle")


def _named(preset: str, widths: tuple[int, ...], face: str, *args: object) -> MathName:
    namer = Namer(PRESETS[preset], widths)
    if face == "gradient of W":
        return namer.gradient_name(namer.weight_matrix(*args))
    return getattr(namer, face)(*args)


@pytest.mark.parametrize(("preset", "widths", "face", "args", "text", "latex"), [
    ("nielsen", (2, 3, 2), "post", (2, "j"), "aⱼ⁽ᴸ⁾", "a_{j}^{(L)}"),  # a^L_j
    ("nielsen", (2, 3, 2), "weight", (2, 0, 1), "w₂₁⁽ᴸ⁾", "w_{21}^{(L)}"),  # to unit 2 from 1
    ("mitchell", (2, 2, 2), "pre", (2, 0), "net₅", r"\mathrm{net}_{5}"),  # units 1..6 in order
    ("mitchell", (2, 2, 2), "weight", (2, 0, 0), "w₅₃", "w_{53}"),
    ("mitchell", (2, 2, 2), "target_vector", (), "𝐭", r"\mathbf{t}"),
    ("cs231n", (2, 3, 2), "weight", (2, 0, 1), "(W₂)₁₂", "(W_{2})_{12}"),
    ("cs231n", (2, 3, 2), "post", (2, 0), "ŷ₁", r"\hat{y}_{1}"),
    ("cs231n", (2, 3, 2), "delta_vector", (2,), "dz₂", "dz_{2}"),
    ("ng", (2, 3, 2), "gradient of W", (2,), "dW^[2]", "dW^{[2]}"),
    ("ng", (2, 3, 2), "delta_vector", (2,), "dz^[2]", r"\mathrm{dz}^{[2]}"),
    ("lfd", (2, 3, 2), "pre_vector", (2,), "𝐬⁽ᴸ⁾", r"\mathbf{s}^{(L)}"),
    ("lfd", (2, 3, 2), "bias_vector", (1,), "𝐰₀⁽¹⁾", r"\mathbf{w}_{0}^{(1)}"),
    ("lfd", (2, 3, 1), "target", (0,), "yₙ", "y_{n}"),
    ("lfd", (2, 3, 1), "loss", None, "e", r"\mathrm{e}"),
    ("jhz", (3, 3, 1), "post", (1, 1), "h₂⁽²⁾", "h_{2}^{(2)}"),  # h of layer l is tagged l+1
])
def test_each_course_names_its_quantities_its_own_way(preset, widths, face, args, text,
                                                       latex) -> None:
    name = getattr(Namer(PRESETS[preset], widths), face) if args is None else \
        _named(preset, widths, face, *args)
    assert (TEXT(name), LATEX(name), TEXT(leaf(name))) == (text, latex, text)


def test_a_gradient_name_puts_its_d_before_the_hat() -> None:
    name = Namer(PRESETS["cs231n"], (2, 3, 2)).gradient_name(MathName("y", accent="hat"))
    assert (TEXT(name), LATEX(name), MATHML(name)) == (
        "dŷ", r"d\hat{y}",
        '<mi>d</mi><mover accent="true"><mrow><mi>y</mi></mrow><mo>^</mo></mover>')


def test_two_names_differ_in_one_number_or_in_their_scripts() -> None:
    net5, net6 = MathName("net", "5", upright=True), MathName("net", "6", upright=True)
    assert number_pair(net5, net6) == ("5", "6")
    assert number_pair(net5, MathName("net", "6")) is None  # another style: another name
    w = MathName(MathName("W", sub="2"), sub="12")
    assert number_pair(w, MathName(MathName("W", sub="3"), sub="12")) == ("2", "3")
    assert number_pair(w, MathName(MathName("W", sub="3"), sub="13")) is None  # two numbers
    swap = script_swap(MathName("z", "1", "(L)"), MathName("z", "2", "(3)"))
    assert swap == {("_", "1"): ("_", "2"), ("_", "2"): ("_", "1"),
                    ("^", "(L)"): ("^", "(3)"), ("^", "(3)"): ("^", "(L)")}
    assert swapped_scripts(MathName("a", "2", "(3)"), swap) == MathName("a", "1", "(L)")
    assert swapped_numbers(w, {"2": "3", "3": "2"}) == MathName(MathName("W", sub="3"), sub="12")
    assert script_swap(MathName("z", "1"), MathName("u", "2")) is None  # another letter
    assert script_swap(MathName("z", "1"), MathName("z", sup="(2)")) is None  # another form
