"""Which network, which sample, which targets, which notation, which quantity: chosen once.

``explain``, ``check``, ``report``, the demo and the exercise sheets all ask the same five
questions; :func:`resolve` answers them by one rule, and :class:`Resolved` holds the answer:

- the network: a network object, a preset example (``lfd``, ``nielsen``, …), or a saved model
  (a PyTorch weight file with the network built for it); with none, the example named like the
  notation, else ``lfd``;
- the sample and its targets: those given (rows given to a network that takes images or
  sequences are read as one image, row by row, or one sequence), else the example's own, else
  a reproducible random sample (none for images or sequences); a classifier's one-column
  targets are its class labels;
- the notation: the one given, else the example's own, else ``lfd``;
- the quantity asked about by default: the example's question (in the engine's indices where
  it is read in another notation), else the first layer.

It lives in ``explain`` because the examples and the notations live here, and ``check``,
``viz`` and ``teach`` sit at or above this layer. Strings of the command line (``"2,3,1"``,
``"0.5,-1"``) are read in ``chainrule.cli``; here everything is already a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.example_case import Example
from chainrule.explain.examples import EXAMPLES
from chainrule.explain.examples import example as make_example
from chainrule.explain.learner_names import resolve_notation
from chainrule.explain.notation import Notation, get_notation
from chainrule.explain.quantity import Quantity


@dataclass(frozen=True)
class Resolved:
    """A network with its sample, notation and default quantity.

    Attributes
    ----------
    net : chainrule.Network
    x : np.ndarray, shape (N, n_in), or None
        The sample (a batch for some examples); None for a network that takes images or
        sequences given without one.
    y : np.ndarray, shape (N, n_out) or (N,)
        Its targets; class labels for a classifier's one-column targets.
    notation : str or Notation
        A preset's name, ``"custom"`` or a :class:`Notation`; with ``symbols``,
        :meth:`chosen_notation` is the notation itself.
    symbols : str or None
        Custom symbols, e.g. ``"loss=J,post=h,pre=z"``.
    quantity : str, int or Quantity
        The quantity asked about by default: an example's question (engine indices where it
        is read in another notation), else layer 1.
    example : Example or None
        The preset example the network and sample come from, if any.
    """

    net: Any
    x: np.ndarray | None
    y: np.ndarray | None
    notation: str | Notation
    symbols: str | None = None
    quantity: str | int | Quantity = 1
    example: Example | None = None

    def chosen_notation(self) -> Notation:
        """The notation object: a preset, ``custom`` built from the symbols, or the one given."""
        return resolve_notation(self.notation, self.symbols)

    def explanation(self, quantity: str | int | Quantity | None = None, **options: Any) -> Any:
        """The :class:`~chainrule.explain.model.Explanation` of ``quantity`` (the default one
        if None); ``options`` are :func:`~chainrule.explain.api.explain`'s."""
        from chainrule.explain.api import explain

        asked = self.quantity if quantity is None else quantity
        return explain(self.net, self.x, self.y, asked, self.notation, symbols=self.symbols,
                       **options)


def resolve(network: Any = None, *, example: str | None = None, model: str | Path | None = None,
            architecture: Any = None, x: Any = None, y: Any = None,
            notation: str | Notation | None = None, symbols: str | None = None,
            seed: int = 0) -> Resolved:
    """The network, sample, notation and default quantity, chosen by the module's rule.

    Parameters
    ----------
    network : chainrule.Network, optional
        The network; or give ``example`` or ``model`` (at most one of the three).
    example : str, optional
        A preset of :mod:`chainrule.explain.examples` (or its alias, ``seed000`` …).
    model : str or Path, optional
        A network saved by ``chainrule train --save``, or a PyTorch weight file.
    architecture : chainrule.Network, optional
        The network a PyTorch weight file ``model`` is loaded into (else read beside it).
    x, y : array_like, optional
        The sample, shape ``(N, n_in)``, and its targets; both or neither.
    notation : str or Notation, optional
        A preset, ``custom`` with ``symbols``, or a notation; the example's own by default.
    symbols : str, optional
        Custom symbols.
    seed : int
        Seed of the random sample of a network given without one.

    Raises
    ------
    ConfigError
        If more than one network is given, a network is given by name, or ``x`` comes
        without ``y``.
    """
    if sum(given is not None for given in (network, example, model)) > 1:
        raise ConfigError("give one network: network, example or model")
    if isinstance(network, (str, Path)):
        raise ConfigError(f"`network` must be a chainrule.Network; got {network!r} (use "
                          "example=NAME or model=PATH)")
    if (x is None) != (y is None):
        raise ConfigError("a sample needs its targets: give x and y together")
    if network is None and model is not None:
        network = _load(model, architecture)
    preset = None
    if network is None:
        preset = make_example(example if example is not None else _example_named(notation))
        network = preset.net
    chosen = notation if notation is not None else (preset.notation if preset else "lfd")
    quantity = _question(network, preset, notation)
    x, y = _sample(network, preset, x, y, seed)
    return Resolved(network, x, y, chosen, symbols, quantity, preset)


