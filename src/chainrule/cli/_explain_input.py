"""`chainrule explain`'s strings read into numbers: the layers, the sample, the quantity asked
for, and the output format; the choice of network, sample and notation is the resolver's."""

from __future__ import annotations

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


def resolve_options(*, example: str | None, model: Path | None, layers: str | None,
                    activation: str, output_activation: str | None, loss: str, bias: bool,
                    notation: str | None, symbols: str | None, seed: int,
                    input: str | None, target: str | None) -> Any:
    """The :class:`~chainrule.explain.resolver.Resolved` network, sample and notation of the
    command's options: ``--layers`` (default 2,3,1) builds the network unless ``--example``
    or a saved ``--model`` brings one; a PyTorch ``--model`` is loaded into ``--layers``."""
    from chainrule.cli._sizes import explain_widths
    from chainrule.explain.resolver import network_from_widths, resolve
    from chainrule.nn.torch_files import is_torch_file

    if input is not None and target is None:
        raise ConfigError("--input needs --target too")
    network = architecture = None
    if example is None and (model is None or (layers is not None and is_torch_file(model))):
        built = network_from_widths(explain_widths(layers or "2,3,1"), activation,
                                    output_activation, loss, bias, seed)
        network, architecture = (built, None) if model is None else (None, built)
    x = None if input is None else numbers(input, "input")
    y = None if target is None else numbers(target, "target")
    run = resolve(network, example=example, model=model, architecture=architecture, x=x, y=y,
                  notation=notation, symbols=symbols, seed=seed)
    if run.x is None:  # images or sequences: no random sample is drawn for them
        raise ConfigError(f"{run.net.layers[0].describe()} needs a sample of its own "
                          "shape: give --input (an image's pixels row by row, or a "
                          "sequence's steps separated by ';') and --target")
    return run


def pick_quantity(weight: str | None, bias: str | None, delta: str | None,
                  layer: int | None, quantity: str | None, default: str | int) -> str | int:
    """The one quantity asked for, or the default."""
    asked = [q for q in (weight, bias, delta, layer, quantity) if q is not None]
    if len(asked) > 1:
        raise ConfigError("ask for one quantity: --weight, --bias-of, --delta, --layer or "
                          "--quantity")
    return asked[0] if asked else default


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
