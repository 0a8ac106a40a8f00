r"""Reading a claim about a network: its left side, and its formula with partials given values.

The left side names the quantity: a δ (``\delta_1^{(L)}``, ``dz_2``), a weight or bias meaning
the loss's gradient with respect to it (``w_12^(2)``), or a partial derivative of the loss
(``\frac{\partial e}{\partial w_{ij}^{(l)}}``, ``∂C_0/∂a_j^(L-m)``, ``∂e/∂s_1^(L)``).

In the formula, each partial factor the network determines is replaced by its value —
``∂a_i/∂z_i`` by the activation's derivative, ``∂z_i^(l+1)/∂a_j^(l)`` by the weight
``w_ij^(l+1)``, ``∂z_j/∂w_jk`` by the input ``a_k^(l-1)`` — while partials of the loss
(``∂C_0/∂a_i^(l+1)``) and δs are quantities the claim takes as *given*.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from chainrule.calculus.partials import partial_parts, partial_symbol
from chainrule.calculus.printing import symbol_text
from chainrule.calculus.symbols import symbol_parts
from chainrule.check.chain import derivative_from_output
from chainrule.check.claim_names import ClaimNames, Ref, next_layer, previous_layer
from chainrule.check.layer_ops import LayerOps
from chainrule.errors import ConfigError

GRADIENT_KINDS = {"pre": "grad_pre", "post": "grad_post", "weight": "weight", "bias": "bias"}


@dataclass(frozen=True)
class Given:
    """A quantity the claim takes as given: δ or ∂loss/∂(signal or output) of a layer."""

    kind: str  # "delta", "grad_pre" or "grad_post"
    layer: int | str | None
    unit: str


@dataclass(frozen=True)
class Target:
    """The claim's left side: ``kind`` is delta, grad_pre, grad_post, weight or bias."""

    kind: str
    ref: Ref
    symbol: sympy.Symbol  # as the claim wrote it (a δ, a weight, or ∂loss/∂x)
    loss: sympy.Symbol  # the loss as written (C_0), else the notation's


def read_target(left: sympy.Expr, names: ClaimNames) -> Target:
    """The quantity a claim's left side names.

    Raises
    ------
    ConfigError
        If it names no δ, weight, bias or partial derivative of the loss of this notation.
    """
    if isinstance(left, sympy.Symbol):
        parts = partial_parts(left)
        if parts is not None and is_loss(parts[0], names):
            ref = names.read(names.canonical(parts[1]))
            if ref is not None and ref.kind in GRADIENT_KINDS and ref.units:
                return Target(GRADIENT_KINDS[ref.kind], ref, left, parts[0])
        elif parts is None:
            ref = names.read(left)
            if ref is not None and ref.kind in ("delta", "weight", "bias") and ref.units:
                return Target(ref.kind, ref, left, names.loss)
            inner = names.gradient_of(left)  # CS231n's dW_11^(2), db_1^(2), da_1^(1)
            ref = None if inner is None else names.read(names.canonical(inner))
            if ref is not None and ref.units:
                return Target(GRADIENT_KINDS[ref.kind], ref, left, names.loss)
    delta = names.namer.plain("delta", names.L, 0)
    weight = names.namer.plain("weight", names.L, 0, 0)
    loss = symbol_text(names.loss.name)
    raise ConfigError(f"the left side must be a δ, a weight or a partial derivative of the loss "
                      f"in the {names.notation.key} notation, such as {symbol_text(delta)}, "
                      f"∂{loss}/∂{symbol_text(weight)} or {symbol_text(weight)}; got "
                      f"{_written(left)} (a name of your own: --symbols 'name=quantity')")


def _written(left: sympy.Expr) -> str:
    """The left side as the learner wrote it: ``∂C/∂ŷ₁`` for the parser's ``dC/dyhat_1``."""
    parts = partial_parts(left) if isinstance(left, sympy.Symbol) else None
    if parts is None:
        return symbol_text(left.name) if isinstance(left, sympy.Symbol) else str(left)
    return f"∂{symbol_text(parts[0].name)}/∂{symbol_text(parts[1].name)}"


def is_loss(symbol: sympy.Symbol, names: ClaimNames) -> bool:
    """``C`` or ``C_0`` (the loss of one sample) for the notation's loss ``C``."""
    parts = symbol_parts(symbol)
    return parts.base == symbol_parts(names.loss).base and not parts.layer


def canonical_formula(formula: sympy.Expr, names: ClaimNames) -> sympy.Expr:
    """Every symbol respelled the notation's way, inside partials too."""
    mapping = {}
    for symbol in formula.atoms(sympy.Symbol):
        parts = partial_parts(symbol)
        if parts is None:
            mapping[symbol] = names.canonical(symbol)
        else:
            top = parts[0] if is_loss(parts[0], names) else names.canonical(parts[0])
            mapping[symbol] = partial_symbol(top, names.canonical(parts[1]))
    return formula.xreplace(mapping)


