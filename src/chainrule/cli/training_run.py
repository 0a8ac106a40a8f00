"""What `train` and `demo` share: data → split → network → fit with a progress bar → table."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chainrule.nn.history import History, TrainingWarning
from chainrule.nn.network import Network

console = Console(highlight=False)


def say(message: str) -> None:
    console.print(message)


def number(value: float) -> str:
    """A loss for a person: ``0.0824``, or ``2.46e+07`` when too large for 4 decimals."""
    return f"{value:.4f}" if abs(value) < 1e5 else f"{value:.3g}"


def check_classes(y: np.ndarray, loss: str) -> None:
    """Refuse labels a classifier cannot use: negative, fractional, or of a single class."""
    from chainrule.data._checks import check_class_labels
    from chainrule.errors import DataError
    from chainrule.ops import loss as make_loss

    if make_loss(loss).classifier:
        check_class_labels(y)
    if make_loss(loss).classifier and y.ndim == 1 and np.unique(y).size < 2:
        raise DataError(f"a classifier needs at least two classes; the data has only class "
                        f"{y[0] if y.size else 'none'} ({y.size} samples)")


def _short_metrics(history: History) -> str:
    """``loss 0.0824 acc 96.6% · val 0.0815 97.3%``: fits beside the bar in 80 columns."""
    last = history.last()
    text = f"loss {number(last['loss'])}"
    if "accuracy" in last:
        text += f" acc {last['accuracy']:.1%}"
    if "val_loss" in last:
        text += f" · val {number(last['val_loss'])}"
        if "val_accuracy" in last:
            text += f" {last['val_accuracy']:.1%}"
    return text


def fit_and_warn(network: Network, x: np.ndarray, y: np.ndarray, **options: Any) -> History:
    """``network.fit``, with the training's warnings said in the CLI's words, after it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingWarning)  # said below, without a file:line
        history = network.fit(x, y, **options)
    say_warnings(history)
    return history


def say_warnings(history: History) -> None:
    from rich.markup import escape

    for message in history.warnings:
        console.print(f"[bold yellow]warning:[/] {escape(message)}")


SCHEDULES = ("constant", "step", "exponential", "cosine")


