r"""The symbolic proof of a whole-matrix claim whose numbers agree with the engine.

The claim's tree is evaluated a second time, on the arrays of a :class:`SymbolicNetwork` (every
input, weight, bias, target and signal a symbol) instead of the engine's numbers, and each
entry of ``claim − truth`` must simplify to 0. Functions are first made opaque symbols — each
``tanh(u)``, ``exp(c·u)`` and ``log(u)`` one symbol of its argument — so that what is left is a
rational function that ``sympy.cancel`` decides; that can miss a proof (then the verdict stays
"probably correct", with why), never invent one: replacing a function's value by a free symbol
only asks for more.

Why a smaller network proves the claim for the real one. The claim is written with whole
matrices: products, element-wise operations, transposes, sums over an axis, functions applied
entry by entry, and the sample count. These act alike at every size: each entry of the claim
and of the true gradient is one expression of one sample's and one unit's quantities, summed
over the samples or units a product or sum runs over, and the sizes only set how many terms
each sum has. So a batch of two samples and three units a layer (each a free symbol) shows
every way two terms can meet. An identity that holds at one size only (2 × 2 matrices satisfy
polynomial identities that larger ones do not) would need a claim built on it, and that claim
must also agree in numbers at the network's own size at three batches, which is checked
before the proof; the verdict says when the proof was at a smaller size.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from chainrule.check.matrix_bind import Binder
from chainrule.check.matrix_eval import MatrixEvaluator, ShapeMismatch
from chainrule.check.matrix_names import Arrays, sample_count
from chainrule.check.matrix_nodes import Name, Node
from chainrule.check.matrix_symbols import SymbolicNetwork, Unprovable
from chainrule.errors import ChainruleError

_FUNCTIONS = {"tanh": sympy.tanh, "exp": sympy.exp, "log": sympy.log}


class SymbolicArrays(Arrays):
    """:class:`~chainrule.check.matrix_names.Arrays` of a symbolic network: the same names,
    layouts and conventions, with SymPy entries."""

    def __init__(self, network: SymbolicNetwork, notation: Any, ops: Any,
                 layer: int | None, mean_asked: bool) -> None:  # fmt: skip
        super().__init__(network, network, notation, ops, layer, mean_asked)
        self.symbolic = network
        self.to_mean = sympy.Rational(1, self.N) if self.to_mean != 1 else sympy.Integer(1)

    def post(self, layer: int) -> np.ndarray:
        return self.symbolic.post(layer)

    def grad_post(self, layer: int, per_sample: bool) -> np.ndarray:
        if layer == self.L and self.ops.fused:
            raise Unprovable("the gradient by the outputs of a loss that takes the signals")
        scale = self.N if (per_sample and self.mean) else 1 if per_sample else self.to_mean
        return self.symbolic.grad_post(layer) * scale


class SymbolicEvaluator(MatrixEvaluator):
    """:class:`~chainrule.check.matrix_eval.MatrixEvaluator` with exact numbers and the
    activations' symbolic forms."""

    def _value(self, node: Node) -> Any:
        if node[0] == "num":
            return _exact(node[1])
        if node[0] == "pow":
            exponent = _exact(node[2])
            return self._kink_free(self(node[1])) ** exponent if exponent < 0 else \
                self(node[1]) ** exponent
        return super()._value(node)

    def _div(self, left: Any, right: Any) -> Any:
        return super()._div(left, self._kink_free(right))

    def _kink_free(self, divisor: Any) -> Any:
        """``divisor``, unless a kink's slope is in it: ``f′(z)/f′(z)`` is undefined where the
        slope is 0, and SymPy would cancel it to 1."""
        slopes = set(self.arrays.symbolic.slopes.values())
        if any(sympy.sympify(v).free_symbols & slopes for v in np.ravel(divisor)):
            raise Unprovable("a division by the slope of an activation with a kink")
        return divisor

    def _name(self, name: Name) -> Any:
        if sample_count(name):
            return sympy.Integer(self.arrays.N)
        return super()._name(name)

    def _npsum(self, value: Any, axis: int | None, keep: bool) -> Any:
        if axis is None:
            return sympy.Add(*np.ravel(value))
        return super()._npsum(value, axis, keep)

    def _call(self, node: Node) -> Any:
        _, function, primes, argument, _, tag = node
        value = self(argument)
        if function in _FUNCTIONS:
            return np.vectorize(_FUNCTIONS[function], otypes=[object])(value) \
                if isinstance(value, np.ndarray) else _FUNCTIONS[function](value)
        if not isinstance(value, np.ndarray):
            raise Unprovable(f"{function} of a number")
        layer = self._argument_layer(argument, tag)
        z = self.arrays.batch_first(value)
        return self.arrays.laid(self.arrays.symbolic.activate(layer, z, primes))


def _exact(value: float) -> sympy.Rational:
    """A number of the claim as the decimal it was written as (0.1 is 1/10)."""
    return sympy.Rational(repr(float(value)))


