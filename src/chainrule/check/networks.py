"""The networks and notations a claim can be about, as SymPy symbol names.

A minimal table of its own, isolated here so it can be swapped for the explain package's
notation objects: for each preset (the same ones as ``chainrule explain``), the activations and
loss of the network (names in the op registries) and the bases of its symbols as the safe
parser spells them (``x_1^(L)``, ``delta_j^(l+1)``, ``net_k``, ``yhat``).
"""

from __future__ import annotations

from dataclasses import dataclass

from chainrule.errors import one_of


@dataclass(frozen=True)
class NetworkForm:
    """One course's network, in the parser's symbol bases.

    Attributes
    ----------
    name : the preset's name.
    output_activation, hidden_activation : registry names of the activations.
    loss : registry name of the loss of one sample (``squared_error`` is Σ (x − y)²).
    n_outputs : output units (a claim about unit 1 of a 1-output net uses ``single_target``).
    pre, post, delta, weight, target : symbol bases of the signal, the unit's output, δ, a
        weight and the target.
    output : base of the output layer's ``post`` when it differs (``yhat``).
    single_target : the target's name with one output (LFD ``y_n``).
    weight_order : ``"from_to"`` (``w_ij`` from unit i to unit j) or ``"to_from"``.
    delta_sign : +1 for δ = ∂e/∂s, −1 for Mitchell's δ = −∂E/∂net.
    layer_tags : whether symbols carry a layer tag ``^(l)``.
    loss_symbol, functions : how messages write the loss; what θ, g, σ stand for.
    """

    name: str
    output_activation: str
    hidden_activation: str
    loss: str
    n_outputs: int
    pre: str = "s"
    post: str = "x"
    delta: str = "delta"
    weight: str = "w"
    target: str = "y"
    output: str = ""
    single_target: str = ""
    weight_order: str = "from_to"
    delta_sign: int = 1
    layer_tags: bool = True
    loss_symbol: str = "e"
    functions: tuple[tuple[str, str], ...] = ()

    @property
    def output_post(self) -> str:
        return self.output or self.post


FORMS: dict[str, NetworkForm] = {
    "lfd": NetworkForm(
        "lfd", "tanh", "tanh", "squared_error", 1, single_target="y_n",
        functions=(("θ", "tanh"),),
    ),
    "nielsen": NetworkForm(
        "nielsen", "sigmoid", "sigmoid", "half_sse", 2, pre="z", post="a",
        weight_order="to_from", loss_symbol="C", functions=(("σ", "sigmoid"), ("g", "sigmoid")),
    ),
    "mitchell": NetworkForm(
        "mitchell", "sigmoid", "sigmoid", "half_sse", 2, pre="net", post="o", target="t",
        weight_order="to_from", delta_sign=-1, layer_tags=False, loss_symbol="E",
        functions=(("σ", "sigmoid"),),
    ),
    "seed003": NetworkForm(
        "seed003", "identity", "sigmoid", "squared_error", 1, pre="z", post="h",
        weight_order="to_from", loss_symbol="J", functions=(("g", "sigmoid"),),
    ),
    "cs231n": NetworkForm(
        "cs231n", "softmax", "tanh", "cross_entropy", 3, pre="z", post="a", delta="dz",
        output="yhat", layer_tags=False, loss_symbol="L",
    ),
}
ALIASES = {"seed000": "lfd", "seed001": "nielsen", "seed002": "mitchell", "seed004": "cs231n"}


def network_form(example: str) -> NetworkForm:
    """The preset called ``example`` (lfd, nielsen, mitchell, seed003, cs231n, or seed00N)."""
    key = ALIASES.get(example, example)
    if key not in FORMS:
        raise one_of("example", example, [*FORMS, *ALIASES])
    return FORMS[key]


def next_tag(tag: str) -> str:
    """The layer tag after ``tag``: ``l`` → ``l+1``, ``L-1`` → ``L``, ``L-m`` → ``L-m+1``."""
    if not tag:
        return ""
    if tag.isdigit():
        return str(int(tag) + 1)
    if tag.endswith("-1"):
        return tag[:-2]
    head, _, number = tag.rpartition("-")
    if head and number.isdigit():
        return f"{head}-{int(number) - 1}"
    return f"{tag}+1"
