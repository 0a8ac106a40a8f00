"""Training by gradient descent: per sample, in mini-batches or on the full batch.

The inner loop is the textbook one and nothing more: take a batch, forward, loss and its
gradient, backward (the δ recurrence), update. Everything else (metrics, validation, early
stopping, divergence checks) happens once per epoch, so the library's structure costs little
over a hand-written NumPy loop.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from chainrule.errors import ConfigError, DivergenceError
from chainrule.nn.batch_pass import BatchPass
from chainrule.nn.history import History
from chainrule.nn.metrics import predicted_labels, target_labels
from chainrule.nn.optimizers import SGD, Optimizer

if TYPE_CHECKING:
    from chainrule.nn.network import Network

Schedule = Callable[[int, float], float]
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
    early_stopping : patience in epochs without a better validation (else training) loss;
        with it, training ends on the best epoch's weights (``history.best_epoch``), whether
        it stopped early or ran all epochs.
    callback : ``callback(epoch, history)`` after each epoch; a true result stops training.

    Raises
    ------
    DivergenceError
        when the loss or a weight becomes NaN/Inf; the weights of the last good epoch are
        restored first, and the error carries the ``history`` so far.
    """
    epochs, batch_size, weight_decay, validation_split, early_stopping = _check_options(
        epochs, batch_size, weight_decay, validation_split, early_stopping)
    optimizer = optimizer if optimizer is not None else SGD(lr=0.1)
    inputs = network._inputs(x)
    targets = network._targets(inputs, y)
    rng = np.random.default_rng(seed)
    train, validation = _split(inputs, targets, validation_split, validation_data, rng, network)
    run = _Run(network, optimizer, weight_decay, batch_size, shuffle, rng)
    return run.loop(train, validation, epochs, lr_schedule, early_stopping, callback)


def _check_options(epochs, batch_size, weight_decay, validation_split, early_stopping):
    """The options as plain Python numbers (NumPy integers welcome), or a ConfigError."""
    if not _is_count(epochs):
        raise ConfigError(f"`epochs` must be a positive integer; got {epochs!r}")
    if batch_size is not None and not _is_count(batch_size):
        raise ConfigError(f"`batch_size` must be a positive integer or None; got {batch_size!r}")
    if not (isinstance(weight_decay, (int, float, np.floating)) and math.isfinite(weight_decay)
            and weight_decay >= 0):
        raise ConfigError(f"`weight_decay` must be ≥ 0; got {weight_decay!r}")
    if not (isinstance(validation_split, (int, float, np.floating))
            and 0 <= validation_split < 1):
        raise ConfigError(f"`validation_split` must be in [0, 1); got {validation_split!r}")
    if early_stopping is not None and not _is_count(early_stopping):
        raise ConfigError(f"`early_stopping` must be a positive integer; got {early_stopping!r}")
    return (int(epochs), None if batch_size is None else int(batch_size), float(weight_decay),
            float(validation_split), None if early_stopping is None else int(early_stopping))


def _is_count(value: object) -> bool:
    """A positive integer, Python's or NumPy's (not a bool, not 3.0)."""
    return (isinstance(value, (int, np.integer)) and not isinstance(value, bool)
            and value >= 1)


def _split(inputs, targets, share, validation_data, rng, network):
    """``((x, y), (x_val, y_val) or None)``; a split copies only the held-out part."""
    if validation_data is not None:
        x_val = network._inputs(validation_data[0])
        return (inputs, targets), (x_val, network._targets(x_val, validation_data[1]))
    if share == 0:
        return (inputs, targets), None
    n_val = max(1, round(share * len(inputs)))
    if n_val >= len(inputs):
        raise ConfigError(f"validation_split={share} leaves no training samples")
    order = rng.permutation(len(inputs))
    keep, held = np.sort(order[n_val:]), order[:n_val]
    return (inputs[keep], targets[keep]), (inputs[held], targets[held])


def _store_labels(output: np.ndarray, loss: object, out: np.ndarray) -> None:
    """Write the predicted labels of a batch into ``out`` (argmax without a temporary)."""
    if output.shape[1] > 1:
        output.argmax(axis=1, out=out)
    else:
        out[...] = predicted_labels(output, loss)


