"""What an exercise asks, before any number is drawn: the network's shape, its ops, the loss,
the notation, the questions, the learning rate and the tolerance of numeric answers.

A question is typed as ``chainrule explain`` names quantities, in the notation's spelling:
``delta_1^(L)``, ``w_12^(2)``, ``b_1^(2)`` (LFD: ``w_01^(1)``), ``layer 2`` (the whole
layer's gradient in matrix form), or ``update w_12^(2)`` (the weight after one step of
gradient descent with the learning rate ``lr``), or a formula to derive: ``derive sigmoid``,
``derive any`` or ``derive: 1/(1+exp(-x)) wrt x`` (see :mod:`chainrule.teach.derive_question`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from chainrule.errors import ConfigError, one_of
from chainrule.ops.registry import canonical
from chainrule.teach.derive_question import is_derive, read_derive

NOTATIONS = ("lfd", "nielsen", "mitchell", "cs231n", "seed003")
#: Notations whose formulas the checker reads for one sample as the key writes them. CS231n's
#: loss is a mean over N samples and its entries are written ``(dz_2)_1``: its exercises are
#: answered in numbers.
FORMULA_NOTATIONS = ("lfd", "nielsen", "mitchell", "seed003")
#: The questions a formula can answer: one unit's δ or one parameter's gradient (a matrix or an
#: update is answered in numbers).
FORMULA_KINDS = ("delta", "weight", "bias")
MAX_WIDTH = 6  # units a layer: a network a student can work by hand
MAX_LAYERS = 4  # dense layers
MAX_QUESTIONS = 10
UPDATE = "update "


@dataclass(frozen=True)
class Template:
    """The shape of an exercise; the numbers come from each variant's seed.

    Attributes
    ----------
    layers : units per layer, input first, e.g. ``(2, 2, 1)``.
    activation : the hidden layers' activation (a registry name: sigmoid, tanh, relu, …).
    output_activation : the output layer's; None as ``chainrule explain`` chooses (the hidden
        activation under a regression loss, the loss's own under a classification loss).
    loss : a loss registry name (squared_error, half_squared_error, mean_squared_error,
        cross_entropy, …); an older alias is read as the loss's own name.
    bias : whether the dense layers have biases.
    notation : the course's notation, a preset of :data:`NOTATIONS`.
    ask : the questions, each as typed (see the module docstring); by default the output
        layer's first δ.
    lr : the learning rate η of ``update`` questions.
    rtol, atol : a numeric answer ``v`` is right when ``|v − truth| ≤ atol + rtol·|truth|``.
    decimals : the decimals the sheet asks for.
    """

    layers: tuple[int, ...] = (2, 2, 1)
    activation: str = "sigmoid"
    output_activation: str | None = None
    loss: str = "half_squared_error"
    bias: bool = True
    notation: str = "lfd"
    ask: tuple[str, ...] = ()
    lr: float = 0.5
    rtol: float = 0.01
    atol: float = 0.001
    decimals: int = 3

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(int(w) for w in self.layers))
        object.__setattr__(self, "ask", tuple(str(a).strip() for a in self.ask))
        object.__setattr__(self, "loss", canonical(str(self.loss)))  # an old file's "half_sse"
        self._check()
        if not self.ask:  # the output layer's first δ, spelt in the notation
            object.__setattr__(self, "ask", (_output_delta(self),))

    def _check(self) -> None:
        if self.notation not in NOTATIONS:
            raise one_of("notation", self.notation, NOTATIONS)
        if len(self.layers) < 2 or len(self.layers) > MAX_LAYERS + 1:
            raise ConfigError(f"`layers` needs the input and 1 to {MAX_LAYERS} layers, e.g. "
                              f"2,2,1; got {','.join(map(str, self.layers))}")
        if any(not 1 <= w <= MAX_WIDTH for w in self.layers):
            raise ConfigError(f"`layers` widths must be from 1 to {MAX_WIDTH} for an exercise "
                              f"worked by hand; got {','.join(map(str, self.layers))}")
        if len(self.ask) > MAX_QUESTIONS or not all(self.ask):
            raise ConfigError(f"`ask` needs 1 to {MAX_QUESTIONS} questions, e.g. "
                              f"'delta_1^(L)'; got {list(self.ask)}")
        for ask in self.ask:  # a formula to derive is read now: its error names the question
            if is_derive(ask):
                read_derive(ask)
        if not 0 < self.lr <= 10:
            raise ConfigError(f"`lr` must be in (0, 10]; got {self.lr}")
        if not (0 <= self.rtol < 1 and 0 <= self.atol < 1 and self.rtol + self.atol > 0):
            raise ConfigError(f"the tolerance must be in [0, 1) and not zero; got rtol "
                              f"{self.rtol}, atol {self.atol}")
        if not 1 <= self.decimals <= 8:
            raise ConfigError(f"`decimals` must be from 1 to 8; got {self.decimals}")

    def accepts_formula(self, kind: str) -> bool:
        """Whether a question of ``kind`` may be answered by a formula in the notation."""
        readable = _formula_activation(self.activation) and (
            self.output_activation is None or _formula_activation(self.output_activation))
        return readable and self.notation in FORMULA_NOTATIONS and kind in FORMULA_KINDS

    @property
    def spec(self) -> str:
        """The layers as ``chainrule explain --layers`` takes them: ``"2,2,1"``."""
        return ",".join(map(str, self.layers))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["layers"], data["ask"] = list(self.layers), list(self.ask)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Template:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        try:
            return cls(**known)
        except (TypeError, ValueError) as error:
            if isinstance(error, ConfigError):
                raise
            raise ConfigError(f"the exercise's template cannot be read: {error}") from None


def split_update(ask: str) -> tuple[bool, str]:
    """``"update w_12^(2)"`` → ``(True, "w_12^(2)")``; other questions unchanged."""
    if ask.lower().startswith(UPDATE):
        return True, ask[len(UPDATE):].strip()
    return False, ask


def _output_delta(template: Template) -> str:
    from chainrule.explain.notation import get_notation
    from chainrule.explain.quantity import normalized
    from chainrule.explain.quantity_names import Namer

    names = Namer(get_notation(template.notation), list(template.layers))
    last = len(template.layers) - 1
    tag = names.tag(last, names.notation.pre_offset, numeric=True)
    return normalized(names.delta(last, 0, numeric=True), tag)


def _formula_activation(name: str) -> bool:
    """Whether the formula grammar writes the derivative of the activation ``name``: a smooth
    one's; a kinked one's (ReLU: an Iverson bracket ``[s > 0]`` in the key) it cannot read, so
    networks with one are answered in numbers."""
    from chainrule.ops import ACTIVATIONS, activation

    return name in ACTIVATIONS and activation(name).kink() is None
