"""A convolution as pictures: the input, the kernels, the feature maps and their δ.

One row each, for one sample and the first input channel: the image the layer reads, the
kernel ``K[o, 0]`` of every output channel, the feature map ``y[o]`` it makes, and, when the
targets are given, ``δ[o] = ∂L/∂y[o]`` from backpropagation. Every image is the engine's own
array from a trace; diverging colours centred on 0 (red positive, blue negative).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.conv import Conv2D
from chainrule.viz.figures import new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def feature_maps(net: Any, x: Any, y: Any = None, *, sample: int = 0) -> Figure:
    """Rows ``input · kernels · feature maps · δ`` of the network's first ``Conv2D``.

    Parameters
    ----------
    net : a network with a ``Conv2D`` layer.
    x : images ``(N, C, H, W)`` (or one ``(C, H, W)``).
    y : their targets: adds the row of δ maps (from a traced backward pass).
    sample : which image of the batch is shown.
    """
    position = next((k for k, layer in enumerate(net.layers) if isinstance(layer, Conv2D)),
                    None)
    if position is None:
        raise ConfigError(f"feature maps are drawn for a network with a Conv2D layer; got "
                          f"{net.summary()}")
    if y is None:
        values = net.layer_outputs(net.as_inputs(x))
        inputs, maps, deltas = values[position], values[position + 1], None
    else:
        record = net.trace(x, y).records[position]
        inputs, maps, deltas = record.input, record.output, record.grad_output
    conv: Conv2D = net.layers[position]
    rows = [("input", [inputs[sample, 0]]),
            ("kernel", [conv.K[o, 0] for o in range(conv.out_channels)]),
            ("map", [maps[sample, o] for o in range(conv.out_channels)])]
    if deltas is not None:
        rows.append(("δ", [deltas[sample, o] for o in range(conv.out_channels)]))
    return _grid(rows, conv)


def _grid(rows: list[tuple[str, list[np.ndarray]]], conv: Conv2D) -> Figure:
    columns = max(len(images) for _, images in rows)
    figure = new_figure(1.4 * columns + 0.6, 1.5 * len(rows) + 0.3)
    axes = figure.subplots(len(rows), columns, squeeze=False)
    for r, (label, images) in enumerate(rows):
        for c in range(columns):
            ax = axes[r][c]
            ax.set_xticks([])
            ax.set_yticks([])
            if c >= len(images):
                ax.set_visible(False)
                continue
            image = np.asarray(images[c], dtype=float)
            limit = float(np.max(np.abs(image))) or 1.0
            ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
            ax.set_title(label if label == "input" else f"{label} {c}", fontsize=8)
    figure.suptitle(f"{conv.describe()}: channel 0 of the input", fontsize=9)
    return figure