class _Run:
    """One training run: the epoch loop and its bookkeeping."""

    def __init__(self, network, optimizer, weight_decay, batch_size, shuffle, rng) -> None:
        self.network, self.optimizer, self.weight_decay = network, optimizer, weight_decay
        self.batch_size, self.shuffle, self.rng = batch_size, shuffle, rng
        self.history = History()
        # one flat array of all parameters and one of their gradients: one optimizer step
        # updates the whole network, and backward writes each gradient in its place
        self.flat_parameters, self.flat_gradients = network._flat()
        optimizer.start([self.flat_parameters])
        # which gradients get λW: the weights, not the biases
        self.decayed = [name.startswith("W") for name in network.parameter_names]
        pairs = zip(network.parameters, network.gradients, self.decayed, strict=True)
        self.decayed_pairs = [(p, g) for p, g, decayed in pairs if decayed]
        self._label_buffers: tuple[np.ndarray, np.ndarray | None, np.ndarray] | None = None
        self._pass: tuple[int, BatchPass] | None = None

    def loop(self, train, validation, epochs, schedule, patience, callback) -> History:
        network, history = self.network, self.history
        good = network.get_weights()
        best = (math.inf, good, None)
        for epoch in range(epochs):
            lr = schedule(epoch, self.optimizer.lr) if schedule else self.optimizer.lr
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                penalty = self._penalty()  # at the weights of the epoch's first loss
                loss, correct, failed_batch = self._epoch(*train, lr)
            finite = bool(np.isfinite(self.flat_parameters).all())
            if failed_batch is not None or not finite:
                network.set_weights(good)
                error = DivergenceError(self._divergence_message(epoch, failed_batch, lr, loss))
                error.history = history
                raise error
            # huge but finite weights may overflow the validation loss: no warnings leak
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                self._record(loss, correct, len(train[0]), lr, validation, penalty)
            good = network.get_weights()
            monitored = history.val_loss[-1] if validation else history.loss[-1]
            if best[2] is None or monitored < best[0]:
                best = (monitored, good, epoch)
            elif patience is not None and epoch - best[2] >= patience:
                history.stop_reason = f"early stopping: no better loss for {patience} epochs"
                break
            if callback is not None and callback(epoch, history):
                history.stop_reason = "stopped by the callback"
                break
        if patience is not None:  # early stopping keeps the best weights, stopped or not
            network.set_weights(best[1])
            history.best_epoch = best[2]
        return history

    def _epoch(self, x, y, lr) -> tuple[float, int, int | None]:
        """One pass; returns (summed loss term, correct predictions, failing batch or None)."""
        network, optimizer = self.network, self.optimizer
        value_and_grad = network.loss.value_and_grad
        parameters, gradients = [self.flat_parameters], [self.flat_gradients]
        n = len(x)
        size = n if self.batch_size is None else min(self.batch_size, n)
        batch_pass = self._batch_pass(size)
        order = self.rng.permutation(n) if self.shuffle and size < n else None
        labels, predicted = self._labels_and_predictions(y)
        mean = network.loss.reduction == "mean"
        total = 0.0
        for batch, start in enumerate(range(0, n, size)):
            if order is None:  # slices are views: no copy of the data set
                rows = slice(start, start + size)
                yb = y[rows]
            else:
                rows = order[start:start + size]
                # the take method: the same copy as y[rows], 2-3× faster on small batches
                yb = y.take(rows, axis=0)
            output = batch_pass.forward(x, rows)
            value, grad = value_and_grad(output, yb)
            if not math.isfinite(value):
                return value, 0, batch
            total += value * len(yb) if mean else value
            if predicted is not None:
                _store_labels(output, network.loss, predicted[start:start + size])
            batch_pass.backward(grad)  # gradients land in self.flat_gradients
            for p, g in self.decayed_pairs if self.weight_decay else ():
                g += self.weight_decay * p
            optimizer.step(parameters, gradients, lr)
        if predicted is None:
            return total, 0, None
        visited = labels if order is None else labels[order]
        return total, int(np.count_nonzero(predicted == visited)), None

    def _batch_pass(self, size: int) -> BatchPass:
        """The forward/backward with buffers for batches of ``size`` rows, made once."""
        if self._pass is None or self._pass[0] != size:
            self._pass = (size, BatchPass(self.network, size))
        return self._pass[1]

    def _labels_and_predictions(self, y: np.ndarray) -> tuple[np.ndarray | None, ...]:
        """The targets' labels, and a buffer for the predicted labels in visiting order
        (compared with the labels once per epoch); made once per run, None for regression."""
        if self._label_buffers is None or self._label_buffers[0] is not y:
            labels = self._labels(y)
            predicted = np.empty(len(y), dtype=np.int64) if labels is not None else None
            self._label_buffers = (y, labels, predicted)
        return self._label_buffers[1:]

    def _labels(self, y: np.ndarray) -> np.ndarray | None:
        """Integer labels of the (encoded) targets, for the running accuracy."""
        return target_labels(y) if self.network.loss.classifier else None

    def _penalty(self) -> float:
        if not self.weight_decay:
            return 0.0
        pairs = zip(self.network.parameters, self.decayed, strict=True)
        weights = [p for p, decayed in pairs if decayed]
        return 0.5 * self.weight_decay * float(sum(np.vdot(w, w) for w in weights))

    def _record(self, total, correct, n, lr, validation, penalty) -> None:
        network, history = self.network, self.history
        mean = network.loss.reduction == "mean"
        history.loss.append((total / n if mean else total) + penalty)
        history.lr.append(lr)
        if network.loss.classifier:
            history.accuracy.append(correct / n)
        if validation is None:
            return
        x_val, y_val = validation
        output = network._forward(x_val)[-1]
        history.val_loss.append(network.loss.forward(output, y_val))
        labels = self._labels(y_val)
        if labels is not None:
            predicted = predicted_labels(output, network.loss)
            history.val_accuracy.append(float(np.mean(predicted == labels)))

    def _divergence_message(self, epoch, batch, lr, loss) -> str:
        where = f"epoch {epoch + 1}" + (f", batch {batch + 1}" if batch is not None else "")
        what = f"the loss became {loss}" if batch is not None else "a weight became NaN or Inf"
        kept = f"the weights of epoch {epoch}" if epoch else "the initial weights"
        return (f"training diverged at {where}: {what} (learning rate {lr:g}); "
                f"{kept} were kept. Try a smaller learning rate.")
