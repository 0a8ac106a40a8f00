r"""Claims about a partial derivative between two quantities of a network, not of the loss.

``∂a_1^{(1)}/∂z_1^{(1)} = a_1^{(1)}(1 - a_1^{(1)})`` (a local factor), ``∂ŷ_1/∂(z_2)_2 =
-ŷ_1 ŷ_2`` (the softmax Jacobian), ``∂z_1^{(2)}/∂w_{21}^{(2)} = a_2^{(1)}``, and partials
between layers that are not adjacent, ``∂a_1^{(3)}/∂z_2^{(1)}``. The network between the two
quantities is written out from its own ops (affine maps, ``op.symbolic_vector``), and the
claim is checked like a free-form derivative of the upper quantity by the lower one.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from chainrule.calculus.functions import IndexSum
from chainrule.calculus.partials import partial_parts
from chainrule.calculus.printing import symbol_text
from chainrule.calculus.sums import expand_sums_over
from chainrule.check.chain import at_kinks, total_derivative
from chainrule.check.claim import canonical_formula, is_loss
from chainrule.check.claim_names import ClaimNames, Ref
from chainrule.check.freeform import free_problem
from chainrule.check.layer_ops import LayerOps
from chainrule.check.problem import Problem
from chainrule.errors import ConfigError

WIDTH_LIMIT = 32  # most units of a layer written out between the two quantities


def local_partial(left: sympy.Expr, names: ClaimNames) -> tuple[Ref, Ref] | None:
    """The two quantities of a left side ``∂top/∂bottom`` that is not a partial of the loss."""
    if not isinstance(left, sympy.Symbol):
        return None
    parts = partial_parts(left)
    if parts is None or is_loss(parts[0], names):
        return None
    top, bottom = (names.read(names.canonical(p)) for p in parts)
    if top is None or bottom is None:
        return None
    return top, bottom


def partial_problem(names: ClaimNames, ops: LayerOps, refs: tuple[Ref, Ref],
                    left: sympy.Symbol, right: sympy.Expr) -> Problem:  # fmt: skip
    """The claim ``∂top/∂bottom = right`` as a free-form problem on the network's graph."""
    top, bottom = refs
    for ref in refs:
        if not isinstance(ref.layer, int) or not all(u.isdigit() for u in ref.units):
            raise ConfigError(f"{symbol_text(left.name)}: a partial derivative between two "
                              "quantities is checked for numbered layers and units, as in "
                              f"∂{symbol_text(names.namer.plain('post', 1, 0))}/∂"
                              f"{symbol_text(names.namer.plain('pre', 1, 0))}")
    if top.kind not in ("pre", "post"):
        raise ConfigError(f"{symbol_text(left.name)}: the upper quantity must be a signal or "
                          "an output of a layer")
    where = _graph(names, ops, bottom, top)
    of, wrt = names.name_of(top), names.name_of(bottom)
    if of not in where:
        raise ConfigError(f"{symbol_text(left.name)}: {symbol_text(of.name)} does not depend "
                          f"on {symbol_text(wrt.name)} (it is below it, or the same)")
    where = {s: d for s, d in where.items() if s != wrt}
    right = _expanded(canonical_formula(right, names), names)
    problem = free_problem(right, of, wrt, where)
    truth = at_kinks(total_derivative(of, wrt, where, set(where)))
    shown = {s: names.display(s) for s in (*problem.independents, *problem.intermediates)}
    return replace(problem, truth=truth, truth_full=at_kinks(problem.truth_full),
                   quantity=f"∂{names.display(of)}/∂{names.display(wrt)}", names=shown)


