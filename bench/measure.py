"""Measuring tools: peak memory of a block, the machine's peak GEMM rate, FLOPs of an epoch."""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import statistics
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kb(field: str) -> int | None:
    """A ``VmRSS``/``VmHWM`` line of ``/proc/self/status`` in kB (None off Linux)."""
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _trim_heap() -> None:
    """Give freed heap memory back to the system, so the next block starts from a true RSS."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class PeakMemory:
    """Peak resident memory of a block above the resident memory at its start, in MB.

    Linux resets the high-water mark ``VmHWM`` when ``5`` is written to
    ``/proc/self/clear_refs``: the peak is then exact, with no sampling. Elsewhere
    ``extra_mb`` stays None.
    """

    def __init__(self) -> None:
        self.extra_mb: float | None = None

    @contextlib.contextmanager
    def track(self) -> Iterator[PeakMemory]:
        _trim_heap()
        start = _status_kb("VmRSS")
        try:
            _CLEAR_REFS.write_text("5")
        except OSError:
            start = None
        yield self
        peak = _status_kb("VmHWM")
        if start is not None and peak is not None:
            self.extra_mb = max(0, peak - start) / 1024


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def gemm_peak(n: int = 2048, repeats: int = 10) -> float:
    """The float32 GEMM rate of ``(n, n) @ (n, n)`` in FLOP/s: best of ``repeats`` runs."""
    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    out = np.empty((n, n), dtype=np.float32)
    np.matmul(a, b, out=out)  # warm-up: threads started, pages touched
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, b, out=out)
        times.append(time.perf_counter() - start)
    return 2.0 * n**3 / min(times)


def epoch_flops(sizes: Sequence[int], n_samples: int) -> float:
    """Multiply-adds ×2 of one epoch of an MLP with layer sizes ``sizes``.

    Per dense layer: forward ``xW`` and ``∂L/∂W = xᵀδ``, each ``2·N·n_in·n_out``, and
    ``∂L/∂x = δWᵀ`` for every layer but the first (nobody needs the input's gradient).
    """
    total = 0.0
    for k, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        total += (2 if k == 0 else 3) * 2.0 * n_samples * n_in * n_out
    return total


def epoch_gemm_seconds(sizes: Sequence[int], n_samples: int, batch: int) -> float:
    """The seconds of an epoch's matrix products alone, timed at the workload's own shapes.

    The same products as :func:`epoch_flops` (``xW``, ``xᵀδ``, and ``δWᵀ`` but for the first
    layer) on random float32 batches: best of 3 passes over 8 batches, scaled to the epoch.
    """
    rng = np.random.default_rng(0)
    shapes = list(itertools.pairwise(sizes))
    weights = [rng.random(shape, dtype=np.float32) for shape in shapes]
    inputs = [rng.random((batch, n_in), dtype=np.float32) for n_in, _ in shapes]
    deltas = [rng.random((batch, n_out), dtype=np.float32) for _, n_out in shapes]

    def products() -> None:
        for k, (w, x, d) in enumerate(zip(weights, inputs, deltas, strict=True)):
            x @ w, x.T @ d
            if k:
                d @ w.T

    products()
    best = min(_timed(products, 8) for _ in range(3))
    return best / 8 * (n_samples / batch)


def _timed(call, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        call()
    return time.perf_counter() - start