def layer_setup(left: Any, arrays: Arrays, loss: str,
                per_sample: bool | None) -> tuple[int, Binder, bool, np.ndarray]:  # fmt: skip
    """The left side's layer, the binder of the right side's names, the δ convention and the
    true value, for one evaluation (numbers or symbols)."""
    notation = arrays.notation
    missing = not (left.name.tag or left.name.sub)
    layer = arrays.L if missing else Binder(notation, loss, None).layer_of(left.name, left.kind,
                                                                           arrays)
    binder = Binder(notation, loss, layer, left.kind == "delta" and layer == arrays.L)
    delta_convention = notation.delta_per_sample if per_sample is None else per_sample
    if left.kind in ("delta", "grad_post"):
        signed = left.kind == "delta" and not left.partial
        truth = binder.bound(left.kind, layer, arrays, delta_convention, "", signed).value
    else:
        truth = arrays.value(left.kind, layer, False)
        truth = truth * arrays.N if (per_sample and arrays.mean) else truth
    return layer, binder, delta_convention, truth


def prove(left: Any, right: Node, net: Any, notation: Any, ops: Any, loss: str,
          per_sample: bool | None, layers: list[int | None], factor: str,
          n_samples: int) -> str:  # fmt: skip
    """``"proven"`` when every entry of the claim minus ``factor`` × the truth is 0 at every
    layer in ``layers`` (None: the one the left side names), else why not.

    ``factor`` is the convention the numbers matched: ``"1"``, ``"N"`` or ``"1/N"``.
    """
    try:
        network = SymbolicNetwork(net, ops, n_samples)
        for l_value in layers:
            arrays = SymbolicArrays(network, notation, ops, l_value, per_sample is False)
            _, binder, convention, truth = layer_setup(left, arrays, loss, per_sample)
            claim = SymbolicEvaluator(arrays, binder, convention)(right)
            claim = np.asarray(claim, dtype=object)
            if claim.shape != truth.shape:
                claim = claim.reshape(truth.shape)  # np.sum without keepdims
            scale = {"1": 1, "N": arrays.N, "1/N": sympy.Rational(1, arrays.N)}[factor]
            difference = claim - scale * truth
            if not _all_zero(difference, set(network.slopes.values())):
                return _why_not(difference, network)
    except Unprovable as reason:
        return f"the proof cannot take {reason}"
    except (ShapeMismatch, ChainruleError, ValueError) as error:  # fits the real sizes only
        return f"the smaller network of symbols cannot take the claim: {error}"
    return "proven"


def _why_not(difference: np.ndarray, network: SymbolicNetwork) -> str:
    """Why the proof failed: the claim is not an identity (it differs from the true gradient at
    another point of the network), or SymPy found no proof."""
    point = network.point(seed=0)
    for entry in np.ravel(difference):
        value = sympy.sympify(entry).xreplace(point).evalf(50)
        if value.is_real and abs(value) > sympy.Float("1e-30"):
            smaller = " (on the same layers, smaller)" if network.reduced else ""
            return ("it is not an identity: it agrees with the backward pass at this network's "
                    f"numbers only; with other inputs, weights or targets{smaller} it differs")
    return "SymPy did not reduce claim − truth to 0"


def _all_zero(differences: np.ndarray, slopes: set[sympy.Symbol]) -> bool:
    opaque = _Opaque()
    return all(_zero(opaque(d), slopes) for d in np.ravel(differences))


def _zero(difference: sympy.Expr, slopes: set[sympy.Symbol]) -> bool:
    """Whether a rational function of symbols is 0; a slope symbol ``m`` (0 or 1) is taken
    with ``m^k = m`` (the claim divides by none: :meth:`SymbolicEvaluator._kink_free`)."""
    numerator = sympy.expand(sympy.numer(sympy.together(difference)))
    if slopes:
        numerator = sympy.expand(numerator.replace(
            lambda e: e.is_Pow and e.base in slopes and e.exp.is_Integer and e.exp > 0,
            lambda e: e.base))
    return numerator == 0


class _Opaque:
    """Replaces each ``tanh(u)``, ``log(u)`` and ``exp(c·u)`` (``u`` a term of the expanded
    exponent) by a symbol of its own, the same symbol for the same argument."""

    def __init__(self) -> None:
        self.table: dict[tuple[str, sympy.Expr], sympy.Symbol] = {}

    def __call__(self, expr: sympy.Expr) -> sympy.Expr:
        functions = (sympy.tanh, sympy.exp, sympy.log)
        return sympy.sympify(expr).replace(lambda e: isinstance(e, functions), self._atom)

    def _symbol(self, kind: str, argument: sympy.Expr) -> sympy.Symbol:
        return self.table.setdefault((kind, argument), sympy.Dummy(kind))

    def _atom(self, call: sympy.Expr) -> sympy.Expr:
        (argument,) = call.args
        if not isinstance(call, sympy.exp):
            return self._symbol(type(call).__name__, argument)
        factors = []
        for term in sympy.Add.make_args(sympy.expand(argument)):
            coefficient, rest = term.as_coeff_Mul()
            factors.append(self._symbol("exp", rest) ** coefficient)
        return sympy.Mul(*factors)