def _sample(net: Any, preset: Example | None, x: Any, y: Any,
            seed: int) -> tuple[np.ndarray | None, np.ndarray | None]:  # fmt: skip
    """The sample given, else the example's, else a random one (none for images or
    sequences)."""
    if x is not None:
        x, y = _one_sample(net, np.asarray(x), np.asarray(y))
        return x, _targets(net, y)
    if preset is not None:
        return preset.x, preset.y
    return (None, None) if _shaped(net) else random_sample(net, seed)


def _question(net: Any, preset: Example | None,
              notation: str | Notation | None) -> str | int | Quantity:  # fmt: skip
    """The quantity asked about by default: the example's question, read in engine indices
    where another notation is asked for (refused for the layers beyond Dense), else layer 1."""
    if preset is None:
        return 1
    if notation in (None, preset.notation):
        return preset.quantity
    if net.general:
        raise ConfigError(f"--example {preset.name} is written in its own notation only "
                          f"({preset.notation}); got --notation {notation}")
    return _in_engine_terms(net, preset.quantity, preset.notation)


def _shaped(net: Any) -> bool:
    """Whether the network takes images or sequences, whose random sample is not drawn."""
    return bool(net.general) and net.layout.input_rank != 2


def _one_sample(net: Any, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``(R, F)`` given to a network that takes images or sequences, as one sample: a
    square one-channel image given row by row (``(1, 1, s, s)``) for a convolution or pooling
    first layer, the rows as the steps of one sequence (``(1, T, F)``) for a recurrent one,
    whose target is the last row."""
    if not _shaped(net) or x.ndim != 2:
        return x, y
    from chainrule.nn.presets import shaped

    if net.layout.input_rank == 4:
        return shaped(x.reshape(1, -1), "cnn"), y
    if net.layout.input_rank == 3:
        return x[None], y[-1:]
    return x, y


def _example_named(notation: str | Notation | None) -> str:
    """The example of a notation's name (``nielsen`` → Nielsen's network), else ``lfd``."""
    return notation if isinstance(notation, str) and notation in EXAMPLES else "lfd"


def _load(model: str | Path, architecture: Any) -> Any:
    if architecture is not None:
        from chainrule.nn.torch_files import load

        return load(Path(model), architecture)
    from chainrule.nn.network import Network

    return Network.load(str(model))


def _targets(net: Any, y: np.ndarray) -> np.ndarray:
    """A classifier's one-column targets as its class labels."""
    if net.loss.classifier and y.ndim == 2 and y.shape[1] == 1:
        return y[:, 0].astype(int)
    return y


def _in_engine_terms(net: Any, quantity: str | int, notation: str) -> Quantity:
    """An example's question, spelt in its own notation, as engine indices, so that it can be
    explained in another notation."""
    from chainrule.explain.quantity import parse_quantity
    from chainrule.explain.quantity_names import Namer

    widths = [net.n_inputs] + [layer.n_out for layer in net.dense_layers]
    has_bias = [layer.b is not None for layer in net.dense_layers]
    return parse_quantity(quantity, Namer(get_notation(notation), widths), has_bias)


def random_sample(net: Any, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A reproducible sample for a network given without one."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1, net.n_inputs)).round(2)
    if net.loss.class_labels:
        return x, np.array([int(rng.integers(net.n_outputs))])
    if net.loss.classifier:
        return x, rng.integers(0, 2, size=(1, net.n_outputs)).astype(float)
    return x, rng.uniform(-1, 1, size=(1, net.n_outputs)).round(2)


def network_from_widths(widths: Sequence[int], activation: str, output_activation: str | None,
                        loss: str, bias: bool, seed: int) -> Any:
    """A network of ``widths`` units per layer (input first), its activations and loss.

    Unlike ``chainrule train``, an output layer under a loss that takes no probabilities gets
    the hidden activation by default, as the textbooks' θ is applied to every layer;
    ``output_activation="none"`` is the identity.
    """
    from chainrule.nn.builder import build_network
    from chainrule.ops import loss as make_loss

    if len(widths) < 2:
        raise ConfigError(f"a network needs the input and at least one layer; got {widths!r}")
    takes = make_loss(loss)
    if output_activation is None and not (takes.output_activation or takes.input_activation):
        output_activation = activation
    return build_network(widths[0], list(widths[1:-1]), widths[-1], activation=activation,
                         loss=loss, output_activation="identity" if output_activation == "none"
                         else output_activation, bias=bias, init="glorot", seed=seed)
