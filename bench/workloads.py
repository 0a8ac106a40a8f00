"""The benchmark's workloads: data, architecture and training settings, shared by contenders.

======  ========================================================  =====  ======
name    network and data                                          batch  lr
======  ========================================================  =====  ======
W1      moons n=10 000 (seed 004's net): 2-500-2 tanh, softmax CE   32    0.1
W2      MNIST-shaped 60 000 × 784: 784-256-10 ReLU, softmax CE      128    0.1
W3      same data: 784-512-512-512-10 ReLU, softmax CE              256    0.05
W4      scikit-learn digits: 64-128-10 tanh, softmax CE             32    0.1
T0      100 moons samples: 2-16-16-1 ReLU, mean squared error       10    0.05
======  ========================================================  =====  ======

MNIST is read from IDX files when a folder holding them is given (or found at
``bench/data/mnist``); otherwise synthetic data of MNIST's shape and dtype stand in:
ten random binary prototypes, each pixel flipped with probability 0.4, so the task is
learnable but not trivial.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import chainrule as cr

DEFAULT_MNIST = Path(__file__).parent / "data" / "mnist"


@dataclass
class Workload:
    """One benchmark task: data, layer sizes and training settings."""

    name: str
    description: str
    x: np.ndarray
    y: np.ndarray
    x_test: np.ndarray | None
    y_test: np.ndarray | None
    sizes: tuple[int, ...]
    hidden: str  # "tanh" or "relu"
    loss: str  # "softmax_ce" or "mse"
    batch: int
    lr: float
    data_source: str = "synthetic"
    repeats: int = 6  # timed epochs (full mode; a third in quick mode): more for small ones

    @property
    def data_mb(self) -> float:
        return (self.x.nbytes + self.y.nbytes) / 2**20

    def network(self, seed: int = 0) -> cr.Network:
        """The chainrule network of this workload (float32); its weights start every contender."""
        init = "he" if self.hidden == "relu" else "glorot"
        layers: list[object] = []
        for k, (n_in, n_out) in enumerate(itertools.pairwise(self.sizes)):
            layers.append(cr.Dense(n_in, n_out, init=init))
            if k < len(self.sizes) - 2:
                layers.append(cr.Tanh() if self.hidden == "tanh" else cr.ReLU())
        loss = cr.SoftmaxCrossEntropy() if self.loss == "softmax_ce" else cr.MeanSquaredError()
        return cr.Network(layers, loss=loss, dtype="float32", seed=seed)

    def encoded_targets(self) -> np.ndarray:
        """Targets as the losses compare them: one-hot rows or an ``(N, 1)`` column."""
        if self.loss == "mse":
            return self.y.reshape(-1, 1).astype(np.float32)
        return np.eye(self.sizes[-1], dtype=np.float32)[self.y]


def _synthetic_mnist(n: int, prototypes: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` noisy copies of the prototypes, float32 in {0, 1}, built in chunks (no float64)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, size=n)
    x = np.empty((n, prototypes.shape[1]), dtype=np.float32)
    for start in range(0, n, 5000):
        stop = min(n, start + 5000)
        flips = rng.random((stop - start, prototypes.shape[1]), dtype=np.float32) < 0.4
        x[start:stop] = np.logical_xor(prototypes[y[start:stop]], flips)
    return x, y


def mnist_like(folder: Path | None, n_train: int) -> tuple[tuple[np.ndarray, ...], str]:
    """``((x, y, x_test, y_test), source)``: real MNIST when its IDX files are present."""
    from chainrule.data.mnist import has_mnist_files

    folder = folder if folder is not None else DEFAULT_MNIST
    if has_mnist_files(folder):
        x, y = cr.data.mnist(folder, "train")
        x_test, y_test = cr.data.mnist(folder, "test")
        return (x[:n_train], y[:n_train], x_test, y_test), f"MNIST from {folder}"
    prototypes = np.random.default_rng(1234).random((10, 784)) < 0.2
    x, y = _synthetic_mnist(n_train, prototypes, seed=1)
    x_test, y_test = _synthetic_mnist(10_000, prototypes, seed=2)
    return (x, y, x_test, y_test), "synthetic, MNIST-shaped"


def workloads(quick: bool, mnist_folder: Path | None = None) -> list[Workload]:
    """W1–W4 and T0; ``quick`` trains W2/W3 on 6 000 samples instead of 60 000."""
    x, y = cr.data.moons(10_000, noise=0.2, seed=0, dtype=np.float32)
    x_test, y_test = cr.data.moons(2_000, noise=0.2, seed=1, dtype=np.float32)
    w1 = Workload("W1", "moons 10k, 2-500-2 tanh", x, y, x_test, y_test,
                  (2, 500, 2), "tanh", "softmax_ce", 32, 0.1, "moons(noise=0.2)", 24)
    (mx, my, mx_test, my_test), source = mnist_like(mnist_folder, 6_000 if quick else 60_000)
    w2 = Workload("W2", f"{len(mx) // 1000}k×784, 784-256-10 ReLU", mx, my, mx_test, my_test,
                  (784, 256, 10), "relu", "softmax_ce", 128, 0.1, source)
    w3 = Workload("W3", f"{len(mx) // 1000}k×784, 784-512-512-512-10 ReLU", mx, my, mx_test,
                  my_test, (784, 512, 512, 512, 10), "relu", "softmax_ce", 256, 0.05, source, 6)
    dx, dy = cr.data.digits(np.float32)
    dx, dx_test, dy, dy_test = cr.data.train_test_split(dx, dy, test_size=0.2, seed=0)
    w4 = Workload("W4", "digits 64-128-10 tanh", dx, dy, dx_test, dy_test,
                  (64, 128, 10), "tanh", "softmax_ce", 32, 0.1, "scikit-learn digits", 90)
    tx, ty = cr.data.moons(100, noise=0.1, seed=0, dtype=np.float32)
    t0 = Workload("T0", "100 moons, 2-16-16-1 ReLU, MSE", tx, (2.0 * ty - 1).astype(np.float32),
                  None, None, (2, 16, 16, 1), "relu", "mse", 10, 0.05, "moons(noise=0.1)", 90)
    return [w1, w2, w3, w4, t0]
