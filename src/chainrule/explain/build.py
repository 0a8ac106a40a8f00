"""Networks and samples from the `chainrule explain` options: an example, a file or a spec."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, DataError, one_of

FORMATS = ("text", "latex", "markdown", "html")
def numbers(text: str, what: str) -> np.ndarray:
    """``'0.5,-1;0.2,0'`` as a 2-D array (rows split at ``;``)."""
    try:
        rows = [[float(v) for v in row.split(",")] for row in text.split(";") if row.strip()]
    except ValueError:
        raise DataError(f"`{what}` must be numbers separated by ',' (rows by ';'); "
                        f"got {text!r}") from None
    if not rows or len({len(r) for r in rows}) != 1:
        raise DataError(f"`{what}` needs rows of equal length; got {text!r}")
    return np.array(rows)


def network_from_spec(layers: str, activation: str, output_activation: str | None,
                      loss: str, bias: bool, seed: int) -> Any:
    """A network from ``"2,3,1"``, the activations and the loss name.

    Unlike ``chainrule train``, an output layer under a loss that takes no probabilities gets
    the hidden activation by default, as the textbooks' θ is applied to every layer.
    """
    from chainrule.nn.builder import build_network
    from chainrule.ops import loss as make_loss

    try:
        widths = [int(w) for w in layers.split(",")]
    except ValueError:
        raise ConfigError(f"`layers` must be integers like 2,3,1; got {layers!r}") from None
    if len(widths) < 2:
        raise ConfigError(f"`layers` needs the input and at least one layer; got {layers!r}")
    takes = make_loss(loss)
    if output_activation is None and not (takes.output_activation or takes.input_activation):
        output_activation = activation
    return build_network(widths[0], widths[1:-1], widths[-1], activation=activation, loss=loss,
                         output_activation="identity" if output_activation == "none"
                         else output_activation, bias=bias, init="glorot", seed=seed)


@dataclass
class ExplainRun:
    """The network, sample, notation and default quantity the command explains."""

    net: Any
    x: np.ndarray
    y: np.ndarray
    notation: str
    symbols: str | None
    quantity: str | int

    @classmethod
    def from_options(cls, *, example: str | None, model: Path | None, layers: str | None,
                     activation: str, output_activation: str | None, loss: str, bias: bool,
                     notation: str | None, symbols: str | None, seed: int,
                     input: str | None, target: str | None) -> ExplainRun:
        from chainrule.nn.torch_files import is_torch_file

        given = [o for o in (example, model, layers) if o is not None]
        if model is not None and layers is not None and is_torch_file(model):
            given.remove(layers)  # the architecture of a PyTorch weight file
        if len(given) > 1:
            raise ConfigError("give one network: --example, --model or --layers")
        if example is not None:
            from chainrule.explain.examples import example as make_example

            ex = make_example(example)
            net, x, y, quantity, default = ex.net, ex.x, ex.y, ex.quantity, ex.notation
            if notation not in (None, ex.notation) and net.general:
                raise ConfigError(f"--example {example} is written in its own notation only "
                                  f"({ex.notation}); got --notation {notation}")
            if notation not in (None, ex.notation):
                quantity = _in_engine_terms(net, quantity, ex.notation)
        else:
            if model is not None and layers is not None:
                from chainrule.nn.torch_files import load

                net = load(model, network_from_spec(layers, activation, output_activation,
                                                    loss, bias, seed))
            elif model is not None:
                from chainrule import nn

                net = nn.Network.load(str(model))
            else:
                net = network_from_spec(layers or "2,3,1", activation, output_activation, loss,
                                        bias, seed)
            shaped = net.general and net.layout.input_rank != 2  # images or sequences
            if shaped and input is None:
                raise ConfigError(f"{net.layers[0].describe()} needs a sample of its own "
                                  "shape: give --input (an image's pixels row by row, or a "
                                  "sequence's steps separated by ';') and --target")
            x, y = (None, None) if shaped else random_sample(net, seed)
            quantity, default = 1, "lfd"
        if input is not None:
            x = numbers(input, "input")
            y = None if target is None else numbers(target, "target")
            if y is None:
                raise ConfigError("--input needs --target too")
            if net.general:
                x, y = _one_sample(net, x, y)
            if net.loss.classifier and y.shape[1] == 1:
                y = y[:, 0].astype(int)
        return cls(net, x, y, notation or default, symbols, quantity)

    def explanation(self, quantity: str | int, **options: Any) -> Any:
        """The :class:`~chainrule.explain.model.Explanation` of ``quantity``; ``options``
        are :func:`~chainrule.explain.api.explain`'s (``digits``, ``weights``, ``update``)."""
        from chainrule.explain.api import explain

        return explain(self.net, self.x, self.y, quantity, self.notation, symbols=self.symbols,
                       **options)

    def render(self, quantity: str | int, fmt: str) -> str:
        return self.render_explanation(self.explanation(quantity), fmt)

    @staticmethod
    def render_explanation(explanation: Any, fmt: str, width: int = 100,
                           steps: str = "full") -> str:
        """``explanation`` as text (prose wrapped to ``width``), LaTeX, Markdown or HTML;
        ``steps="short"`` leaves the factors' derivations out of the text and the HTML."""
        if fmt not in FORMATS:
            raise one_of("format", fmt, FORMATS)
        if fmt == "text":
            return explanation.to_text(width=width, steps=steps)
        if fmt == "html" and steps == "short":
            return explanation.to_html(steps="none")
        return {"latex": explanation.to_latex, "markdown": explanation.to_markdown,
                "html": explanation.to_html}[fmt]()


def _in_engine_terms(net: Any, quantity: str | int, notation: str) -> Any:
    """An example's question, spelt in its own notation, as engine indices, so that it can be
    explained in another notation."""
    from chainrule.explain.notation import get_notation
    from chainrule.explain.quantity import parse_quantity
    from chainrule.explain.symbols import Namer

    widths = [net.n_inputs] + [layer.n_out for layer in net.dense_layers]
    has_bias = [layer.b is not None for layer in net.dense_layers]
    return parse_quantity(quantity, Namer(get_notation(notation), widths), has_bias)


def _one_sample(net: Any, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``--input`` for a network beyond Dense: a square one-channel image given row by row
    (``(1, 1, s, s)``) for a convolution or pooling first layer, the rows as the steps of one
    sequence (``(1, T, F)``) for a recurrent one; one target row."""
    from chainrule.nn.presets import shaped

    rank = net.layout.input_rank
    if rank == 4:
        x = shaped(x.reshape(1, -1), "cnn")
    elif rank == 3:
        x, y = x[None], y[-1:]  # the target of the sequence: its last row
    return x, y


def random_sample(net: Any, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A reproducible sample for a network given without one."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1, net.n_inputs)).round(2)
    if net.loss.class_labels:
        return x, np.array([int(rng.integers(net.n_outputs))])
    if net.loss.classifier:
        return x, rng.integers(0, 2, size=(1, net.n_outputs)).astype(float)
    return x, rng.uniform(-1, 1, size=(1, net.n_outputs)).round(2)


def pick_quantity(weight: str | None, bias: str | None, delta: str | None,
                  layer: int | None, default: str | int) -> str | int:
    """The one quantity asked for, or the default."""
    asked = [q for q in (weight, bias, delta, layer) if q is not None]
    if len(asked) > 1:
        raise ConfigError("ask for one quantity: --weight, --bias-of, --delta or --layer")
    return asked[0] if asked else default
