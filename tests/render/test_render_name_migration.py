"""Migration check, to delete with the LaTeX reader (``calculus/printing/latex_tree.py``): every
name the notation's namer writes prints the same from its tree as it did when it was LaTeX text
read back by ``latex_text`` and ``latex_mathml`` — for every preset notation, custom letters and
the networks of the examples, in text and MathML, alone and as an expression's symbol — and its
canonical name (the checker's) is the one the formula grammar read from that LaTeX, and its
spelling for matching typed names is the one its LaTeX had.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing import LatexPrinter, TextPrinter, latex_to_text
from chainrule.calculus.printing.latex_mathml import latex_elements
from chainrule.calculus.printing.mathml import MathMLPrinter
from chainrule.explain.examples import example
from chainrule.explain.formula_nodes import leaf
from chainrule.explain.letter_names import parse_name
from chainrule.explain.notation import PRESETS, custom_notation
from chainrule.explain.quantity import normalized
from chainrule.explain.quantity_names import Namer

NOTATIONS = {**PRESETS, "custom": custom_notation("loss=J,post=h,pre=z"),
             "custom2": custom_notation("loss=C_0,activation=g,post=\\hat{h},pre=\\mathrm{net}",
                                        base="lfd")}
WIDTHS = [example(key).net for key in ("lfd", "nielsen", "mitchell", "jhz", "cs231n")]
NETWORKS = [(n.n_inputs, *(d.n_out for d in n.dense_layers)) for n in WIDTHS] + [(3, 4, 12, 2)]


def _units(width: int) -> list[int | str]:
    return [*sorted({0, 1, width - 1, min(9, width - 1)}), "j", "k"]


def _names(namer: Namer) -> Iterator[MathName]:
    """Every kind of name the namer writes for the network, over a few units of each layer."""
    widths, last = namer.widths, namer.n_layers
    yield namer.loss
    yield namer.activation
    yield namer.target_vector()
    yield from (namer.target(j) for j in _units(widths[-1]))
    for layer in [*range(last + 1), "l", "l+1", "L-1"]:
        size = widths[layer] if isinstance(layer, int) else 3
        for j in _units(size):
            yield namer.post(layer, j)
            yield namer.post(layer, j, numeric=True)
        yield namer.post_vector(layer)
        if layer == 0:
            continue
        below = widths[layer - 1] if isinstance(layer, int) else 3
        for j in _units(size):
            yield from (namer.pre(layer, j), namer.delta(layer, j), namer.bias(layer, j))
            yield namer.weight(layer, 0, j, numeric=True)
            yield from (namer.weight(layer, i, j) for i in _units(below))
        yield namer.delta_vector(layer)
        for vector in (namer.pre_vector(layer), namer.weight_matrix(layer),
                       namer.bias_vector(layer)):
            yield vector
            if namer.notation.gradient_prefix:
                yield namer.gradient_name(vector)


def _all_names() -> list[tuple[str, MathName]]:
    found: dict[MathName, str] = {}
    for key, notation in NOTATIONS.items():
        for widths in NETWORKS:
            for name in _names(Namer(notation, widths)):
                found.setdefault(name, key)
    return [(key, name) for name, key in found.items()]


NAMES = _all_names()


def test_the_check_covers_every_kind_of_name() -> None:
    assert len(NAMES) > 1000
    assert {"entry", "prefix", "upright", "bold", "accent"} <= {
        kind for _, name in NAMES for kind in ("entry", "prefix", "upright", "bold", "accent")
        if (name.entry if kind == "entry" else getattr(name, kind))}


@pytest.mark.parametrize(("printer", "old"), [(TextPrinter(), latex_to_text),
                                              (MathMLPrinter(), latex_elements)],
                         ids=["text", "mathml"])
def test_every_name_prints_as_its_latex_read_back(printer, old) -> None:
    latex = LatexPrinter()
    differ = []
    for key, name in NAMES:
        written = latex.name(name)
        if printer.name(name) != old(written):
            differ.append((key, written, printer.name(name), old(written)))
        if printer(leaf(name)) != old(written) or name.raised != ("^" in written):
            differ.append((key, written, "as a symbol: a power of it is parenthesized alike"))
    assert differ == []


def test_every_name_has_the_canonical_name_the_grammar_reads_in_its_latex() -> None:
    latex = LatexPrinter()
    differ = []
    for key, name in NAMES:
        written = latex.name(name)
        if name.entry:  # (z_{2})_{1}: the grammar's z_1^(2)
            written = f"{latex.name(name.base.with_scripts(sub=name.sub))}^{{({name.base.sub})}}"
        if name.canonical != parse_name(written):
            differ.append((key, written, name.canonical))
    assert differ == []


def test_every_name_is_matched_with_typed_text_as_its_latex_was() -> None:
    differ = [(key, str(name)) for key, name in NAMES
              if normalized(name, "3") != normalized(str(name), "3")]
    assert differ == []
