"""Training by gradient descent: per sample, in mini-batches or on the full batch.

The inner loop is the textbook one and nothing more: take a batch, forward, loss and its
gradient, backward (the δ recurrence), update. Everything else (metrics, validation, early
stopping, divergence checks) happens once per epoch, so the library's structure costs little
over a hand-written NumPy loop.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from chainrule.errors import ConfigError, DivergenceError
from chainrule.nn.batch_pass import BatchPass
from chainrule.nn.fit_options import Schedule, check_options, learning_rate
from chainrule.nn.history import History
from chainrule.nn.layer_pass import LayerPass
from chainrule.nn.metrics import binary, evaluate, predicted_labels, target_labels
from chainrule.nn.optimizers import SGD, Optimizer
from chainrule.nn.training_guards import divergence_message, loss_limit, warn_if_worse

if TYPE_CHECKING:
    from chainrule.nn.network import Network

Callback = Callable[[int, History], object]


def fit(
    network: Network,
    x: object,
    y: object,
    *,
    epochs: int = 10,
    batch_size: int | None = 32,
    optimizer: Optimizer | None = None,
    lr_schedule: Schedule | None = None,
    weight_decay: float = 0.0,
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float = 0.0,
    validation_data: tuple[object, object] | None = None,
    early_stopping: int | None = None,
    callback: Callback | None = None,
) -> History:
    """Train ``network`` on ``(x, y)`` and return the per-epoch :class:`History`.

    Parameters
    ----------
    epochs : passes over the training data.
    batch_size : samples per step: ``1`` is per-sample SGD, ``None`` the full batch.
    optimizer : ``SGD(lr=0.1)`` by default; ``SGD(lr, momentum=0.9)``, ``Adam(lr)``, ...
    lr_schedule : ``schedule(epoch, base_lr) -> lr``, e.g. ``StepDecay(every=10)``.
    weight_decay : L2 penalty ``λ/2 Σ‖W‖²`` on the weights (not the biases); its gradient
        ``λW`` is added to each ``∂L/∂W`` and the penalty to the reported loss.
    shuffle, seed : reshuffle the samples each epoch with this seed (same seed, same run).
    validation_split : share of the samples held out (seeded) to report ``val_loss``.
    validation_data : ``(x_val, y_val)`` instead of a split.
    early_stopping : patience in epochs without a better validation loss (without validation
        data: the training loss of the weights each epoch ends with, one more forward pass
        over the data per epoch; ``history.monitored``); with it, training ends on the best
        epoch's weights (``history.best_epoch``), whether it stopped early or ran all epochs.
    callback : ``callback(epoch, history)`` after each epoch; a true result stops training.

    Warns
    -----
    TrainingWarning
        when the training loss of the final weights is higher than that of the initial
        weights (a learning rate far too large, most often); the message is also in
        ``history.warnings``.

    Raises
    ------
    DivergenceError
        when the loss or a weight becomes NaN/Inf, or a batch's loss exceeds ``EXPLODED``
        (:mod:`chainrule.nn.training_guards`) times the first batch's (or ``EXPLODED`` when
        that was below 1); the weights of the last good epoch are restored first, and the
        error carries the ``history`` so far.
    """
    epochs, batch_size, weight_decay, validation_split, early_stopping = check_options(
        epochs, batch_size, weight_decay, validation_split, early_stopping)
    optimizer = optimizer if optimizer is not None else SGD(lr=0.1)
    inputs = network.as_inputs(x)
    targets = network.as_targets(inputs, y)
    rng = np.random.default_rng(seed)
    train, validation = _split(inputs, targets, validation_split, validation_data, rng, network)
    run = _Run(network, optimizer, weight_decay, batch_size, shuffle, rng)
    return run.loop(train, validation, epochs, lr_schedule, early_stopping, callback)


def _split(inputs, targets, share, validation_data, rng, network):
    """``((x, y), (x_val, y_val) or None)``; a split copies only the held-out part."""
    if validation_data is not None:
        x_val = network.as_inputs(validation_data[0])
        return (inputs, targets), (x_val, network.as_targets(x_val, validation_data[1]))
    if share == 0:
        return (inputs, targets), None
    n_val = max(1, round(share * len(inputs)))
    if n_val >= len(inputs):
        raise ConfigError(f"validation_split={share} leaves no training samples")
    order = rng.permutation(len(inputs))
    keep, held = np.sort(order[n_val:]), order[:n_val]
    return (inputs[keep], targets[keep]), (inputs[held], targets[held])


class _Run:
    """One training run: the epoch loop and its bookkeeping."""

    def __init__(self, network, optimizer, weight_decay, batch_size, shuffle, rng) -> None:
        self.network, self.optimizer, self.weight_decay = network, optimizer, weight_decay
        self.batch_size, self.shuffle, self.rng = batch_size, shuffle, rng
        self.history = History()
        # one flat array of all parameters and one of their gradients: one optimizer step
        # updates the whole network, and backward writes each gradient in its place
        self.flat_parameters, self.flat_gradients = network.flat_arrays()
        optimizer.start([self.flat_parameters])
        # which gradients get λW: the weights, not the biases
        self.decayed = network.decayed
        pairs = zip(network.parameters, network.gradients, self.decayed, strict=True)
        self.decayed_pairs = [(p, g) for p, g, decayed in pairs if decayed]
        self._label_buffers: tuple[np.ndarray, np.ndarray | None, np.ndarray] | None = None
        self._pass: tuple[int, BatchPass | LayerPass] | None = None
        self.first_loss: float | None = None  # of the run's first batch
        self.held_scale = 1.0  # the flat gradients hold ∂L/∂p times this
        self.loss_limit = sys.float_info.max  # then set from first_loss (see loss_limit)

    def loop(self, train, validation, epochs, schedule, patience, callback) -> History:
        network, history = self.network, self.history
        good = initial = network.get_weights()
        best: tuple[float, list[np.ndarray], int | None] = (math.inf, good, None)
        for epoch in range(epochs):
            lr = learning_rate(schedule, epoch, self.optimizer.lr)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                penalty = self._penalty()  # at the weights of the epoch's first loss
                loss, accuracy, failed_batch = self._epoch(*train, lr)
            finite = bool(np.isfinite(self.flat_parameters).all())
            if failed_batch is not None or not finite:
                network.set_weights(good)
                error = DivergenceError(
                    divergence_message(epoch, failed_batch, lr, loss, self.first_loss))
                error.history = history
                raise error
            # huge but finite weights may overflow the validation loss: no warnings leak
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                self._record(loss, accuracy, len(train[0]), lr, validation, penalty)
                if patience is not None:
                    history.monitored.append(self._monitored(train, validation))
            good = network.get_weights()
            if patience is not None:
                if best[2] is None or history.monitored[-1] < best[0]:
                    best = (history.monitored[-1], good, epoch)
                elif epoch - best[2] >= patience:
                    history.stop_reason = f"early stopping: no better loss for {patience} epochs"
                    break
            if callback is not None and callback(epoch, history):
                history.stop_reason = "stopped by the callback"
                break
        if patience is not None:  # early stopping keeps the best weights, stopped or not
            network.set_weights(best[1])
            history.best_epoch = best[2]
        warn_if_worse(network, history, initial, train, self._penalty, self.first_loss)
        return history

    def _monitored(self, train, validation) -> float:
        """What early stopping compares: the validation loss, else the training loss (with
        its penalty) of the weights as the epoch left them. Not ``history.loss``: that is
        the mean over the epoch's batches, each taken before its own step, so the weights
        kept for it would be one epoch's steps past the loss that chose them."""
        if validation is not None:
            return self.history.val_loss[-1]
        return evaluate(self.network, *train)[0] + self._penalty()

    def _epoch(self, x, y, lr) -> tuple[float, float | None, int | None]:
        """One pass; returns (summed loss term, accuracy or None, failing batch or None).

        The optimizer's gradient scale (SGD: the learning rate) goes into the output
        gradient, so backward writes scaled gradients; they are divided back at the end, so
        that ``net.gradients`` between epochs and after training are the last batch's.
        """
        mode = self.network.training
        self.network.train(True)  # dropout drops, batch norm normalizes by the batch
        try:
            return self._batches(x, y, lr, self.optimizer.gradient_scale(lr))
        finally:
            self.network.train(mode)
            if self.held_scale != 1:
                self.flat_gradients /= self.held_scale
                self.held_scale = 1.0

    def _batches(self, x, y, lr, scale) -> tuple[float, float | None, int | None]:
        network, optimizer = self.network, self.optimizer
        value_and_grad = network.loss.value_and_grad
        parameters, gradients = [self.flat_parameters], [self.flat_gradients]
        decay = self.weight_decay * scale
        n = len(x)
        size = n if self.batch_size is None else min(self.batch_size, n)
        batch_pass = self._batch_pass(size)
        order = self.rng.permutation(n) if self.shuffle and size < n else None
        labels, predicted = self._labels_and_predictions(y)
        one_class = not binary(network.loss) and y.shape[1] > 1
        mean = network.loss.reduction == "mean"
        total, limit, unset = 0.0, self.loss_limit, self.first_loss is None
        for batch, start in enumerate(range(0, n, size)):
            if order is None:  # slices are views: no copy of the data set
                rows = slice(start, start + size)
                yb = y[rows]
            else:
                rows = order[start:start + size]
                # the take method: the same copy as y[rows], 2-3× faster on small batches
                yb = y.take(rows, 0)
            output = batch_pass.forward(x, rows)
            value, grad = value_and_grad(output, yb, scale)
            if not value <= limit:  # NaN, ±Inf or exploded
                return value, None, batch
            if unset:  # the run's first batch
                self.first_loss, unset = value, False
                limit = self.loss_limit = loss_limit(value)
            total += value * len(yb) if mean else value
            if predicted is not None:  # labels of the batch, compared once per epoch
                if one_class:
                    output.argmax(1, predicted[start:start + size])
                else:
                    predicted[start:start + size] = predicted_labels(output, network.loss)
            self.held_scale = scale
            batch_pass.backward(grad)  # gradients land in self.flat_gradients
            for p, g in self.decayed_pairs if decay else ():
                g += decay * p
            optimizer.step(parameters, gradients, lr)
        if predicted is None:
            return total, None, None
        visited = labels if order is None else labels[order]
        return total, np.count_nonzero(predicted == visited) / visited.size, None

    def _batch_pass(self, size: int) -> BatchPass | LayerPass:
        """The forward/backward with buffers for batches of ``size`` rows, made once: the
        fused dense path for networks of Dense layers and activations, the layer-by-layer
        one for the others."""
        if self._pass is None or self._pass[0] != size:
            kind = LayerPass if self.network.general else BatchPass
            self._pass = (size, kind(self.network, size))
        return self._pass[1]

    def _labels_and_predictions(self, y: np.ndarray) -> tuple[np.ndarray | None, ...]:
        """The targets' labels, and a buffer for the predicted labels in visiting order
        (compared with the labels once per epoch); made once per run, None for regression."""
        if self._label_buffers is None or self._label_buffers[0] is not y:
            labels = self._labels(y)
            predicted = np.empty(labels.shape, dtype=np.int64) if labels is not None else None
            self._label_buffers = (y, labels, predicted)
        return self._label_buffers[1:]

    def _labels(self, y: np.ndarray) -> np.ndarray | None:
        """Integer labels of the (encoded) targets, for the running accuracy."""
        loss = self.network.loss
        return target_labels(y, loss) if loss.classifier else None

    def _penalty(self) -> float:
        if not self.weight_decay:
            return 0.0
        pairs = zip(self.network.parameters, self.decayed, strict=True)
        weights = [p for p, decayed in pairs if decayed]
        return 0.5 * self.weight_decay * float(sum(np.vdot(w, w) for w in weights))

    def _record(self, total, accuracy, n, lr, validation, penalty) -> None:
        history = self.history
        mean = self.network.loss.reduction == "mean"
        history.loss.append((total / n if mean else total) + penalty)
        history.lr.append(lr)
        if accuracy is not None:
            history.accuracy.append(accuracy)
        if validation is None:
            return
        val_loss, val_accuracy = evaluate(self.network, *validation)
        history.val_loss.append(val_loss)
        if val_accuracy is not None:
            history.val_accuracy.append(val_accuracy)
