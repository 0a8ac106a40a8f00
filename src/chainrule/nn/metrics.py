"""Scores: accuracy for classifiers, R² for regression."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from chainrule.nn.network import Network


def accuracy(predicted: np.ndarray, targets: np.ndarray) -> float:
    """Share of samples whose predicted label equals the target's (labels or one-hot rows)."""
    labels = targets.argmax(axis=1) if targets.ndim == 2 and targets.shape[1] > 1 else targets
    labels = labels.reshape(-1)
    return float(np.mean(predicted.reshape(-1) == labels))


def r_squared(predicted: np.ndarray, targets: np.ndarray) -> float:
    residual = ((targets - predicted) ** 2).sum()
    total = ((targets - targets.mean(axis=0)) ** 2).sum()
    return float(1 - residual / total) if total > 0 else 0.0


def score(network: Network, x: object, y: object) -> float:
    x = network._inputs(x)
    if network.loss.classifier:
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim == 2:
            y = y.argmax(axis=1)
        return accuracy(network.predict(x), y.round().astype(np.int64))
    return r_squared(network.predict(x), network._targets(x, y))


def predicted_labels(output: np.ndarray, loss: object) -> np.ndarray:
    """Class labels from a network's raw output: argmax, or a threshold for one output
    (0 on logits of a fused sigmoid loss, 0.5 on probabilities)."""
    if output.shape[1] > 1:
        return output.argmax(axis=1)
    threshold = 0.0 if getattr(loss, "output_activation", None) == "sigmoid" else 0.5
    return (output[:, 0] > threshold).astype(np.int64)
