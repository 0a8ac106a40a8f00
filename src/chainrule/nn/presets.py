"""Small ready-made networks beyond the dense one, as ``chainrule train --model`` builds them.

* ``cnn``: ``Conv2D(C, w, 3, padding=1) · BatchNorm · ReLU · MaxPool2D(2) · Flatten · Dense``,
  for images ``(C, H, W)`` (``w`` channels, 16 by default): on the 8×8 digits, about 2,700
  parameters, 98–100 % of the test split in a few seconds.
* ``rnn``: ``RNN(F, w) · Dense`` on sequences ``(T, F)``, the last step's state read out.

Images given as flat rows (the digits' 64 pixels, MNIST's 784) are read as square one-channel
images; for ``rnn`` such an image is a sequence of its rows.
"""

from __future__ import annotations

import math

import numpy as np

from chainrule.errors import ConfigError, one_of
from chainrule.nn.batch_norm import BatchNorm
from chainrule.nn.conv import Conv2D
from chainrule.nn.dense import Dense
from chainrule.nn.flatten import Flatten
from chainrule.nn.network import Network
from chainrule.nn.pooling import MaxPool2D
from chainrule.nn.rnn import RNN
from chainrule.ops.registry import activation as make_activation
from chainrule.ops.registry import loss as make_loss

MODELS = ("mlp", "cnn", "rnn")


def shaped(x: np.ndarray, model: str) -> np.ndarray:
    """``x`` in the shape ``model`` takes: images ``(N, C, H, W)`` for ``cnn``, sequences
    ``(N, T, F)`` for ``rnn`` (flat square images become one channel, or rows as steps)."""
    if model not in MODELS:
        raise one_of("model", model, MODELS)
    wanted = {"cnn": 4, "rnn": 3}.get(model)
    if wanted is None or x.ndim == wanted:
        return x
    side = math.isqrt(x.shape[1]) if x.ndim == 2 else 0
    if x.ndim != 2 or side * side != x.shape[1] or side < 2:
        kind = "images (N, C, H, W)" if model == "cnn" else "sequences (N, T, F)"
        raise ConfigError(f"the {model} model takes {kind} or flat square images; the data "
                          f"have shape {x.shape}")
    return x.reshape(len(x), 1, side, side) if model == "cnn" else x.reshape(len(x), side, side)


def preset(model: str, x_shape: tuple[int, ...], n_outputs: int, *, width: int = 16,
           loss: str = "softmax_cross_entropy", dtype: str = "float64",
           seed: int | None = None) -> Network:
    """The ``cnn`` or ``rnn`` network for inputs of shape ``x_shape`` (batch axis first)."""
    loss_op = make_loss(loss)
    if model == "cnn":
        channels, height, width_in = x_shape[1:]
        if min(height, width_in) < 2:
            raise ConfigError(f"the cnn model pools 2×2 windows; the images are only "
                              f"{height}×{width_in}")
        features = width * (height // 2) * (width_in // 2)
        layers: list = [Conv2D(channels, width, 3, padding=1, bias=False), BatchNorm(width),
                        make_activation("relu"), MaxPool2D(2), Flatten(),
                        Dense(features, n_outputs)]
    elif model == "rnn":
        layers = [RNN(x_shape[2], width), Dense(width, n_outputs)]
    else:
        raise one_of("model", model, ("cnn", "rnn"))
    if loss_op.input_activation:
        layers.append(make_activation(loss_op.input_activation))
    return Network(layers, loss_op, dtype=dtype, seed=seed)
