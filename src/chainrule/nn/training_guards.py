"""When training has gone wrong: a loss that diverges, or final weights worse than the first.

A diverging run stops with a :class:`~chainrule.errors.DivergenceError` that says where and
what to try; a run that ends above its starting loss finishes with a ``TrainingWarning``. Both
are checked once per batch or per epoch by :mod:`chainrule.nn.training`, at little cost.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from chainrule.nn.history import History, TrainingWarning
from chainrule.nn.metrics import evaluate

if TYPE_CHECKING:
    from chainrule.nn.network import Network

#: a loss this many times the first batch's (or above it, when that was below 1) is a
#: divergence, even while finite: a learning rate far too large takes it to 1e300 and beyond
EXPLODED = 1e8


def loss_limit(first: float) -> float:
    """The largest batch loss that is not a divergence, for a run whose first was ``first``."""
    return min(EXPLODED * max(first, 1.0), sys.float_info.max)


def divergence_message(epoch: int, batch: int | None, lr: float, loss: float,
                       first_loss: float | None) -> str:
    """What diverged where (0-based ``epoch``; ``batch`` None for a weight gone NaN or Inf),
    which weights were kept, and what to try."""
    where = f"epoch {epoch + 1}" + (f", batch {batch + 1}" if batch is not None else "")
    if batch is None:
        what = "a weight became NaN or Inf"
    elif math.isfinite(loss):
        what = (f"the loss grew to {loss:.3g}, over {EXPLODED:.0e} times its first value "
                f"{first_loss:.3g}")
    else:
        what = f"the loss became {loss}"
    kept = f"the weights of epoch {epoch}" if epoch else "the initial weights"
    return (f"training diverged at {where}: {what} (learning rate {lr:g}); "
            f"{kept} were kept. Try a smaller learning rate.")


def warn_if_worse(network: Network, history: History, initial: list[np.ndarray],
                  train: tuple[np.ndarray, np.ndarray], penalty: Callable[[], float],
                  first_loss: float | None) -> None:
    """Warn when the final weights' training loss (with its ``penalty``) is above the
    ``initial`` weights'. Both are measured exactly, but only when the cheap sign says so:
    the last epoch's loss above the first batch's."""
    if not history.loss or not history.loss[-1] > first_loss:
        return
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        end = evaluate(network, *train)[0] + penalty()
        final = network.get_weights()
        network.set_weights(initial)
        start = evaluate(network, *train)[0] + penalty()
        network.set_weights(final)
    if end > start:
        message = (f"training ended with a higher loss than it started from: {end:.4g} "
                   f"after {history.epochs} epoch(s), {start:.4g} at the initial "
                   f"weights (learning rate {history.lr[-1]:g}); try a smaller "
                   "learning rate")
        history.warnings.append(message)
        warnings.warn(message, TrainingWarning, stacklevel=5)  # the caller of net.fit