def make_schedule(spec: str, epochs: int) -> Any:
    """``--schedule``: ``constant``, ``step[:E[:F]]``, ``exponential[:R]`` or ``cosine``."""
    from chainrule.errors import ConfigError, one_of
    from chainrule.nn.schedules import CosineDecay, ExponentialDecay, StepDecay

    name, *given = spec.split(":")
    if name not in SCHEDULES:
        raise one_of("schedule", name, SCHEDULES)
    most = {"step": 2, "exponential": 1}.get(name, 0)
    try:
        values = [float(v) for v in given]
    except ValueError:
        values = None
    if values is None or len(given) > most or (name == "step" and values
                                               and values[0] != int(values[0])):
        forms = {"step": "step, step:E or step:E:F (E whole epochs)",
                 "exponential": "exponential or exponential:R"}.get(name, name)
        raise ConfigError(f"--schedule {name} is written {forms}; got {spec!r}")
    if name == "step":
        every = int(values[0]) if values else max(1, epochs // 4)
        return StepDecay(every, *values[1:])
    if name == "exponential":
        return ExponentialDecay(values[0] if values else 0.95)
    return CosineDecay(epochs) if name == "cosine" else None


def load_data(data: str, n: int | None, noise: float | None, seed: int, loss: str,
              sequences: bool = False) -> tuple[np.ndarray, np.ndarray, str]:
    """``--data`` (a synthetic set's name, a .csv file or an MNIST folder) as ``(x, y, loss)``,
    shapes ``(N, n_in)`` (``(N, T, F)`` for a sequence set) and ``(N,)`` or ``(N, n_out)``,
    with targets the loss can use. Where ``sequences`` are taken, a sequence set's numeric
    targets are predicted with the squared error instead of the default classifier's loss."""
    from chainrule.cli._sizes import check_samples
    from chainrule.data import load_dataset

    check_samples(n)
    x, y = load_dataset(data, n=n, noise=noise, seed=seed)[:2]
    if sequences and x.ndim == 3 and y.dtype.kind == "f" and loss == "softmax_cross_entropy":
        loss = "mean_squared_error"  # a sequence set's targets are numbers to predict, not classes
    check_classes(y, loss)
    return x, y, loss


def new_network(x: np.ndarray, y: np.ndarray, hidden: list[int], loss: str,
                **options: Any) -> Network:
    """A network for the data ``(x, y)``: its inputs, ``hidden`` widths, and as many outputs
    as ``loss`` needs for ``y``, within the size ``chainrule train`` takes; ``options`` are
    :func:`~chainrule.nn.builder.build_network`'s."""
    from chainrule.cli._sizes import check_parameters
    from chainrule.nn.builder import build_network, output_units

    outputs = output_units(loss, y)
    check_parameters(x.shape[1], hidden, outputs)
    return build_network(x.shape[1], hidden, outputs, loss=loss, **options)


@dataclass
class TrainingRun:
    """A data set split into train/test, a network, and how to train it."""

    network: Network
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    fit_options: dict[str, Any]
    history: History = field(default_factory=History)
    seconds: float = 0.0

    @classmethod
    def from_options(cls, *, data: str, n: int | None, noise: float | None, hidden: str,
                     activation: str, loss: str, init: str | None, optimizer: str, lr: float,
                     schedule: str, batch_size: int,
                     epochs: int, seed: int, dtype: str, test_size: float,
                     standardize: bool, validation_split: float = 0.0,
                     model: str = "mlp") -> TrainingRun:
        from chainrule.cli._sizes import check_training_counts, hidden_widths
        from chainrule.data import train_test_split
        from chainrule.nn.builder import output_units
        from chainrule.nn.optimizers import make_optimizer
        from chainrule.nn.presets import preset, shaped

        check_training_counts(epochs, batch_size, seed)
        widths = hidden_widths(hidden)
        x, y, loss = load_data(data, n, noise, seed, loss, sequences=True)
        network = None
        if model == "mlp" and x.ndim == 2:
            network = new_network(x, y, widths, loss, activation=activation, init=init,
                                  dtype=dtype, seed=seed)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, seed=seed)
        if standardize:
            x_train, x_test = _standardized(x_train, x_test)
        if network is None:  # the data in the shape the model takes, e.g. the digits as 1×8×8
            x_train, x_test = shaped(x_train, model), shaped(x_test, model)
            network = preset(model, x_train.shape, output_units(loss, y),
                             width=widths[0] if widths else 16, loss=loss, dtype=dtype, seed=seed)
        options = {"epochs": epochs, "batch_size": batch_size or None, "seed": seed,
                   "optimizer": make_optimizer(optimizer, lr),
                   "lr_schedule": make_schedule(schedule, epochs),
                   "validation_split": validation_split}
        return cls(network, x_train, y_train, x_test, y_test, options)

    def train_with_progress(self, fit: Any = None) -> History:
        """Fit with a rich progress bar over epochs showing the latest loss and accuracy.

        ``fit(x, y, callback=..., **fit_options)`` trains instead of ``network.fit`` (as
        ``--backend torch`` does)."""
        columns = (TextColumn("[bold]epoch"), BarColumn(bar_width=16),
                   TextColumn("{task.completed}/{task.total}"),
                   TextColumn("{task.fields[metrics]}"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("fit", total=self.fit_options["epochs"], metrics="")

            def update(epoch: int, history: History) -> None:
                progress.update(task, completed=epoch + 1, metrics=_short_metrics(history))

            start = time.perf_counter()
            fit = fit or self.network.fit
            with warnings.catch_warnings():  # said after the table, in print_metrics
                warnings.simplefilter("ignore", TrainingWarning)
                self.history = fit(self.x_train, self.y_train, callback=update,
                                   **self.fit_options)
            self.seconds = time.perf_counter() - start
        return self.history

    def metrics(self) -> dict[str, float]:
        net = self.network
        result = {"train loss": net.loss_value(self.x_train, self.y_train),
                  "test loss": net.loss_value(self.x_test, self.y_test)}
        name = "accuracy" if net.loss.classifier else "R²"
        result[f"train {name}"] = net.score(self.x_train, self.y_train)
        result[f"test {name}"] = net.score(self.x_test, self.y_test)
        return result

    def print_metrics(self) -> dict[str, float]:
        metrics = self.metrics()
        console.print(self.network.summary())
        table = Table()
        table.add_column("metric")
        table.add_column("value", justify="right")
        for name, value in metrics.items():
            shown = f"{value:.2%}" if "accuracy" in name else number(value)
            table.add_row(name, shown)
        table.add_row("epochs", f"{self.history.epochs} ({self.history.stop_reason})")
        table.add_row("training time", f"{self.seconds:.2f} s")
        console.print(table)
        say_warnings(self.history)
        return metrics


def _standardized(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Features scaled to mean 0, std 1 on the training part: per column of flat data, per
    feature over all steps of sequences ``(N, T, F)``."""
    from chainrule.data import Standardizer

    width = x_train.shape[-1] if x_train.ndim == 3 else int(np.prod(x_train.shape[1:]))
    scaler = Standardizer().fit(x_train.reshape(-1, width))
    return tuple(scaler.transform(part.reshape(-1, width)).reshape(part.shape)  # type: ignore[return-value]
                 for part in (x_train, x_test))


def save_curves(run: TrainingRun, path: Path) -> None:
    """Write the loss/accuracy curves of ``run`` to ``path`` (.png or .svg)."""
    from chainrule import viz

    figure = viz.training_curves(run.history)
    viz.save_figure(figure, path)
    say(f"wrote the training curves to {path}")
