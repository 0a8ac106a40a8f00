r"""The network form: a claim about one δ of a network, in a course's notation.

``"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)"`` for the LFD tanh net, or the hidden
recurrence ``"\delta_i^{(l)} = (1-(x_i^{(l)})^2) \sum_j w_{ij}^{(l+1)} \delta_j^{(l+1)}"``. The
true value is built from the symbolic faces of the ops (activation, loss); quantities of the
next layer that the claim names (``δ_j^(l+1)``) are given, and sampled like any variable.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from chainrule import ops
from chainrule.calculus.functions import IndexSum, softmax
from chainrule.calculus.sums import expand_sums
from chainrule.calculus.symbols import make_symbol, symbol_parts, with_index
from chainrule.check.display import symbol_text
from chainrule.check.formulas import read_side, split_equation
from chainrule.check.freeform import free_problem
from chainrule.check.networks import NetworkForm, network_form, next_tag
from chainrule.check.problem import Problem, SumTerms
from chainrule.check.result import CheckResult
from chainrule.check.verdict import decide
from chainrule.errors import ConfigError, ParseError

NEXT_UNITS = 3  # units of the next layer when a sum over them is written out
TARGET_DOMAINS = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0)}


def check_network_claim(
    claim: str | sympy.Eq, example: str = "lfd", *, targets_sum_to_one: bool = False
) -> CheckResult:
    r"""Check a claim ``"<δ> = <formula>"`` about a network in its course's notation.

    Parameters
    ----------
    claim : str or sympy.Eq
        E.g. ``"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)"`` (LFD), ``"dz_2 = \hat{y}
        - y"`` (CS231n, checked for every output unit).
    example : str
        ``lfd``, ``nielsen``, ``mitchell``, ``seed003``, ``cs231n`` (or ``seed000``..``seed004``).
    targets_sum_to_one : bool
        Assume the targets sum to 1 (one-hot or probabilities), as softmax + cross-entropy
        derivations do.

    Returns
    -------
    CheckResult
    """
    form = network_form(example)
    left, right = _sides(claim, dict(form.functions))
    if not isinstance(left, sympy.Symbol) or symbol_parts(left).base != form.delta:
        raise ConfigError(
            f"the left side must be a δ of the {form.name} notation, such as "
            f"{symbol_text(_delta_example(form))}; got {left}"
        )
    if form.output_activation == "softmax":
        return _vector_output(form, left, right, targets_sum_to_one)
    parts = symbol_parts(left)
    deltas = [s for s in right.free_symbols if symbol_parts(s).base == form.delta]
    tag_says_hidden = parts.layer not in ("", "L") and not parts.layer.isdigit()
    if right.has(IndexSum) or deltas or tag_says_hidden:
        return decide(hidden_problem(form, left, right))
    return decide(output_problem(form, left, right, targets_sum_to_one))


def _delta_example(form: NetworkForm) -> sympy.Symbol:
    if form.output_activation == "softmax":
        return make_symbol(form.delta, "2")
    return make_symbol(form.delta, "1", "L" if form.layer_tags else "")


def _sides(claim: str | sympy.Eq, functions: dict[str, str]) -> tuple[sympy.Expr, sympy.Expr]:
    if isinstance(claim, sympy.Equality):
        return claim.lhs, claim.rhs
    if not isinstance(claim, str):
        raise ParseError(f"expected a claim 'quantity = formula'; got {type(claim).__name__}")
    left, right, offset = split_equation(claim)
    return read_side(left, 0, claim, functions), read_side(right, offset, claim, functions)


def output_problem(
    form: NetworkForm, delta: sympy.Symbol, claim: sympy.Expr, sum_to_one: bool = False
) -> Problem:
    """``δ_u = sign · ∂e/∂s_u`` of an output unit, the loss composed with the activation."""
    parts = symbol_parts(delta)
    unit, tag = parts.subscript or "1", parts.layer
    if form.output_activation != "softmax":  # elementwise: the other units do not matter
        units = [unit]
    elif unit.isdigit():
        units = [str(k) for k in range(1, max(form.n_outputs, int(unit)) + 1)]
    else:
        units = [unit] + [str(k) for k in range(1, form.n_outputs)]
    pre = [make_symbol(form.pre, k, tag) for k in units]
    post = [make_symbol(form.output_post, k, tag if form.layer_tags else "") for k in units]
    if len(units) == 1 and form.single_target:
        targets = [sympy.Symbol(form.single_target)]
    else:
        targets = [make_symbol(form.target, k) for k in units]
    if form.output_activation == "softmax":
        where = {p: softmax(i + 1, *pre) for i, p in enumerate(post)}
    else:
        activation = ops.activation(form.output_activation)
        where = {p: activation.symbolic(z) for p, z in zip(post, pre, strict=True)}
    loss = ops.loss(form.loss).symbolic(post, targets)
    domain = TARGET_DOMAINS.get(form.output_activation)
    problem = free_problem(
        claim, form.delta_sign * loss, pre[units.index(unit)], where,
        sum_to_one=(form.target,) if sum_to_one else (),
        domains={t: domain for t in targets} if domain else None,
    )
    return replace(problem, quantity=_quantity(form, delta, pre[units.index(unit)]),
                   sign_hint=_sign_hint(form))


def hidden_problem(form: NetworkForm, delta: sympy.Symbol, claim: sympy.Expr) -> Problem:
    """``δ_u^(l) = θ'(s_u) Σ_j w δ_j^(l+1)`` with the next layer's δ given."""
    parts = symbol_parts(delta)
    unit, tag = parts.subscript or "i", parts.layer
    above = next_tag(tag) if form.layer_tags else ""
    index = _sum_index(form, claim, unit, above)
    claim = _single_term(expand_sums(claim, {index: NEXT_UNITS}), index)
    signal, output = make_symbol(form.pre, unit, tag), make_symbol(form.post, unit, tag)
    where: dict[sympy.Symbol, sympy.Expr] = {
        output: ops.activation(form.hidden_activation).symbolic(signal)
    }
    terms, value = [], sympy.S.Zero
    for k in map(str, range(1, NEXT_UNITS + 1)):
        pair = unit + k if form.weight_order == "from_to" else k + unit
        weight = make_symbol(form.weight, pair, above)
        given = make_symbol(form.delta, k, above)
        next_signal = make_symbol(form.pre, k, above)
        where[next_signal] = weight * output
        terms.append(weight * given)
        value += given * next_signal  # ∂/∂s_j^(l+1) of this is the given δ_j^(l+1)
    problem = free_problem(claim, value, signal, where)
    quantity = _quantity(form, delta, signal)[:-1] + ", next layer's δ given)"
    return replace(problem, of=None, quantity=quantity, sums=(SumTerms(index, tuple(terms)),),
                   sign_hint=_sign_hint(form))


def _sum_index(form: NetworkForm, claim: sympy.Expr, unit: str, above: str) -> str:
    """The index the claim sums over (or would have): its Σ's index, else a δ's subscript."""
    for node in sympy.preorder_traversal(claim):
        if isinstance(node, IndexSum):
            return node.index.name
    for symbol in sorted(claim.free_symbols, key=lambda s: s.name):
        parts = symbol_parts(symbol)
        same_layer = parts.base == form.delta and parts.layer == above
        if same_layer and parts.subscript.isalpha() and parts.subscript != unit:
            return parts.subscript
    return "k" if unit == "j" else "j"


def _single_term(claim: sympy.Expr, index: str) -> sympy.Expr:
    """A claim that uses the sum's index outside a sum: read it as its first term."""
    return claim.xreplace({s: with_index(s, index, "1") for s in claim.free_symbols})


