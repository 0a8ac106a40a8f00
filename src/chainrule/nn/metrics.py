"""Scores: accuracy for classifiers, R² for regression."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from chainrule.nn.network import Network


def target_labels(targets: np.ndarray) -> np.ndarray:
    """Class labels of encoded targets ``(N, K)``: the argmax of one-hot rows or
    distributions, or a 0.5 threshold for one binary output."""
    if targets.shape[1] > 1:
        return targets.argmax(axis=1)
    return (targets[:, 0] > 0.5).astype(np.int64)


def r_squared(predicted: np.ndarray, targets: np.ndarray) -> float:
    residual = ((targets - predicted) ** 2).sum()
    total = ((targets - targets.mean(axis=0)) ** 2).sum()
    return float(1 - residual / total) if total > 0 else 0.0


def score(network: Network, x: object, y: object) -> float:
    x = network._inputs(x)
    targets = network._targets(x, y)
    if network.loss.classifier:
        predicted = predicted_labels(network.forward(x), network.loss)
        return float(np.mean(predicted == target_labels(targets)))
    return r_squared(network.predict(x), targets)


def predicted_labels(output: np.ndarray, loss: object) -> np.ndarray:
    """Class labels from a network's raw output: argmax, or a threshold for one output
    (0 on logits of a fused sigmoid loss, 0.5 on probabilities)."""
    if output.shape[1] > 1:
        return output.argmax(axis=1)
    threshold = 0.0 if getattr(loss, "output_activation", None) == "sigmoid" else 0.5
    return (output[:, 0] > threshold).astype(np.int64)
