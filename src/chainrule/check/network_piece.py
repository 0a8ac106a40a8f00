"""The piece of a network a claim is about, built from the network's own ops.

From the quantity (a weight, a signal, an output) up to what the claim takes as given: the
affine map (:func:`chainrule.ops.affine.symbolic`), the layer's activation (``op.symbolic``),
possibly the next layer's affine map and activation, and then either the loss
(``loss.symbolic``) or a given quantity. A given δ_k (or ∂e/∂s_k) of a layer enters as
``Σ_k δ_k s_k``, whose derivative by ``s_k`` is δ_k; a given ∂e/∂a_k as ``Σ_k (∂e/∂a_k) a_k``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from chainrule.calculus.partials import partial_symbol
from chainrule.check.claim import Target
from chainrule.check.claim_names import ClaimNames, Ref, next_layer, previous_layer
from chainrule.check.layer_ops import LayerOps
from chainrule.errors import ConfigError
from chainrule.explain.quantity_names import Index
from chainrule.ops import affine
from chainrule.ops.registry import activation as make_activation

NEXT_LIMIT = 32  # most units of a numbered layer above the quantity


@dataclass(frozen=True)
class Frontier:
    """Where the derivative stops: ``kind`` is delta, grad_pre, grad_post (given at
    ``layer``) or loss (the output layer's loss)."""

    kind: str
    layer: int | str


@dataclass
class Local:
    """The function to differentiate, its variable and the intermediates in between."""

    wrt: sympy.Symbol
    of: sympy.Expr = sympy.S.Zero
    where: dict[sympy.Symbol, sympy.Expr] = field(default_factory=dict)
    through: sympy.Symbol | None = None  # the output the layer above is reached through
    above: int | str | None = None  # that layer
    above_units: list[Index] = field(default_factory=list)


class LocalBuilder:
    """Builds :class:`Local` for a target and a frontier in one network and notation.

    ``identity_above`` replaces the activation of the layer above the quantity by the identity
    (the model of a claim that forgot that layer's ``∂a/∂z`` factors).
    """

    def __init__(self, names: ClaimNames, ops: LayerOps, loss: sympy.Symbol,
                 identity_above: bool = False) -> None:  # fmt: skip
        self.names, self.ops, self.loss = names, ops, loss
        self.identity_above = identity_above

    def build(self, target: Target, frontier: Frontier) -> Local:
        layer = target.ref.layer
        assert layer is not None
        unit = self.names.unit_index(target.ref)
        self.where: dict[sympy.Symbol, sympy.Expr] = {}
        local = Local(self._start(target, layer, unit), where=self.where)
        self.local = local
        stage, units = ("post" if target.kind == "grad_post" else "pre"), [unit]
        for _ in range(4):  # pre and post of the quantity's layer, then of the layer above
            value = self._frontier_value(frontier, stage, layer, units)
            if value is not None:
                local.of = value
                return local
            if stage == "pre":
                units, stage = self._activate(layer, units, frontier), "post"
            elif local.above is None:
                layer, units, stage = self._connect(layer, unit), local.above_units, "pre"
            else:
                break
        raise ConfigError("the quantities the claim takes as given must be of the quantity's "
                          "layer or the next one (δ or ∂e/∂x of the next layer)")

    # -- the quantity and the layers above ------------------------------------------------

    def _start(self, target: Target, layer: int | str, unit: Index) -> sympy.Symbol:
        names, where = self.names, self.where
        if target.kind in ("weight", "bias"):
            source = (target.ref.units[0] if target.kind == "weight"
                      else names.notation.from_letter)  # fmt: skip
            source = self._source_index(layer, source)
            x = names.symbol("post", previous_layer(layer), source)
            w = names.symbol("weight", layer, source, unit)
            b = names.symbol("bias", layer, unit) if self.ops.has_bias(layer) else None
            wrt = w if target.kind == "weight" else b
            if wrt is None:
                raise ConfigError(f"layer {layer} has no biases")
            where[names.symbol("pre", layer, unit)] = affine.symbolic(
                [x], [[w]], None if b is None else [b])[0]
            return wrt
        if target.kind == "grad_post" and layer == self.ops.L and self.ops.fused:
            raise ConfigError("the loss of this network takes the output layer's signals "
                              f"({self.ops.loss.name}); write the claim for its δ instead")
        kind = "post" if target.kind == "grad_post" else "pre"
        return names.symbol(kind, layer, unit)

    def _source_index(self, layer: int | str, written: str) -> Index:
        """The engine index of a weight's source unit, when it is a number."""
        return self.names.unit_index(Ref("post", previous_layer(layer), (written,)))

    def _activate(self, layer: int | str, units: list[Index], frontier: Frontier) -> list[Index]:
        """Define the outputs of ``units`` from their signals; all output units when the loss
        or a non-elementwise activation needs them."""
        op = self.ops.activation(layer)
        if self.identity_above and layer == self.local.above:
            op = make_activation("identity")
        at_output = layer == self.ops.L
        if at_output and (frontier.kind == "loss" or not op.elementwise):
            units = self._output_units(units[0])
        elif not op.elementwise:
            raise ConfigError(f"{op.name} in a hidden layer is not supported by the checker")
        names = self.names
        zs = [names.symbol("pre", layer, k) for k in units]
        outputs = op.symbolic_vector(zs)
        for k, value in zip(units, outputs, strict=True):
            self.where[names.symbol("post", layer, k)] = value
        return units

    def _output_units(self, unit: Index) -> list[Index]:
        width = self.names.widths[-1]
        if isinstance(unit, int):
            return list(range(width))
        return [unit, *range(1, width)]

    def _connect(self, layer: int | str, unit: Index) -> int | str:
        """The signals of the layer above, from this unit's output (other inputs held)."""
        above = next_layer(layer)
        if isinstance(above, int) and above > self.ops.L:
            raise ConfigError("the output layer has no layer above it; a claim about it "
                              "names no next layer's δ")
        names, local = self.names, self.local
        labels = names.units_of(above, NEXT_LIMIT)
        x = names.symbol("post", layer, unit)
        weights = [[names.symbol("weight", above, unit, k) for k in labels]]
        biases = ([names.symbol("bias", above, k) for k in labels]
                  if self.ops.has_bias(above) else None)  # fmt: skip
        for k, z in zip(labels, affine.symbolic([x], weights, biases), strict=True):
            self.where[names.symbol("pre", above, k)] = z
        local.through, local.above, local.above_units = x, above, labels
        return above

    # -- where the derivative stops -------------------------------------------------------

    def _frontier_value(self, frontier: Frontier, stage: str, layer: int | str,
                        units: list[Index]) -> sympy.Expr | None:  # fmt: skip
        names, kind = self.names, frontier.kind
        if kind in ("delta", "grad_pre") and stage == "pre" and frontier.layer == layer:
            terms = []  # the quantity's own signal among them: its δ is its definition
            for k in units:
                signal = names.symbol("pre", layer, k)
                given = (names.symbol("delta", layer, k) if kind == "delta"
                         else partial_symbol(self.loss, signal))  # fmt: skip
                terms.append(given * signal)
            sign = names.notation.delta_sign if kind == "delta" else 1
            return sign * sympy.Add(*terms)
        if kind == "grad_post" and stage == "post" and frontier.layer == layer:
            outputs = [names.symbol("post", layer, k) for k in units]
            return sympy.Add(*[partial_symbol(self.loss, a) * a for a in outputs])
        if kind == "loss" and stage == "post" and layer == self.ops.L:
            return self._loss(units)
        return None

    def loss_of(self, units: list[Index]) -> sympy.Expr:
        """The loss of one sample over the output ``units``, as the loss op writes it."""
        return self._loss(units)

    def _loss(self, units: list[Index]) -> sympy.Expr:
        """The loss of one sample (``loss.symbolic``). A fused loss takes the signals; its
        probabilities are then written with the outputs they define (``-y log ŷ``)."""
        names, loss = self.names, self.ops.loss
        if len(units) != names.widths[-1]:
            units = self._output_units(units[0])
        targets = [names.target(k) for k in units]
        outputs = [names.symbol("post", self.ops.L, k) for k in units]
        if not self.ops.fused:
            return loss.symbolic(outputs, targets)
        signals = [names.symbol("pre", self.ops.L, k) for k in units]
        probabilities = self.ops.activation(self.ops.L).symbolic_vector(signals)
        written = dict(zip(probabilities, outputs, strict=True))
        return loss.symbolic(signals, targets).xreplace(written)
