r"""Which quantity of the network each name of a matrix claim is, in a notation.

The notation's letters decide: ``z``/``Z`` the signals, ``a``/``A`` the outputs (``x``/``X`` the
input, ``ŷ`` the output layer's), ``W`` the weights, ``b`` the biases, ``y``/``Y`` the targets
(one-hot for class labels), ``δ`` or ``dz``/``dZ`` the δ, ``da``/``dA``, ``dW``, ``db`` the
gradients, ``\nabla_a C`` the gradient by the outputs. A layer is the subscript (row layout,
``a_1``, or code such as ``dZ2``) or the layer tag (``a^{(l)}``, ``A^{[l-1]}``). A name that
is none of these is an error that lists the names there are.
"""

from __future__ import annotations

from chainrule.check.matrix_names import Arrays, Bound
from chainrule.check.matrix_nodes import Name
from chainrule.errors import ConfigError
from chainrule.explain.letter_names import read_name

_MEANING = {
    "pre": "the signals z of layer {l}", "post": "the outputs of layer {l}",
    "delta": "∂{loss}/∂z of layer {l}{scope}", "grad_post": "∂{loss}/∂a of layer {l}{scope}",
    "weight": "the weights of layer {l}", "grad_weight": "∂{loss}/∂W of layer {l}{mean}",
    "bias": "the biases of layer {l}", "grad_bias": "∂{loss}/∂b of layer {l}{mean}",
}  # fmt: skip
GRADIENT_OF = {"weight": "grad_weight", "bias": "grad_bias", "pre": "delta",
               "post": "grad_post"}


def batch_matrices(notation) -> bool:
    """Whether the notation writes a layer's quantities as matrices of the batch's columns with
    capital letters and d-names (Andrew Ng's ``Z^{[l]}``, ``dZ^{[l]}``)."""
    return bool(notation.gradient_prefix) and notation.layout == "column"


def plain_letter(letter: str) -> str:
    """The formula parser's name of a notation's letter, as the notation reads it:
    ``\\delta`` → ``delta``, ``\\hat{y}`` → ``yhat``, ``\\mathrm{net}`` → ``net``, ``dz``."""
    return read_name("letter", letter).canonical


def letters(notation) -> dict[str, str]:
    """Each base a name may have, with its kind."""
    n, table = notation, {}
    pairs = [("pre", n.pre), ("post", n.post), ("delta", n.delta), ("weight", n.weight_matrix),
             ("weight", n.weight), ("bias", n.bias), ("target", n.target)]
    prefix = n.gradient_prefix
    if prefix:
        pairs += [("delta", prefix + n.pre), ("grad_post", prefix + n.post),
                  ("grad_weight", prefix + n.weight_matrix), ("grad_bias", prefix + n.bias)]
    for kind, letter in pairs:
        base = plain_letter(letter)
        table.setdefault(base, kind)
        if prefix and base[-1:].islower():  # Ng's Z, A, Y, dZ, dA; CS231n's code's too
            table.setdefault(base[:-1] + base[-1].upper(), kind)
    table.setdefault(plain_letter(n.weight_matrix).upper(), "weight")  # W for Nielsen's w too
    if n.input:
        table.setdefault(n.input, "input")
        table.setdefault(n.input.upper(), "input")
    if n.output:
        table.setdefault(plain_letter(n.output), "output")
    table.setdefault("nabla", "nabla")
    return table


