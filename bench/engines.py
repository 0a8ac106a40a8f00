"""Contenders, and the two NumPy ones: chainrule and the hand-written loop it is measured against.

A contender trains a workload's network an epoch at a time and reports the seconds of each
epoch; chainrule's ``fit`` runs the others' epochs from its callback, between its own, so
that all contenders share the noise of a busy machine alike. Every contender starts from the
chainrule network's initial weights and, where it takes its own sample order, visits the
samples in the order chainrule's ``fit(seed=0)`` draws: ``rng = np.random.default_rng(0)``,
then ``rng.permutation(n)`` at each epoch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import chainrule as cr
from numpy_loop import NumpyLoop
from workloads import Workload

SEED = 0


@dataclass
class Result:
    """What one contender did on one workload."""

    contender: str
    workload: str
    epoch_times: list[float] = field(default_factory=list)  # timed epochs, warm-up excluded
    accuracy: float | None = None
    extra_mb: float | None = None  # peak memory above the start of a round
    note: str = ""

    @property
    def seconds(self) -> float:
        return float(np.median(self.epoch_times))


class Contender:
    """One library training one workload; ``epochs(k)`` continues training for ``k`` epochs."""

    name = ""
    note = ""
    rng: np.random.Generator  # set by restart_order, before the first epoch

    def restart_order(self) -> None:
        """The next epochs visit the samples in the orders of a fresh ``fit(seed=0)``."""
        self.rng = np.random.default_rng(SEED)

    def epochs(self, count: int) -> list[float]:
        """Train ``count`` more epochs; seconds each."""
        raise NotImplementedError

    def accuracy(self) -> float | None:
        """Test accuracy of the network as trained so far (None without a test set)."""
        return None


def timed_epochs(epoch: Callable[[np.ndarray], None], n: int, count: int,
                 rng: np.random.Generator) -> list[float]:
    """Call ``epoch(order)`` ``count`` times with the next sample orders of ``rng``."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        epoch(rng.permutation(n))
        times.append(time.perf_counter() - start)
    return times


class Chainrule(Contender):
    """``Network.fit`` for all ``count`` epochs in one call; a callback stamps each epoch's end
    and runs ``between()`` (the other contenders' epochs), whose time is not counted.

    The first epoch of a call also holds ``fit``'s one-off input checks.
    """

    name = "chainrule"

    def __init__(self, w: Workload) -> None:
        self.w, self.net = w, w.network()

    def epochs(self, count: int, between: Callable[[], None] | None = None) -> list[float]:
        w, times = self.w, []
        last = [time.perf_counter()]

        def callback(epoch: int, history: object) -> None:
            times.append(time.perf_counter() - last[0])
            if between is not None:
                between()
            last[0] = time.perf_counter()

        self.net.fit(w.x, w.y, epochs=count, batch_size=w.batch, optimizer=cr.SGD(lr=w.lr),
                     seed=SEED, callback=callback)
        return times

    def accuracy(self) -> float | None:
        return None if self.w.x_test is None else self.net.score(self.w.x_test, self.w.y_test)


class Loop(Contender):
    """The hand-written loop of :mod:`numpy_loop`, from a copy of chainrule's initial weights."""

    name = "NumPy loop"

    def __init__(self, w: Workload) -> None:
        weights = w.network().get_weights()
        self.w, self.targets = w, w.encoded_targets()
        self.loop = NumpyLoop(weights[0::2], weights[1::2], w.hidden, w.loss)

    def epochs(self, count: int) -> list[float]:
        w = self.w
        return timed_epochs(lambda order: self.loop.epoch(w.x, self.targets, order, w.batch, w.lr),
                            len(w.x), count, self.rng)

    def accuracy(self) -> float | None:
        if self.w.x_test is None:
            return None
        return float(np.mean(self.loop.predict(self.w.x_test) == self.w.y_test))