def _expanded(formula: sympy.Expr, names: ClaimNames) -> sympy.Expr:
    """Sums written out over the units of the layer their index runs over."""
    ranges = {}
    for node in formula.atoms(IndexSum):
        index = node.index.name
        for symbol in node.body.free_symbols:
            ref = names.read(symbol)
            if ref is None or not isinstance(ref.layer, int) or index not in ref.units:
                continue
            layer = ref.layer - 1 if ref.kind == "weight" and ref.units[0] == index \
                else ref.layer
            ranges[index] = [names.written_unit(layer, k) for k in range(names.widths[layer])]
        if index not in ranges:
            raise ConfigError(f"the sum over {index} names no unit of a numbered layer with "
                              f"{index}; write the layer, as in w_{{1{index}}}^{{(2)}}")
    return expand_sums_over(formula, ranges)


def _graph(names: ClaimNames, ops: LayerOps, bottom: Ref,
           top: Ref) -> dict[sympy.Symbol, sympy.Expr]:  # fmt: skip
    """Definitions of every signal and output from ``bottom``'s layer up to ``top``'s."""
    assert isinstance(bottom.layer, int) and isinstance(top.layer, int)
    where: dict[sympy.Symbol, sympy.Expr] = {}
    first = bottom.layer + 1 if bottom.kind == "post" else bottom.layer
    for layer in range(max(first, 1), top.layer + 1):
        affine_needed = not (layer == bottom.layer and bottom.kind == "pre")
        if names.widths[layer] > WIDTH_LIMIT or (affine_needed
                                                 and names.widths[layer - 1] > WIDTH_LIMIT):
            raise ConfigError(f"layer {layer} is too wide to write out ({names.widths[layer]} "
                              f"units, at most {WIDTH_LIMIT}); write the partial between "
                              "adjacent quantities")
        if affine_needed:
            _affine(names, ops, layer, where)
        zs = [names.symbol("pre", layer, k) for k in range(names.widths[layer])]
        outputs = ops.activation(layer).symbolic_vector(zs)
        for k, value in enumerate(outputs):
            where[names.symbol("post", layer, k)] = value
    return where


def _affine(names: ClaimNames, ops: LayerOps, layer: int,
            where: dict[sympy.Symbol, sympy.Expr]) -> None:  # fmt: skip
    from chainrule.ops import affine

    below = range(names.widths[layer - 1])
    xs = [names.symbol("post", layer - 1, i) for i in below]
    weights = [[names.symbol("weight", layer, i, j) for j in range(names.widths[layer])]
               for i in below]
    biases = ([names.symbol("bias", layer, j) for j in range(names.widths[layer])]
              if ops.has_bias(layer) else None)  # fmt: skip
    for j, z in enumerate(affine.symbolic(xs, weights, biases)):
        where[names.symbol("pre", layer, j)] = z


def reaches_loss(formula: sympy.Expr, layer: int | str | None, names: ClaimNames) -> bool:
    """Whether a formula for a partial of the loss at ``layer`` names a target or a quantity
    of a layer beyond the next one: it is written out down to the loss, nothing given."""
    if not isinstance(layer, int):
        return False
    for symbol in formula.free_symbols:
        ref = names.read(symbol)
        if ref is not None and (ref.kind == "target" or (isinstance(ref.layer, int)
                                                         and ref.layer > layer + 1)):
            return True
    return False


def loss_partial_problem(names: ClaimNames, ops: LayerOps, bottom: Ref, loss: sympy.Expr,
                         formula: sympy.Expr, quantity: str) -> Problem:  # fmt: skip
    """``∂loss/∂bottom = formula`` with the network written out from ``bottom`` up to the
    output layer (``loss`` the loss of the outputs, its sign and 1/N already in it): a
    formula that reaches the loss through layers that are not adjacent."""
    where = _graph(names, ops, bottom, Ref("post", names.L, ()))
    wrt = names.name_of(bottom)
    where = {s: d for s, d in where.items() if s != wrt}
    problem = free_problem(_expanded(formula, names), loss, wrt, where)
    truth = at_kinks(total_derivative(loss, wrt, where, set(where)))
    shown = {s: names.display(s) for s in (*problem.independents, *problem.intermediates)}
    return replace(problem, truth=truth, truth_full=at_kinks(problem.truth_full),
                   of=loss, quantity=quantity, names=shown)
