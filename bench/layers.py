"""The layers beyond Dense against PyTorch CPU: a small CNN and an RNN, seconds per epoch.

Usage (from the repository root, a minute or less)::

    python bench/layers.py --threads 1 [--epochs 5] [--output bench/RESULTS-layers.md]

Workloads (float32, SGD, the same initial weights, batch size, learning rate and sample
order for both; PyTorch runs the textbook loop ``zero_grad``, forward, loss, ``backward``,
``step``):

* **C1**: the ``cnn`` preset of ``chainrule train --model cnn`` on the 8×8 digits (80 %
  train, standardized per pixel): Conv2D 1→16 k3 padding 1 · BatchNorm · ReLU · MaxPool 2 ·
  Flatten · Dense 256→10, batch 32, lr 0.05;
* **C2**: the same preset on MNIST-shaped data (6 000 synthetic 1×28×28 images, 10 classes),
  batch 64;
* **R1**: the ``rnn`` preset on the adding problem: 2 000 sequences of 10 steps, RNN 2→16 ·
  Dense 16→1, mean squared error, batch 32, lr 0.05.

Epochs alternate between the two contenders (chainrule, PyTorch, chainrule, ...) after one
untimed warm-up epoch each; the median is reported. The im2col matrix of a convolution holds
``batch·Ho·Wo·C·k²`` numbers: printed per workload as the memory bound of a batch.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs per contender")
    parser.add_argument("--output", default=None, help="also write the table to this file")
    return parser.parse_args()


ARGS = _arguments() if __name__ == "__main__" else None
if ARGS is not None:  # before NumPy is imported: its BLAS reads these once
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(ARGS.threads)

import numpy as np  # noqa: E402

import chainrule as cr  # noqa: E402
from chainrule.nn.presets import preset  # noqa: E402


def _digits():
    x, y = cr.data.digits(dtype=np.float32)
    x_train, _, y_train, _ = cr.data.train_test_split(x, y, test_size=0.2, seed=0)
    x_train = cr.data.Standardizer().fit(x_train).transform(x_train).astype(np.float32)
    return x_train.reshape(-1, 1, 8, 8), y_train


def _mnist_shaped(n: int = 6000):
    rng = np.random.default_rng(0)
    prototypes = rng.random((10, 28 * 28)) < 0.3
    y = rng.integers(0, 10, size=n)
    flips = rng.random((n, 28 * 28)) < 0.2
    x = (prototypes[y] ^ flips).astype(np.float32).reshape(n, 1, 28, 28)
    return x, y


def workloads() -> list[tuple[str, str, np.ndarray, np.ndarray, int, float]]:
    """``(name, model, x, y, batch, lr)``."""
    from chainrule.data.sequences import adding

    sequences, sums = adding(2000, steps=10, seed=0, dtype=np.float32)
    return [("C1 digits CNN", "cnn", *_digits(), 32, 0.05),
            ("C2 MNIST-shaped CNN", "cnn", *_mnist_shaped(), 64, 0.05),
            ("R1 adding RNN", "rnn", sequences, sums, 32, 0.05)]


def _torch_epoch(torch, module, x, y, order, batch, lr, regression):
    optimizer = torch.optim.SGD(module.parameters(), lr=lr)
    loss = torch.nn.MSELoss() if regression else torch.nn.CrossEntropyLoss()
    inputs, targets = torch.from_numpy(x), torch.from_numpy(y)
    index = torch.from_numpy(order)
    module.train()
    for start in range(0, len(x), batch):
        rows = index[start:start + batch]
        optimizer.zero_grad()
        loss(module(inputs[rows]), targets[rows]).backward()
        optimizer.step()


def measure(name, model, x, y, batch, lr, epochs, threads) -> dict[str, object]:
    import torch

    torch.set_num_threads(threads)
    regression = model == "rnn"
    loss = "mean_squared_error" if regression else "softmax_cross_entropy"
    outputs = 1 if regression else 10
    net = preset(model, x.shape, outputs, loss=loss, dtype="float32", seed=0)
    module = cr.to_torch(net)
    labels = y if regression else y.astype(np.int64)
    times: dict[str, list[float]] = {"chainrule": [], "PyTorch": []}
    for epoch in range(epochs + 1):
        order = np.random.default_rng(epoch).permutation(len(x))
        start = time.perf_counter()
        net.fit(x[order], y[order], epochs=1, batch_size=batch, shuffle=False,
                optimizer=cr.SGD(lr=lr))
        middle = time.perf_counter()
        _torch_epoch(torch, module, x, labels, order, batch, lr, regression)
        end = time.perf_counter()
        if epoch:  # the first is the warm-up
            times["chainrule"].append(middle - start)
            times["PyTorch"].append(end - middle)
    ours, theirs = (float(np.median(times[k])) for k in ("chainrule", "PyTorch"))
    conv = next((layer for layer in net.layers if isinstance(layer, cr.Conv2D)), None)
    im2col = "–"
    if conv is not None:  # padding keeps H × W: batch · H · W · C · k² numbers
        numbers = batch * x.shape[2] * x.shape[3] * conv.in_channels * conv.kernel_size ** 2
        im2col = f"{numbers * 4 / 1024:.0f} KiB ({numbers:,} floats)"
    return {"workload": name, "network": net.summary(), "chainrule s": ours,
            "PyTorch s": theirs, "ratio": ours / theirs, "im2col per batch": im2col}


TARGETS = {"C": 1.5, "R": 1.0}  # chainrule / PyTorch per epoch, CNNs and RNNs


def table(rows: list[dict[str, object]], threads: int) -> str:
    lines = [f"threads: {threads}; median seconds per epoch, float32; targets: CNN ≤ 1.5×, "
             "RNN ≤ 1.0× PyTorch's epoch", "",
             "| workload | chainrule s | PyTorch s | chainrule / PyTorch | target | "
             "im2col per batch |", "|---|---:|---:|---:|---|---|"]
    for row in rows:
        goal = TARGETS[str(row["workload"])[0]]
        met = "met" if float(row["ratio"]) <= goal else "NOT met"  # type: ignore[arg-type]
        lines.append(f"| {row['workload']} | {row['chainrule s']:.4f} | {row['PyTorch s']:.4f} "
                     f"| {row['ratio']:.2f}× | ≤ {goal:g}×: {met} | {row['im2col per batch']} |")
    return "\n".join(lines)


def run_layers(only: list[str], epochs: int, threads: int) -> list[str]:
    """The table's lines for the workloads named in ``only`` (all when empty), as the
    one-run benchmark (``bench/run.py``) adds them to RESULTS.md."""
    chosen = [w for w in workloads() if not only or w[0].split()[0] in only]
    if not chosen:
        return []
    try:
        import torch  # noqa: F401
    except ImportError:
        return ["PyTorch is not installed: the layer workloads were skipped."]
    rows = []
    for w in chosen:
        print(f"{w[0]} ...", flush=True)
        rows.append(measure(*w, epochs, threads))
    return table(rows, threads).splitlines()


def main() -> None:
    assert ARGS is not None
    text = "\n".join(run_layers([], ARGS.epochs, ARGS.threads))
    print(text)
    if ARGS.output:
        with open(ARGS.output, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
