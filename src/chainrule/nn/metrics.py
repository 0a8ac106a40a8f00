"""Scores: accuracy for classifiers, R² for regression; the loss of a whole data set.

Labels follow the loss. Softmax-type losses (one class per sample) take the argmax of the
outputs. Binary losses (sigmoid outputs) threshold every output: with several outputs
each one is its own yes/no label (multi-label), and accuracy is the share of right labels
over all of them, as Keras's ``binary_accuracy`` counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from chainrule.nn.network import Network
    from chainrule.ops.base import Loss

#: rows per forward pass when a whole data set is evaluated (bounds the activations' memory)
CHUNK_ROWS = 4096


def binary(loss: Loss) -> bool:
    """Whether the loss scores each output as its own yes/no label (sigmoid outputs)."""
    return "sigmoid" in (loss.output_activation, loss.input_activation)


def target_labels(targets: np.ndarray, loss: Loss) -> np.ndarray:
    """Labels of encoded targets ``(N, K)``: the argmax of one-hot rows or distributions,
    shape ``(N,)``; for a binary loss a 0.5 threshold, ``(N,)`` for one output, else
    ``(N, K)``."""
    if binary(loss):
        labels = (targets > 0.5).astype(np.int64)
        return labels[:, 0] if labels.shape[1] == 1 else labels
    return targets.argmax(axis=1)


def predicted_labels(output: np.ndarray, loss: Loss) -> np.ndarray:
    """Labels from a network's raw output, shaped as :func:`target_labels`: argmax, or a
    threshold for a binary loss (0 on the logits of a fused sigmoid loss, 0.5 on
    probabilities)."""
    if binary(loss):
        threshold = 0.0 if loss.output_activation == "sigmoid" else 0.5
        labels = (output > threshold).astype(np.int64)
        return labels[:, 0] if labels.shape[1] == 1 else labels
    return output.argmax(axis=1)


def r_squared(predicted: np.ndarray, targets: np.ndarray) -> float:
    """The coefficient of determination, averaged over the outputs with equal weights (as
    scikit-learn's ``r2_score``); an output whose targets are constant scores 1 when it
    is predicted exactly, else 0."""
    residual = ((targets - predicted) ** 2).sum(axis=0)
    total = ((targets - targets.mean(axis=0)) ** 2).sum(axis=0)
    constant = total == 0
    scores = np.where(constant, (residual == 0).astype(float),
                      1 - residual / np.where(constant, 1.0, total))
    return float(scores.mean())


def score(network: Network, x: object, y: object) -> float:
    x = network.as_inputs(x)
    targets = network.as_targets(x, y)
    if network.loss.classifier:
        predicted = predicted_labels(network.forward(x), network.loss)
        return float(np.mean(predicted == target_labels(targets, network.loss)))
    return r_squared(network.predict(x), targets)


def evaluate(network: Network, x: np.ndarray, targets: np.ndarray) -> tuple[float, float | None]:
    """``(loss, accuracy or None)`` of checked inputs and encoded targets, ``CHUNK_ROWS``
    rows at a time: the activations of a large data set never exist all at once."""
    loss = network.loss
    total, correct, labelled = 0.0, 0, 0
    for start in range(0, len(x), CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        output = network.layer_outputs(x[rows])[-1]
        total += float(loss.per_sample(output, targets[rows]).sum())
        if loss.classifier:
            labels = target_labels(targets[rows], loss)
            correct += int(np.count_nonzero(predicted_labels(output, loss) == labels))
            labelled += labels.size
    value = total * loss.sample_scale(len(x), targets.shape[1])
    return value, correct / labelled if loss.classifier else None
