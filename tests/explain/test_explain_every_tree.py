"""Every explanation the examples can produce holds its formulas as trees: the dense networks
(one weight, bias, δ, a whole layer, partial derivatives, with the weights, the δ's and an
update) in every notation, and the layers beyond Dense (convolution, recurrent, LSTM, batch
norm, pooling, dropout). No formula is text for a printer to read back, no prose holds
``$…$`` LaTeX, and the quantity explained is its title's formula, a tree."""

from __future__ import annotations

import dataclasses
import functools

import pytest
import sympy

from chainrule.errors import ConfigError
from chainrule.explain import example, explain
from chainrule.explain import formula_nodes as f
from chainrule.explain.examples import EXAMPLES
from chainrule.explain.layer_examples import LAYER_EXAMPLES
from chainrule.explain.model import Explanation, Prose
from chainrule.explain.notation import PRESETS
from chainrule.explain.notation_symbols import NotationSymbol
from chainrule.explain.quantity import Quantity
from chainrule.render.explain_items import TEXT

#: Fields of formula nodes that hold words, not formulas: a sum's index letter, a norm's label,
#: a shape's dimension letter (``N × 2``).
_WORD_FIELDS = ("index", "label", "rows", "cols")


def _texts(item, field: str = "") -> list[object]:
    """What in a formula is not a tree: text where a formula stands, at any depth, and SymPy
    symbols named in LaTeX that are not a notation's name (a tree). (Plain symbols such as the
    chain rule's ``f(g)`` are named by letters, which every printer writes as they are.)"""
    if isinstance(item, str):
        return [item] if field not in _WORD_FIELDS else []
    if isinstance(item, tuple):
        return [text for part in item for text in _texts(part, field)]
    if isinstance(item, sympy.Basic):
        return [s for s in item.free_symbols
                if not isinstance(s, NotationSymbol) and set(s.name) & set("\\{}$")]
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        words = ("name",) if isinstance(item, f.Applied) and item.upright else ()
        return [text for part in dataclasses.fields(item) if part.name not in words
                for text in _texts(getattr(item, part.name), part.name)]
    assert item is None or isinstance(item, int | float), item
    return []


def _prose_strings(said) -> list[str]:
    """The word parts of prose (a plain string is all words)."""
    if isinstance(said, Prose):
        return [part for part in said.parts if isinstance(part, str)]
    return [said]


def _assert_trees(explanation: Explanation) -> None:
    quantity = explanation.quantity
    assert not isinstance(quantity, str) and _texts(quantity) == [], quantity
    assert isinstance(explanation.title, Prose) and quantity in explanation.title.parts
    for line in explanation.lines():
        items = (*line.formula, line.numbers, line.shape)
        assert _texts(tuple(item for item in items if item != "")) == [], line
    if explanation.check is not None:
        assert _texts(explanation.check.quantity) == []
    said = [explanation.title]
    for section in explanation.sections:
        said += [section.title, section.text, *(line.reason for line in section.lines)]
    words = [text for part in said for text in _prose_strings(part)]
    assert not [text for text in words if "$" in text]
    assert TEXT(quantity)  # a printer writes it


@functools.cache
def _dense(preset: str):
    ex = example(preset)
    return ex.net, ex.x, ex.y


def _dense_quantities(net) -> list[Quantity]:
    last = len(net.dense_layers)
    found = [Quantity("layer", 1), Quantity("layer", last), Quantity("weight", last, 0, 0),
             Quantity("delta", last, 0), Quantity("delta", 1, 0), Quantity("weight", 1, 1, 0)]
    if net.dense_layers[0].b is not None:
        found.append(Quantity("bias", 1, 0))
    return found


@pytest.mark.parametrize("notation", list(PRESETS))
@pytest.mark.parametrize("preset", list(EXAMPLES))
def test_every_dense_explanation_is_trees(preset, notation):
    net, x, y = _dense(preset)
    explained = 0
    for quantity in _dense_quantities(net):
        update = 0.1 if quantity.kind in ("weight", "bias") else None
        _assert_trees(explain(net, x, y, quantity, notation, weights=True, deltas=True,
                              update=update))
        explained += 1
    assert explained >= 6


@pytest.mark.parametrize(("preset", "quantity", "notation"), [
    ("mitchell", "∂o_6/∂x_1", "mitchell"), ("mitchell", "∂E/∂net_5", "mitchell"),
    ("cs231n", r"∂\hat{y}_1/∂(z_2)_2", "cs231n"), ("cs231n", "∂ŷ_2/∂(a_1)_4", "cs231n"),
    ("cs231n", "∂L/∂b_1^{(1)}", "cs231n"), ("cs231n", "∂a_2^[1]/∂w_11^[1]", "ng"),
    ("nielsen", "∂C/∂a_2^{(1)}", "nielsen"), ("nielsen", "∂a_1^{(4)}/∂z_2^{(2)}", "nielsen"),
    ("lfd", "∂e/∂x_2^{(1)}", "lfd"), ("jhz", "∂J/∂z_1^{(2)}", "jhz"),
])  # fmt: skip
def test_every_partial_explanation_is_trees(preset, quantity, notation):
    net, x, y = _dense(preset)
    _assert_trees(explain(net, x, y, quantity, notation, deltas=True))


LAYERS = [(name, None) for name in LAYER_EXAMPLES] + [
    ("conv", "K[1,0,0,1]"), ("rnn", "U[1,0]"), ("lstm", "U_i[1,2]"), ("lstm", "W^o[2,0]"),
    ("batchnorm", "x[0,1]"), ("pool", "x[0,0,2,2]"), ("dropout", "x[0,2]")]


@pytest.mark.parametrize(("name", "quantity"), LAYERS)
def test_every_layer_explanation_is_trees(name, quantity):
    ex = example(name)
    try:
        explanation = explain(ex.net, ex.x, ex.y, quantity or ex.quantity)
    except ConfigError as error:  # pragma: no cover - a message says which entry is wrong
        pytest.fail(f"{name} {quantity}: {error}")
    _assert_trees(explanation)


def test_a_text_formula_is_refused_by_every_printer():
    from chainrule.render.explain_items import LATEX
    from chainrule.render.explain_mathml import MATHML

    for printer in (TEXT, LATEX, MATHML):
        with pytest.raises(TypeError, match="must be a tree"):
            printer(r"w_{53}")
