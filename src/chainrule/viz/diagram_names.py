"""What the pictures call each unit, weight and layer, in a course's notation.

The diagram's numbers come from the engine (``δ = ∂L/∂z``, ``W[i, j]`` 0-based); a picture
must write them as the text beside it does: the notation's letters and unit numbers
(Mitchell numbers units through the whole net: inputs 1–2, hidden 3–4, outputs 5–6) and its
sign of δ (Mitchell's δ = −∂E/∂net). :class:`DiagramNames` turns the layout's spots into those
words, for the SVG of the report and the matplotlib diagram alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing import TextPrinter
from chainrule.explain.notation import Notation, get_notation
from chainrule.explain.quantity_names import Namer
from chainrule.viz.diagram_data import Column, EdgeSpot, UnitSpot

_TEXT = TextPrinter()


def number(value: float | None) -> str:
    """Four significant digits, with a true minus sign."""
    return "–" if value is None else f"{value:.4g}".replace("-", "−")


class DiagramNames:
    """Names of a network's drawn quantities in one notation.

    Parameters
    ----------
    notation : a preset's key (``"mitchell"``) or a :class:`Notation`.
    widths : units per layer, input first: ``(n_0, ..., n_L)``.
    """

    def __init__(self, notation: str | Notation, widths: Sequence[int]) -> None:
        self.notation = get_notation(notation)
        self.namer = Namer(self.notation, widths)
        self.sign = self.notation.delta_sign

    def _text(self, name: MathName) -> str:
        return _TEXT.name(name)

    def _partial(self, top: MathName, bottom: MathName) -> str:
        """``∂top/∂bottom`` as text: ``∂E/∂w₅₃``."""
        return f"∂{self._text(top)}/∂{self._text(bottom)}"

    def _global(self) -> bool:
        return self.notation.layer_style == "global"

    def unit_name(self, layer: int, j: int) -> str:
        """``unit 5`` (Mitchell) or ``unit 1 of layer 2`` (the notation's layer number)."""
        if self._global():
            return f"unit {self.namer.unit(layer, j)}"
        tag = self.namer.tag(layer, self._offset(layer), numeric=True)
        return f"unit {j + 1} of layer {tag}"

    def _offset(self, layer: int) -> int:
        n = self.notation
        return n.post_offset if layer == 0 else n.pre_offset

    def delta(self, unit: UnitSpot) -> float | None:
        """The unit's δ with the notation's sign."""
        return None if unit.delta is None else self.sign * unit.delta

    def delta_definition(self, layer: int, j: int) -> str:
        """``δ₅ = −∂E/∂net₅``: what δ means in the notation."""
        minus = "−" if self.sign < 0 else ""
        partial = self._partial(self.namer.loss, self.namer.pre(layer, j))
        return f"{self._text(self.namer.delta(layer, j))} = {minus}{partial}"

    def caption(self, unit: UnitSpot) -> str:
        """The words under a unit: its input's name, or its δ with the notation's sign."""
        if unit.layer == 0:
            return self._text(self.namer.post(0, unit.index))
        if unit.delta is None:
            return self.unit_name(unit.layer, unit.index)
        return f"{self._text(self.namer.delta(unit.layer, unit.index))} " \
               f"{number(self.delta(unit))}"

    def unit_title(self, unit: UnitSpot) -> str:
        """``unit 5: net₅ = 0.4325, o₅ = 0.6065, δ₅ = −0.1424``."""
        layer, j = unit.layer, unit.index
        post = self._text(self.namer.post(layer, j))
        if layer == 0:
            value = "" if unit.a is None else f" = {number(unit.a)}"
            where = f" ({self.unit_name(0, j)})" if self._global() else ""
            return f"input {post}{value}{where}"
        values = [(self._text(self.namer.pre(layer, j)), unit.z), (post, unit.a),
                  (self._text(self.namer.delta(layer, j)), self.delta(unit))]
        shown = [f"{name} = {number(value)}" for name, value in values if value is not None]
        return self.unit_name(layer, j) + (": " + ", ".join(shown) if shown else "")

    @property
    def loss(self) -> str:
        return self._text(self.namer.loss)

    def pre_name(self, unit: UnitSpot) -> str:
        return self._text(self.namer.pre(unit.layer, unit.index))

    def post_name(self, unit: UnitSpot) -> str:
        return self._text(self.namer.post(unit.layer, unit.index))

    def delta_name(self, unit: UnitSpot) -> str:
        return self._text(self.namer.delta(unit.layer, unit.index))

    def bias_gradient_name(self, unit: UnitSpot) -> str:
        bias = self.namer.bias(unit.layer, unit.index)
        return self._partial(self.namer.loss, bias)

    def weight_name(self, edge: EdgeSpot) -> str:
        return self._text(self.namer.weight(edge.layer, edge.i, edge.j))

    def gradient_name(self, edge: EdgeSpot) -> str:
        """``∂E/∂w₅₃``."""
        weight = self.namer.weight(edge.layer, edge.i, edge.j)
        return self._partial(self.namer.loss, weight)

    def edge_title(self, edge: EdgeSpot) -> str:
        """``weight w₅₃ from unit 3 to unit 5 = 0.4; ∂E/∂w₅₃ = 0.08217``."""
        source = self.unit_name(edge.layer - 1, edge.i)
        target = self.unit_name(edge.layer, edge.j)
        text = (f"weight {self.weight_name(edge)} from {source} to {target} = "
                f"{number(edge.weight)}")
        return text if edge.grad is None else f"{text}; {self.gradient_name(edge)} = " \
                                              f"{number(edge.grad)}"

    def column_caption(self, column: Column, activation: str) -> str:
        """``layer 2 · sigmoid`` in the notation's layer numbers; Mitchell's units by number."""
        if self._global():
            first = self.namer.unit(column.layer, 0)
            last = self.namer.unit(column.layer, column.size - 1)
            units = f"unit {first}" if first == last else f"units {first}–{last}"
            if column.layer == 0:
                return f"input, {units}"
            role = "output" if column.layer == self.namer.n_layers else "hidden"
            return f"{role} · {activation}, {units}"
        if column.layer == 0:
            return "input"
        return f"layer {self.namer.tag(column.layer, self._offset(column.layer), numeric=True)}" \
               f" · {activation}"

    def unit_values(self, unit: UnitSpot) -> list[tuple[str, str, float]]:
        """``(kind, label, value)`` of the numbers the report's panel lists for a unit."""
        layer, j, n = unit.layer, unit.index, self.namer
        if layer == 0:
            return [] if unit.a is None else [("a", self._text(n.post(0, j)), unit.a)]
        bias = n.bias(layer, j)
        rows = [("z", self._text(n.pre(layer, j)), unit.z),
                ("a", self._text(n.post(layer, j)), unit.a),
                ("delta", self.delta_definition(layer, j), self.delta(unit)),
                ("bias", self._text(bias), unit.bias),
                ("grad-bias", self._partial(n.loss, bias), unit.grad_bias)]
        return [(kind, label, value) for kind, label, value in rows if value is not None]

    def edge_values(self, edge: EdgeSpot) -> list[tuple[str, str, float]]:
        """``(kind, label, value)`` of a weight: the weight and its gradient."""
        rows = [("weight", self.weight_name(edge), edge.weight),
                ("grad", self.gradient_name(edge), edge.grad)]
        return [(kind, label, value) for kind, label, value in rows if value is not None]
