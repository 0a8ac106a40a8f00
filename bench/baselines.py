"""The other libraries: PyTorch (CPU), scikit-learn's ``MLPClassifier`` and micrograd.

Each is imported only when its contender is built; ``make_*`` returns None when the library
is not installed or does not apply. PyTorch and micrograd start from chainrule's initial
weights and sample order. scikit-learn shuffles on its own; it starts from chainrule's
weights when it has a softmax output (more than two classes); for two classes it has a
single logistic output unit and its own initialization (its network is then 2-500-1).
"""

from __future__ import annotations

import importlib.util

import numpy as np

from engines import Contender, timed_epochs
from workloads import Workload


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


class Torch(Contender):
    """The textbook PyTorch loop: zero_grad, forward, loss, backward, step."""

    name = "PyTorch"

    def __init__(self, w: Workload, threads: int) -> None:
        import torch
        import torch.nn.functional as F

        torch.set_num_threads(threads)
        self.w, self.note = w, f"{threads} threads"
        self.model = self._model(w)
        self.x = torch.from_numpy(w.x)
        if w.loss == "mse":
            self.y, self.loss = torch.from_numpy(w.encoded_targets()), F.mse_loss
        else:
            self.y, self.loss = torch.from_numpy(w.y), F.cross_entropy
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=w.lr)

    @staticmethod
    def _model(w: Workload):
        import torch

        weights = w.network().get_weights()
        modules = []
        for k, (W, b) in enumerate(zip(weights[0::2], weights[1::2], strict=True)):
            linear = torch.nn.Linear(*W.shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(W.T.copy()))
                linear.bias.copy_(torch.from_numpy(b))
            modules.append(linear)
            if k < len(weights) // 2 - 1:
                modules.append(torch.nn.Tanh() if w.hidden == "tanh" else torch.nn.ReLU())
        return torch.nn.Sequential(*modules)

    def _epoch(self, order: np.ndarray) -> None:
        import torch

        order_t = torch.from_numpy(order)
        for start in range(0, len(order), self.w.batch):
            index = order_t[start:start + self.w.batch]
            self.optimizer.zero_grad(set_to_none=True)
            self.loss(self.model(self.x[index]), self.y[index]).backward()
            self.optimizer.step()

    def epochs(self, count: int) -> list[float]:
        return timed_epochs(self._epoch, len(self.w.x), count, self.rng)

    def accuracy(self) -> float | None:
        import torch

        if self.w.x_test is None:
            return None
        with torch.no_grad():
            predicted = self.model(torch.from_numpy(self.w.x_test)).argmax(dim=1).numpy()
        return float(np.mean(predicted == self.w.y_test))


class Sklearn(Contender):
    """``MLPClassifier(solver="sgd")``, one ``partial_fit`` per epoch (it shuffles itself)."""

    def __init__(self, w: Workload, dtype: type) -> None:
        from sklearn.neural_network import MLPClassifier

        self.name = f"sklearn {np.dtype(dtype).name}"
        self.classifier = MLPClassifier(
            hidden_layer_sizes=w.sizes[1:-1], activation=w.hidden, solver="sgd",
            learning_rate="constant", learning_rate_init=w.lr, momentum=0.0,
            nesterovs_momentum=False, alpha=0.0, batch_size=w.batch, shuffle=True,
            random_state=0,
        )
        self.w, self.x = w, w.x.astype(dtype)
        classes = np.unique(w.y)
        self.classifier.partial_fit(self.x[:w.batch], w.y[:w.batch], classes=classes)
        if len(classes) == 2:
            self.note = "own init, 1 logistic output"
        else:  # restart from chainrule's weights
            weights = w.network().get_weights()
            self.classifier.coefs_ = [W.astype(dtype) for W in weights[0::2]]
            self.classifier.intercepts_ = [b.astype(dtype) for b in weights[1::2]]

    def epochs(self, count: int) -> list[float]:
        return timed_epochs(lambda order: self.classifier.partial_fit(self.x, self.w.y),
                            len(self.x), count, self.rng)

    def accuracy(self) -> float | None:
        x_test = self.w.x_test.astype(self.x.dtype)
        return float(self.classifier.score(x_test, self.w.y_test))


class Micrograd(Contender):
    """micrograd's scalar engine on T0: the same weights, order, batches and MSE loss."""

    name = "micrograd"

    def __init__(self, w: Workload) -> None:
        from micrograd.nn import MLP

        self.model = MLP(w.sizes[0], list(w.sizes[1:]))
        weights = w.network().get_weights()
        for layer, W, b in zip(self.model.layers, weights[0::2], weights[1::2], strict=True):
            for j, neuron in enumerate(layer.neurons):
                for i, weight in enumerate(neuron.w):
                    weight.data = float(W[i, j])
                neuron.b.data = float(b[j])
        self.w, self.xs, self.ys = w, w.x.tolist(), w.y.tolist()
        self.parameters = self.model.parameters()

    def _epoch(self, order: np.ndarray) -> None:
        from micrograd.engine import Value

        for start in range(0, len(order), self.w.batch):
            index = order[start:start + self.w.batch].tolist()
            self.model.zero_grad()
            errors = [(self.model(self.xs[i]) - self.ys[i]) ** 2 for i in index]
            loss = sum(errors, Value(0.0)) * (1.0 / len(index))
            loss.backward()
            for p in self.parameters:
                p.data -= self.w.lr * p.grad

    def epochs(self, count: int) -> list[float]:
        return timed_epochs(self._epoch, len(self.xs), count, self.rng)


def make_torch(w: Workload, threads: int) -> Contender | None:
    return Torch(w, threads) if installed("torch") else None


def make_sklearn(w: Workload, dtype: type) -> Contender | None:
    if w.loss != "softmax_ce" or not installed("sklearn"):
        return None
    return Sklearn(w, dtype)


def make_micrograd(w: Workload) -> Contender | None:
    return Micrograd(w) if w.name == "T0" and installed("micrograd") else None