class PartialValues:
    """The value in the network of each partial factor of a claim; the givens it names."""

    def __init__(self, names: ClaimNames, ops: LayerOps, target: Target) -> None:
        self.names, self.ops, self.target = names, ops, target
        self.givens: set[Given] = set()
        self.defining: set[sympy.Symbol] = set()  # ∂loss/∂(the target's own variable)

    def replace(self, formula: sympy.Expr) -> sympy.Expr:
        """``formula`` with known partial factors replaced; givens collected."""
        mapping = {}
        for symbol in formula.atoms(sympy.Symbol):
            parts = partial_parts(symbol)
            if parts is None:
                ref = self.names.read(symbol)
                if ref is not None and ref.kind == "delta" and self._own_delta(ref):
                    mapping[symbol] = self._defined_delta()  # ∂e/∂s = δ: the definition
                elif ref is not None and ref.kind == "delta":
                    self.givens.add(Given("delta", ref.layer, ref.unit))
                continue
            if symbol == self.target.symbol:
                raise ConfigError(f"the formula uses {symbol_text(symbol.name)}, the quantity "
                                  "it defines")
            value = self.value(*parts, symbol)
            if value is not None:
                mapping[symbol] = value
        return formula.xreplace(mapping)

    def value(self, top: sympy.Symbol, bottom: sympy.Symbol,
              symbol: sympy.Symbol) -> sympy.Expr | None:  # fmt: skip
        """The value of ``∂top/∂bottom``, or None for a given ``∂loss/∂x``."""
        low = self.names.read(bottom)
        if is_loss(top, self.names) and self._own(bottom):
            self.defining.add(symbol)  # δ = ∂e/∂s, the definition: its value is the truth
            return None
        if is_loss(top, self.names):
            if low is None or low.kind not in ("pre", "post"):
                raise self._unknown(symbol, "a given partial of the loss is with respect to a "
                                    "signal or an output of a layer")
            self.givens.add(Given(GRADIENT_KINDS[low.kind], low.layer, low.unit))
            return None
        high = self.names.read(top)
        if high is None or low is None:
            raise self._unknown(symbol, "its names are not quantities of the network")
        return self._local(high, low, bottom, symbol)

    def _own_delta(self, ref: Ref) -> bool:
        """Whether ``ref`` is the δ of the target's own signal, in a claim about ∂e/∂s."""
        own = self.target.ref
        return (self.target.kind == "grad_pre" and isinstance(own.layer, int)
                and ref.layer == own.layer and ref.units == own.units)

    def _defined_delta(self) -> sympy.Expr:
        """The target's own δ as ``sign · ∂e/∂s`` (Mitchell's δ = −∂E/∂net), marked as the
        definition whose value is the truth."""
        ref = self.target.ref
        signal = self.names.name_of(Ref("pre", ref.layer, ref.units))
        partial = partial_symbol(self.target.loss, signal)
        self.defining.add(partial)
        return self.names.notation.delta_sign * partial

    def _own(self, bottom: sympy.Symbol) -> bool:
        """Whether ``bottom`` is the variable the target is the derivative by."""
        kind = {"delta": "pre", "grad_pre": "pre", "grad_post": "post"}.get(self.target.kind,
                                                                           self.target.kind)
        ref = self.target.ref
        if ref.layer is None:
            return False
        own = self.names.name_of(Ref(kind, ref.layer, ref.units))
        return self.names.canonical(bottom) == self.names.canonical(own)

    def _local(self, high: Ref, low: Ref, bottom: sympy.Symbol,
               symbol: sympy.Symbol) -> sympy.Expr:  # fmt: skip
        kinds = (high.kind, low.kind)
        if kinds == ("post", "pre") and _same(high.layer, low.layer):
            return self._activation_derivative(high, low, top_of(symbol), bottom, symbol)
        if kinds == ("pre", "post") and _adjacent(low.layer, high.layer):
            layer = high.layer if high.layer is not None else "l"
            return self.names.symbol("weight", layer, low.unit, high.unit)
        if kinds == ("pre", "weight") and _same(high.layer, low.layer):
            if low.unit != high.unit:
                return sympy.S.Zero
            layer = low.layer if low.layer is not None else "l"
            return self.names.symbol("post", previous_layer(layer), low.units[0])
        if kinds == ("pre", "bias") and _same(high.layer, low.layer):
            return sympy.S.One if low.unit == high.unit else sympy.S.Zero
        raise self._unknown(symbol, "it is not a local derivative of one layer (∂a/∂z, "
                            "∂z/∂a of the layer below, ∂z/∂w, ∂z/∂b)")

    def _activation_derivative(self, high: Ref, low: Ref, top: sympy.Symbol,
                               bottom: sympy.Symbol, symbol: sympy.Symbol) -> sympy.Expr:
        """``∂a/∂z = f'(z)``, written with the output ``a`` when it can be (``a(1 - a)``)."""
        layer = low.layer if low.layer is not None else "l"
        op = self.ops.activation(layer)
        if not op.elementwise:
            raise self._unknown(symbol, f"{op.name} is not elementwise; write its Jacobian out")
        if high.unit != low.unit:
            raise self._unknown(symbol, "an elementwise activation's output depends only on "
                                "its own unit's signal; write the same unit")
        definition = op.symbolic(bottom)
        written = derivative_from_output(definition, top)
        return written if written is not None else sympy.diff(definition, bottom)

    @staticmethod
    def _unknown(symbol: sympy.Symbol, why: str) -> ConfigError:
        return ConfigError(f"cannot give {symbol_text(symbol.name)} a value in this network: "
                           f"{why}")


def top_of(symbol: sympy.Symbol) -> sympy.Symbol:
    parts = partial_parts(symbol)
    assert parts is not None
    return parts[0]


def _same(a: int | str | None, b: int | str | None) -> bool:
    return a is None or b is None or a == b


def _adjacent(lower: int | str | None, upper: int | str | None) -> bool:
    return lower is None or upper is None or next_layer(lower) == upper
