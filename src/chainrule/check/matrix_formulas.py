r"""The right formula of a whole-matrix quantity, written in the notation's layout.

Row vectors (CS231n): ``dW_2 = a_1^T dz_2``, ``db_2 = \sum_n dz_2``,
``dz_1 = (dz_2 W_2^T) ⊙ f'(z_1)``. Column vectors with ``m`` samples (Andrew Ng):
``dW^{[2]} = (1/m) dZ^{[2]} A^{[1]T}``, ``db^{[2]} = (1/m) np.sum(dZ^{[2]}, axis=1,
keepdims=True)``, ``dZ^{[1]} = (W^{[2]T} dZ^{[2]}) * g'(Z^{[1]})``. Column vectors of one
sample (Nielsen, LFD): ``δ^{(l)} = ((W^{(l+1)})^T δ^{(l+1)}) ⊙ σ'(z^{(l)})``,
``∂C/∂W^{(l)} = δ^{(l)} (a^{(l-1)})^T``. Each formula is text the matrix grammar reads, and the
tests evaluate it against the engine.
"""

from __future__ import annotations

from typing import Any

from chainrule.check.matrix_bind import batch_matrices, plain_letter


def right_formula(kind: str, layer: int, arrays: Any, notation: Any,
                  signed: bool = True) -> str:  # fmt: skip
    """The formula of ``kind`` (delta, grad_post, grad_weight, grad_bias) of ``layer``;
    ``signed``: the left side is the notation's δ (Mitchell's −∂E/∂net), not a partial."""
    names = _Names(notation, arrays)
    if kind == "grad_weight":
        formula = names.weight_gradient(layer)
    elif kind == "grad_bias":
        formula = names.bias_gradient(layer)
    elif kind == "grad_post":
        formula = names.post_gradient(layer)
    else:
        formula = names.delta(layer)
    # the formula's δ names are the notation's δ; without any (the output layer's δ) it is
    # ∂E/∂z itself: a minus where that differs from the left side's sign
    has_delta = not (kind == "delta" and layer == arrays.L)
    if notation.delta_sign < 0 and has_delta != (signed and kind == "delta"):
        return f"-({formula})"
    return formula


class _Names:
    def __init__(self, notation: Any, arrays: Any) -> None:
        self.n, self.arrays = notation, arrays
        self.row = notation.layout == "row"
        self.to_from = notation.weight_order == "to_from"
        self.upper = batch_matrices(notation)
        self.mean = arrays.mean and not self.row and notation.delta_per_sample

    def name(self, letter: str, layer: int, offset: int) -> str:
        base = plain_letter(letter)
        if self.upper:
            base = base[:-1] + base[-1].upper()
        tag = layer + offset
        if self.row:
            return f"{base}_{tag}"
        opening, closing = self.n.layer_brackets
        return f"{_command(base)}^{{{opening}{tag}{closing}}}"

    def pre(self, layer: int) -> str:
        return self.name(self.n.pre, layer, self.n.pre_offset)

    def post(self, layer: int) -> str:
        if layer == 0 and self.n.input:
            return self.n.input.upper() if self.upper else self.n.input
        return self.name(self.n.post, layer, self.n.post_offset)

    def delta_name(self, layer: int) -> str:
        letter = self.n.gradient_prefix + self.n.pre if self.n.gradient_prefix else self.n.delta
        return self.name(letter, layer, self.n.pre_offset)

    def weights(self, layer: int) -> str:
        return self.name(self.n.weight_matrix, layer, self.n.pre_offset)

    def scale(self) -> str:
        return "(1/m) " if self.mean else ""

    def weight_gradient(self, layer: int) -> str:
        if self.row:
            return f"{self.post(layer - 1)}^T {self.delta_name(layer)}"
        if not self.to_from:  # W from i to j, n_{l-1} × n_l (LFD)
            return f"{self.scale()}{self.post(layer - 1)} ({self.delta_name(layer)})^T"
        return f"{self.scale()}{self.delta_name(layer)} ({self.post(layer - 1)})^T"

    def bias_gradient(self, layer: int) -> str:
        if self.row:
            return f"\\sum_n {self.delta_name(layer)}"
        if self.mean:
            return f"(1/m) np.sum({self.delta_name(layer)}, axis=1, keepdims=True)"
        return f"\\sum_n {self.delta_name(layer)}"

    def post_gradient(self, layer: int) -> str:
        if layer == self.arrays.L:  # the loss's own gradient: ∇_a C = a^L − y for ½Σ(a − y)²
            target = self.n.target.upper() if self.upper else self.n.target
            factor = self.arrays.ops.loss.squared_factor  # "" (½Σ), "2" (Σ) or a fraction
            if factor is None or not (factor == "" or factor.isdigit()):
                return f"\\nabla_a {self.n.loss}"
            difference = f"{self.post(layer)} - {target}"
            return f"{factor}({difference})" if factor else difference
        if self.row:
            return f"{self.delta_name(layer + 1)} {self.weights(layer + 1)}^T"
        if not self.to_from:
            return f"{self.weights(layer + 1)} {self.delta_name(layer + 1)}"
        return f"({self.weights(layer + 1)})^T {self.delta_name(layer + 1)}"

    def delta(self, layer: int) -> str:
        letter = plain_letter(self.n.activation)
        derivative = f"{_command(letter)}'({self.pre(layer)})"
        if layer == self.arrays.L:
            if self.arrays.ops.fused:
                target = self.n.target.upper() if self.upper else self.n.target
                output = self.post(layer) if not self.n.output else plain_letter(self.n.output)
                output = "\\hat{y}" if output == "yhat" else output
                divided = "/N" if (self.row and self.arrays.mean) else ""
                return f"({output} - {target}){divided}" if divided else f"{output} - {target}"
            return f"\\nabla_a {self.n.loss} \\odot {derivative}"
        return f"({self.post_gradient(layer)}) \\odot {derivative}"


def _command(base: str) -> str:
    """A Greek letter as its LaTeX command (``\\delta``), a Latin one as it is."""
    return "\\" + base if base in ("delta", "sigma", "theta") else base
