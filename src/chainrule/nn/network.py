"""The network: a sequence of dense layers and activations, closed by a loss."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule._display import writer
from chainrule.nn import model_formats
from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer
from chainrule.nn.layout import Layout
from chainrule.nn.parameter_store import ParameterStore
from chainrule.nn.trace import Trace
from chainrule.nn.validation import as_dtype, check_inputs, check_layers, check_same_length
from chainrule.ops.base import Activation, Loss
from chainrule.ops.registry import activation as make_activation

if TYPE_CHECKING:
    from pathlib import Path

    from chainrule.nn.history import History

#: called by :meth:`Network.backward` after layer ``i`` as ``record(i, grad_out, grad_in)``
Recorder = Callable[[int, np.ndarray, np.ndarray], None]


def _has_parameters(layer: object) -> bool:
    return isinstance(layer, Layer) and bool(layer.parameter_names)


class Network(ParameterStore):
    """A network, batch-first: inputs ``(N, n_in)`` (or ``(N, C, H, W)``, ``(N, T, F)``, ...),
    outputs ``(N, n_out)``.

    Parameters
    ----------
    layers : ``Dense`` layers and activations (``Tanh()``, ``Sigmoid()``, ...) in order, and
        the layers of :mod:`chainrule.nn.layers` (``Conv2D``, ``MaxPool2D``, ``Flatten``,
        ``BatchNorm``, ``Dropout``, ``RNN``, ``LSTM``, ...).
    loss : the loss that closes the network, e.g. ``SoftmaxCrossEntropy()`` (which takes the
        logits, so the last layer is a ``Dense`` with no softmax after it).
    dtype : ``"float64"`` (default, exact gradients) or ``"float32"`` (fast training).
    seed : seed of the weight initialization.

    Examples
    --------
    >>> import chainrule as cr
    >>> net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
    ...                  loss=cr.SoftmaxCrossEntropy(), seed=0)
    >>> net.predict_proba([[0.5, -1.0]]).shape
    (1, 2)
    """

    def __init__(
        self,
        layers: Sequence[Dense | Activation],
        loss: Loss,
        *,
        dtype: object = "float64",
        seed: int | None = None,
    ) -> None:
        self.layers = list(layers)
        self.loss = loss
        self.dtype = as_dtype(dtype)
        check_layers(self.layers, loss, self.general)
        self.dense_layers = [layer for layer in self.layers if isinstance(layer, Dense)]
        #: the layers with parameters, numbered from 1 in parameter names
        self.parametrized = [layer for layer in self.layers
                             if isinstance(layer, Dense) or _has_parameters(layer)]
        #: ranks and widths of every layer's input; None for a network of Dense layers and
        #: activations only, which trains by the fused dense path (`BatchPass`)
        self.layout = Layout(self.layers) if self.general else None
        self.training = False
        self.n_inputs = self.layout.n_inputs if self.layout else self.dense_layers[0].n_in
        self.n_outputs = self.layout.n_outputs if self.layout else self.dense_layers[-1].n_out
        self._plan = self._backward_plan()
        self._storage: tuple[np.ndarray, np.ndarray] | None = None  # see `flat_arrays`
        self.initialize(seed)

    # -- construction -------------------------------------------------------------------

    def _backward_plan(self, to_the_input: bool = False) -> list[tuple[int, Any, bool, bool]]:
        """``(index, layer, takes_the_flag, need_input_grad)`` from the last layer down to
        the first layer with parameters, whose input gradient nobody needs (Dense layers and
        the layers beyond them take ``need_input_grad``; activations do not); with
        ``to_the_input``, down to the first layer, every input gradient computed (a trace)."""
        first = 0 if to_the_input else next(
            (i for i, layer in enumerate(self.layers)
             if isinstance(layer, Dense) or _has_parameters(layer)), 0)
        return [
            (i, layer, isinstance(layer, Dense | Layer), to_the_input or i != first)
            for i, layer in reversed(list(enumerate(self.layers)))
            if i >= first
        ]

    @property
    def general(self) -> bool:
        """Whether the network has layers other than Dense and activations."""
        return any(isinstance(layer, Layer) for layer in self.layers)

    def train(self, mode: bool = True) -> Network:
        """Training mode (dropout drops, batch norm uses the batch's statistics) or, with
        ``mode=False``, evaluation mode, the default; as PyTorch's ``module.train()``."""
        self.training = bool(mode)
        for layer in self.layers:
            if isinstance(layer, Layer):
                layer.training = self.training
        return self

    def eval(self) -> Network:
        """Evaluation mode: ``train(False)``."""
        return self.train(False)

    def initialize(self, seed: int | None = None) -> Network:
        """(Re)draw all weights from the layers' initializers with ``seed``."""
        rng = np.random.default_rng(seed)
        for layer in self.layers:
            if isinstance(layer, Dense | Layer):
                layer.initialize(rng, self.dtype)
        self.flat_arrays()
        return self

    def astype(self, dtype: object) -> Network:
        """A copy of the network computing in ``dtype`` (``"float32"`` or ``"float64"``)."""
        import copy

        clone = copy.deepcopy(self)
        clone.dtype = as_dtype(dtype)
        for layer in clone.dense_layers:
            layer.W = layer.W.astype(clone.dtype)
            layer.b = None if layer.b is None else layer.b.astype(clone.dtype)
        for layer in clone.layers:
            if isinstance(layer, Layer):
                layer.cast(clone.dtype)
        clone.flat_arrays()  # parameters and gradients as views of arrays in the new dtype
        return clone

    # -- forward and backward -----------------------------------------------------------

    def layer_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """The reference forward pass: ``[x, a_1, ..., a_n]``, the input ``(N, ...)`` then
        every layer's output (``(N, n_out)`` last), kept for :meth:`backward`.

        ``x`` must come from :meth:`as_inputs` (no checks for a dense network: the hot path;
        a general one checks its shapes layer by layer)."""
        if self.layout is not None:
            return self.layout.forward(x)
        values = [x]
        for layer in self.layers:
            x = layer.forward(x)
            values.append(x)
        return values

    def backward(self, values: list[np.ndarray], grad: np.ndarray,
                 record: Recorder | None = None) -> None:
        """The reference backward pass: the δ recurrence from ``grad = ∂L/∂output``
        ``(N, n_out)`` down through ``values`` (from :meth:`layer_outputs`, same batch).

        Writes every ``∂L/∂p`` in place into the layers' gradient arrays (views of the flat
        gradient array, :meth:`flat_arrays`). Without ``record`` the input gradient of the
        first layer with parameters is not computed; with it the pass goes down to the input
        and calls ``record(i, grad_out, grad_in)`` after layer ``i`` with copies of ``∂L/∂``
        its output and its input (copies: a layer may overwrite the gradient it receives)."""
        plan = self._plan if record is None else self._backward_plan(to_the_input=True)
        for i, layer, takes_flag, need_input_grad in plan:
            grad_out = grad.copy() if record is not None else grad
            if takes_flag:
                grad = layer.backward(values[i], values[i + 1], grad, need_input_grad)
            else:
                grad = layer.backward(values[i], values[i + 1], grad)
            if record is not None:
                record(i, grad_out, grad.copy())

    def as_inputs(self, x: object) -> np.ndarray:
        """``x`` as the network reads it: an array ``(N, n_in)`` (or ``(N, C, H, W)``, ...)
        in the network's dtype, checked against the first layer: a ``ShapeError`` that names
        the layer and both shapes, or a ``DataError`` for values that are not finite numbers;
        one sample alone is a batch of one."""
        if self.layout is not None:
            return self.layout.inputs(x, self.dtype)
        return check_inputs(x, self.n_inputs, self.dense_layers[0].describe(), self.dtype)

    def as_targets(self, x: np.ndarray, y: object) -> np.ndarray:
        """``y`` as the loss reads it for the inputs ``x`` (from :meth:`as_inputs`): a float
        array ``(N, n_out)`` in the network's dtype, encoded and validated by the loss
        (class labels ``(N,)`` become one-hot rows for a classifier); one sample's label or
        target alone is a batch of one. As many rows as ``x``, or a ``ShapeError``."""
        y = np.asarray(y)
        if y.ndim == 0:  # one sample's label or target: shape (1,), as for N samples
            y = y.reshape(1)
        elif (y.ndim == 1 and len(x) == 1 and y.shape[0] == self.n_outputs > 1
              and not self.loss.classifier):
            y = y.reshape(1, -1)
        check_same_length(x, y)
        return self.loss.encode_targets(y, self.n_outputs, self.dtype)

    def forward(self, x: object) -> np.ndarray:
        """The network's output for inputs ``x`` (logits when the loss is fused)."""
        return self.layer_outputs(self.as_inputs(x))[-1]

    def predict_proba(self, x: object) -> np.ndarray:
        """Outputs after the loss's own activation (softmax/sigmoid for fused losses)."""
        output = self.forward(x)
        fused = self.loss.output_activation
        return make_activation(fused).forward(output) if fused else output

    def predict(self, x: object) -> np.ndarray:
        """Class labels for classification losses, outputs for regression losses."""
        from chainrule.nn.metrics import predicted_labels

        output = self.forward(x)
        if not self.loss.classifier:
            return output
        return predicted_labels(output, self.loss)

    def score(self, x: object, y: object) -> float:
        """Accuracy for classifiers; the coefficient of determination R² otherwise."""
        from chainrule.nn.metrics import score

        return score(self, x, y)

    def loss_value(self, x: object, y: object) -> float:
        """The loss on ``(x, y)``, with the loss's reduction over samples."""
        x = self.as_inputs(x)
        return self.loss.forward(self.layer_outputs(x)[-1], self.as_targets(x, y))

    def loss_and_gradients(self, x: object, y: object) -> tuple[float, list[np.ndarray]]:
        """The loss and ``∂L/∂p`` for every parameter ``p`` (in ``parameter_names`` order)."""
        x = self.as_inputs(x)
        values = self.layer_outputs(x)
        loss, grad = self.loss.value_and_grad(values[-1], self.as_targets(x, y))
        self.backward(values, grad)
        return loss, [g.copy() for g in self.gradients]

    def trace(self, x: object, y: object) -> Trace:
        """Forward and backward on ``(x, y)`` recording every value: see :class:`Trace`."""
        from chainrule.nn.tracing import record_trace

        x = self.as_inputs(x)
        return record_trace(self, x, self.as_targets(x, y))

    # -- training, persistence, display -------------------------------------------------

    def fit(self, x: object, y: object, **options: Any) -> History:
        """Train on ``(x, y)``; see :func:`chainrule.nn.training.fit` for the options."""
        from chainrule.nn.training import fit

        return fit(self, x, y, **options)

    def save(self, path: str) -> Path:
        """Write the architecture and weights to ``path`` (``.npz``, no pickle); return the
        path written (see :mod:`chainrule.nn.io`)."""
        return model_formats.save(self, path)

    @staticmethod
    def load(path: str) -> Network:
        """Read a network written by :meth:`save`, or a PyTorch ``state_dict`` saved as
        ``.safetensors`` or ``.pt`` with its architecture beside it (see
        :mod:`chainrule.nn.torch_files`)."""
        return model_formats.load(path)

    def summary(self) -> str:
        """One line per layer, e.g. ``Dense 2→500 · tanh · Dense 500→2 → softmax_cross_entropy``."""
        parts = [layer.describe() for layer in self.layers]
        return " · ".join(parts) + f" → {self.loss.describe()}"

    def __repr__(self) -> str:
        return f"Network({self.summary()}, dtype={self.dtype.name})"

    # Jupyter display: the diagram, drawn by viz (found by name, loaded when a notebook asks)
    def _repr_html_(self) -> str | None:
        if self.general:  # the diagram draws dense networks; the text repr shows the rest
            return None
        return writer("network.html")(self)

    def _repr_svg_(self) -> str | None:
        if self.general:
            return None
        return writer("network.svg")(self)