class Binder:
    """Binds names to arrays; ``layer`` is the left side's layer, for names written without
    one (``db = Σₙ dz``)."""

    def __init__(self, notation, loss: str, layer: int | None,
                 outputs_default: bool = False) -> None:  # fmt: skip
        self.notation, self.loss, self.layer = notation, loss, layer
        self.outputs_default = outputs_default  # an output without a layer is the network's
        self.table = letters(notation)

    def kind(self, name: Name) -> str | None:
        kind = self.table.get(name.base)
        if kind == "weight" and self._constant_unit(name):
            return "bias"
        return kind

    def _constant_unit(self, name: Name) -> bool:
        """LFD's ``w_0^{(l)}``: the weights from the constant unit x₀ = 1, the biases."""
        return self.notation.bias_as_weight and name.sub == "0"

    def __call__(self, name: Name, arrays: Arrays, per_sample: bool,
                 gradient: bool = False) -> Bound:
        """The quantity ``name`` is, or with ``gradient`` the loss's gradient by it."""
        kind = self.kind(name)
        if gradient:
            return self._gradient(name, kind, arrays, per_sample)
        if kind is None:
            known = ", ".join(sorted(self.table))
            raise ConfigError(f"{name} (at position {name.pos}) is not a quantity of this "
                              f"network in the {self.notation.key} notation; the names are "
                              f"{known}, with a layer, and N or m for the number of samples")
        if kind in ("input", "output"):
            layer = 0 if kind == "input" else arrays.L
            return self.bound("post", layer, arrays, per_sample,
                               "the input" if kind == "input" else "the network's output")
        if kind == "target":
            return self.bound("target", arrays.L, arrays, per_sample, "the targets"
                               + (" (one-hot)" if arrays.ops.class_labels else ""))
        if kind == "nabla":
            return self.bound("grad_post", arrays.L, arrays, per_sample,
                               f"∂{self.loss}/∂a of the output layer")
        layer = self.layer_of(name, kind, arrays)
        return self.bound(kind, layer, arrays, per_sample, None, signed=True)

    def _gradient(self, name: Name, kind: str | None, arrays: Arrays,
                  per_sample: bool) -> Bound:  # fmt: skip
        if kind == "output":
            return self.bound("grad_post", arrays.L, arrays, per_sample, None)
        if kind not in GRADIENT_OF:
            raise ConfigError(f"∂/∂{name} (at position {name.pos}): the loss's gradient is by "
                              "a layer's outputs, signals, weights or biases")
        layer = self.layer_of(name, kind, arrays)
        return self.bound(GRADIENT_OF[kind], layer, arrays, per_sample, None)

    def layer_of(self, name: Name, kind: str, arrays: Arrays) -> int:
        n = self.notation
        if self._constant_unit(name):
            name = Name(name.base, "", name.tag, name.pos)
        offset = n.post_offset if kind in ("post", "grad_post") else n.pre_offset
        written = name.tag or (name.sub if n.layer_style == "subscript" or name.sub.isdigit()
                               else "")  # fmt: skip
        if name.sub and name.tag:
            raise ConfigError(f"{name} (at position {name.pos}) names one unit; a matrix claim "
                              "is about whole layers: drop the unit's index")
        if n.layer_style == "global" and name.sub and not name.sub.isdigit():
            return _letter_layer(name, kind, arrays)
        if not written and kind == "post" and self.outputs_default:
            return arrays.L  # dZ = A − Y: in the output layer's δ, A is that layer's output
        if not written:
            if self.layer is None or kind in ("post",):
                raise ConfigError(f"{name} (at position {name.pos}) needs its layer, as in "
                                  f"{name.base}_1 or {name.base}^{{(1)}}")
            return self.layer
        layer = arrays.tag_layer(written, offset, name)
        low = 0 if kind == "post" else 1
        if not low <= layer <= arrays.L:
            raise ConfigError(f"{name} (at position {name.pos}): this network has no such "
                              f"layer (layers {low + offset}..{arrays.L + offset})")
        return layer

    def bound(self, kind: str, layer: int, arrays: Arrays, per_sample: bool,
              text: str | None, signed: bool = False) -> Bound:  # fmt: skip
        """The quantity ``kind`` of ``layer``; ``signed``: a δ written with the notation's own
        letter, which is Mitchell's −∂E/∂net where the notation says so (``∂E/∂net`` written
        as a partial is not)."""
        value = arrays.value(kind, layer, per_sample)
        sign = self.notation.delta_sign if signed and kind == "delta" else 1
        if text is None:
            how = "mean" if arrays.mean or arrays.to_mean != 1 else "sum"
            total = f", {self.loss} the {how} of the N samples' losses" if arrays.N > 1 else ""
            scope = " of one sample's loss" if per_sample and arrays.N > 1 else total
            mean = total
            tag = layer + (self.notation.post_offset if kind in ("post", "grad_post")
                           else self.notation.pre_offset)  # fmt: skip
            text = _MEANING[kind].format(l=tag, loss=self.loss, scope=scope, mean=mean)
            if sign < 0:
                pre = plain_letter(self.notation.pre)
                text = "−" + text.replace("/∂z ", f"/∂{pre} ", 1)
        return Bound(kind, layer, value if sign > 0 else -value, text)


def _letter_layer(name: Name, kind: str, arrays: Arrays) -> int:
    """The layer of Mitchell's unit letters, written on a whole layer's quantity: ``k`` the
    output units, ``h`` the hidden units (of a network with one hidden layer), ``i`` the
    inputs; a weight's two letters, ``w_kh``, go from h to k."""
    layers = {"k": arrays.L, "h": arrays.L - 1, "i": 0}
    letters = name.sub
    weights = kind in ("weight", "grad_weight")
    if not set(letters) <= set(layers) or len(letters) != (2 if weights else 1) or \
            (weights and layers[letters[1]] != layers[letters[0]] - 1):
        example = "w_{kh}" if weights else f"{name.base}_k"
        raise ConfigError(f"{name} (at position {name.pos}): in a matrix claim in Mitchell's "
                          f"notation a subscript names a layer by its units' letter, as in "
                          f"{example} (k the outputs, h the hidden units, i the inputs)")
    if "h" in letters and arrays.L != 2:
        raise ConfigError(f"{name} (at position {name.pos}): h is the hidden layer of a network "
                          "with one hidden layer; this one has "
                          f"{arrays.L - 1}: write the layer, as in δ^{{(1)}}")
    layer = layers[letters[0]]
    if layer == 0 and kind not in ("post", "input"):
        raise ConfigError(f"{name} (at position {name.pos}): the inputs have no {kind}")
    return layer