def _vector_output(
    form: NetworkForm, delta: sympy.Symbol, claim: sympy.Expr, sum_to_one: bool
) -> CheckResult:
    """``dz = ŷ − y``: the claim read for each output unit k; the first wrong unit is reported."""
    results = []
    layer = symbol_parts(delta).subscript  # dz_2: the gradient of layer 2's logits
    for k in map(str, range(1, form.n_outputs + 1)):
        component = claim.xreplace({s: _indexed(form, s, k) for s in claim.free_symbols})
        unit = make_symbol(form.delta, k, layer)
        problem = output_problem(form, unit, component, sum_to_one)
        result = decide(problem)
        if not result.correct:
            return result
        results.append(result)
    return results[0]


def _indexed(form: NetworkForm, symbol: sympy.Symbol, k: str) -> sympy.Symbol:
    base = symbol_parts(symbol).base
    if base in (form.output_post, "a"):
        return make_symbol(form.output_post, k)
    if base in (form.target, "ydot"):
        return make_symbol(form.target, k)
    return symbol


def _quantity(form: NetworkForm, delta: sympy.Symbol, signal: sympy.Symbol) -> str:
    sign = "−" if form.delta_sign < 0 else ""
    return f"{symbol_text(delta.name)} ({sign}∂{form.loss_symbol}/∂{symbol_text(signal.name)})"


def _sign_hint(form: NetworkForm) -> str:
    if form.delta_sign < 0:
        return "Mitchell's δ is −∂E/∂net; the claim is +∂E/∂net."
    return (f"This is Mitchell's δ = −∂E/∂net; in this notation δ = +∂{form.loss_symbol}/∂"
            f"{symbol_text(form.pre)}.")
