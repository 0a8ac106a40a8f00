r"""Notations: the same network written in each course's language.

A :class:`Notation` says which letter names each quantity (signal, output, loss, δ, ...), how
layers are numbered and written (superscript ``(l)``, subscript, or one global numbering of
units as in Mitchell), the order of a weight's two indices, the vector layout (column vectors
``s = Wᵀx`` or row vectors ``z = xW + b``) and the sign of δ. The engine always works
batch-first with ``W[i, j]`` from input unit ``i`` to output unit ``j`` of a dense layer; a
notation only changes how that is *written*.

Presets: ``lfd`` (Learning From Data), ``nielsen`` (Nielsen / 3Blue1Brown), ``mitchell``,
``cs231n`` (row vectors), ``ng`` (Andrew Ng's deep-learning course: ``W^{[l]}``, ``dZ`` per
example, ``m`` samples as columns) and ``jhz`` (the J/h/z tutorial);
:func:`custom_notation` builds one from ``"loss=J,post=h,pre=z"``-style mappings.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from chainrule.errors import ConfigError, one_of


@dataclass(frozen=True)
class Notation:
    r"""How one course writes a network.

    Attributes
    ----------
    key, title : the preset's name and the course it follows.
    loss : symbol of the loss of one sample (``e``, ``C``, ``E``, ``J``, ``L``).
    pre, post : letters of the pre-activation (signal) and of the unit's output.
    activation : symbol of the activation function (``\theta``, ``\sigma``, ``g``, ``f``).
    delta, weight, bias, target : letters of δ, of a weight, a bias and the target.
    input : letter of the network's input; empty means ``post`` of layer 0.
    output : symbol of the output layer's ``post`` (``\hat{y}`` in CS231n); empty means ``post``.
    weight_matrix : letter of a layer's weight matrix (``W``).
    weight_order : ``"from_to"`` (``w_{ij}`` from unit i to unit j, LFD) or ``"to_from"``
        (``w_{jk}`` from unit k to unit j, Nielsen); also the orientation of the matrix.
    layout : ``"column"`` (one sample is a column vector) or ``"row"`` (a row; a batch stacks rows).
    layer_style : ``"superscript"`` (``s_j^{(l)}``), ``"subscript"`` (``z_2``, entries
        ``(z_2)_j``) or ``"global"`` (units numbered through the whole net, no layer tag).
    pre_offset : the layer tag of dense layer ``l``'s signal, δ, weights and bias is
        ``l + pre_offset``.
    post_offset : the layer tag of dense layer ``l``'s output is ``l + post_offset``
        (the input is the output of layer 0).
    last_as_l : write the output layer's tag as ``L``.
    bias_as_weight : the bias is the weight ``w_{0j}`` from a constant unit ``x_0 = 1`` (LFD).
    delta_sign : ``+1`` for δ = ∂e/∂s, ``-1`` for Mitchell's δ = −∂E/∂net.
    from_letter, to_letter : the index letters of general formulas (a unit of layer l−1 and
        one of layer l).
    single_target : the target's symbol when the network has one output (LFD ``y_n``).
    gradient_prefix : matrix gradients named ``dW``, ``dz`` (CS231n) instead of ∂e/∂W.
    delta_per_sample : ``dz`` is each example's own ``∂L/∂z`` and the mean over the batch is
        taken in ``dW`` and ``db`` (Andrew Ng), rather than ``∂(mean loss)/∂z`` (CS231n).
    layer_brackets : the brackets of a layer tag, ``()`` (``a^{(l)}``) or ``[]`` (``a^{[l]}``).
    bold_vectors : vectors in bold (LFD, Mitchell).
    """

    key: str
    title: str
    loss: str = "e"
    pre: str = "s"
    post: str = "x"
    activation: str = r"\theta"
    delta: str = r"\delta"
    weight: str = "w"
    bias: str = "b"
    target: str = "y"
    input: str = ""
    output: str = ""
    weight_matrix: str = "W"
    weight_order: str = "from_to"
    layout: str = "column"
    layer_style: str = "superscript"
    pre_offset: int = 0
    post_offset: int = 0
    last_as_l: bool = False
    bias_as_weight: bool = False
    delta_sign: int = 1
    from_letter: str = "i"
    to_letter: str = "j"
    single_target: str = ""
    gradient_prefix: str = ""
    delta_per_sample: bool = False
    layer_brackets: str = "()"
    bold_vectors: bool = False

    def __post_init__(self) -> None:
        checks = {"weight_order": ("from_to", "to_from"), "layout": ("column", "row"),
                  "layer_style": ("superscript", "subscript", "global"),
                  "layer_brackets": ("()", "[]")}
        for name, allowed in checks.items():
            if getattr(self, name) not in allowed:
                raise one_of(name, getattr(self, name), allowed)
        if self.delta_sign not in (1, -1):
            raise ConfigError(f"`delta_sign` must be 1 or -1; got {self.delta_sign!r}")


PRESETS: dict[str, Notation] = {
    "lfd": Notation(
        "lfd", "Learning From Data (Abu-Mostafa et al.)", loss=r"\mathrm{e}", pre="s", post="x",
        activation=r"\theta", weight_order="from_to", layout="column", last_as_l=True,
        bias_as_weight=True, single_target="y_{n}", bold_vectors=True,
    ),
    "nielsen": Notation(
        "nielsen", "Nielsen, Neural Networks and Deep Learning / 3Blue1Brown", loss="C",
        pre="z", post="a", activation=r"\sigma", weight_order="to_from", layout="column",
        weight_matrix="w", pre_offset=1, post_offset=1, last_as_l=True, from_letter="k",
        to_letter="j",
    ),
    "mitchell": Notation(
        "mitchell", "Mitchell, Machine Learning (ch. 4)", loss="E", pre=r"\mathrm{net}",
        post="o", activation=r"\sigma", target="t", input="x", weight_order="to_from",
        layer_style="global", delta_sign=-1, bold_vectors=True, bias_as_weight=True,
    ),
    "cs231n": Notation(
        "cs231n", "CS231n (row vectors, batch-first)", loss="L", pre="z", post="a",
        activation="f", target="y", input="x", output=r"\hat{y}", delta="dz",
        weight_order="from_to",
        layout="row", layer_style="subscript", gradient_prefix="d",
    ),
    "ng": Notation(
        "ng", "Andrew Ng, Deep Learning Specialization (column vectors, m samples)", loss="L",
        pre="z", post="a", activation="g", target="y", input="x", output=r"\hat{y}",
        delta="dz", weight_matrix="W", weight_order="to_from", layout="column",
        gradient_prefix="d", delta_per_sample=True, layer_brackets="[]", last_as_l=False,
        from_letter="k", to_letter="j",
    ),
    "jhz": Notation(
        "jhz", "the J/h/z tutorial (J the cost, h after the activation, z before)",
        loss="J", pre="z", post="h",
        activation="f", weight_order="to_from", pre_offset=0, post_offset=1,
        from_letter="j", to_letter="i",
    ),
}

#: Older names of the presets, still accepted.
ALIASES = {"seed003": "jhz"}

#: Names a custom mapping may set, with the field each one sets.
CUSTOM_KEYS = {f.name: f.name for f in fields(Notation) if f.name not in ("key", "title")}
CUSTOM_KEYS.update({"sigma": "activation", "theta": "activation", "y": "target", "w": "weight"})
_INTS = ("pre_offset", "post_offset", "delta_sign")
_BOOLS = ("last_as_l", "bias_as_weight", "bold_vectors", "delta_per_sample")


def get_notation(name: str | Notation) -> Notation:
    """The preset called ``name`` (``lfd``, ``nielsen``, ``mitchell``, ``cs231n``, ``ng``,
    ``jhz``)."""
    if isinstance(name, Notation):
        return name
    name = ALIASES.get(name, name)
    if name not in PRESETS:
        raise one_of("notation", name, [*PRESETS, "custom"])
    return PRESETS[name]


def custom_notation(symbols: str, base: str | Notation = "nielsen") -> Notation:
    """A notation from a mapping such as ``"loss=J,post=h,pre=z,weight_order=to_from"``.

    Keys are :class:`Notation` fields (``loss``, ``pre``, ``post``, ``activation``, ``delta``,
    ``weight``, ``bias``, ``target``, ``input``, ``output``, ``weight_order``, ``layout``,
    ``layer_style``, ``pre_offset``, ``post_offset``, ``delta_sign``, ...); the others come
    from ``base``.
    """
    start = get_notation(base)
    changes: dict[str, object] = {}
    for item in filter(None, (part.strip() for part in symbols.split(","))):
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value:
            raise ConfigError(f"a custom symbol must look like `name=symbol`; got {item!r}")
        if key not in CUSTOM_KEYS:
            raise one_of("custom symbol name", key, CUSTOM_KEYS)
        changes[CUSTOM_KEYS[key]] = _converted(CUSTOM_KEYS[key], value)
    notation = replace(start, key="custom", title="custom notation", **changes)
    from chainrule.explain.letter_names import LETTERS, WHOLE, letter

    for field in changes.keys() & {*LETTERS, *WHOLE}:
        letter(notation, field)  # read once, now: an error names the letter
    return notation


def _converted(field: str, value: str) -> object:
    if field in _INTS:
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"`{field}` must be an integer; got {value!r}") from None
    if field in _BOOLS:
        if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
            raise ConfigError(f"`{field}` must be true or false; got {value!r}")
        return value.lower() in ("true", "1", "yes")
    return value
