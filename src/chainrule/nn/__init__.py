"""The network engine: layers, network, training, optimizers, checks, persistence.

Forward and backward: one reference pass, one fast path
--------------------------------------------------------
* **The reference pass** is :meth:`Network.layer_outputs` (every layer's output) and
  :meth:`Network.backward` (the δ recurrence, layer by layer, each layer's own ``backward``).
  Everything that shows or checks a gradient runs it: ``loss_and_gradients``, the numeric
  gradient check, :meth:`Network.trace` (``tracing.py``: the same pass with a recorder that
  keeps each layer's incoming and outgoing gradient, ``backward(..., record)``), and the
  training of networks with layers beyond Dense (``layer_pass.py``, a thin wrapper that
  slices the batch).
* **The fast path** is ``batch_pass.py``, for networks of Dense layers and activations only:
  the same layers and ops arranged for speed (the bias trick, buffers made once, activations
  in place). Training picks it unless ``Network.general``; nothing else uses it. Its
  speed is measured in ``bench/``; change it only with a benchmark run.

What ties them together (tests/nn): ``test_nn_batch_pass.py`` (the fast path equals the
reference on random and odd dense networks), ``test_nn_layers_torch.py`` (the reference pass,
recorded down to the input, equals PyTorch autograd for every layer type),
``test_nn_trace.py`` (the trace equals ``loss_and_gradients`` and the layer equations),
``test_nn_gradcheck.py`` (the reference equals central finite differences) and
``test_nn_training.py`` (training equals the textbook loop).
"""

from chainrule.nn import io, model_formats, torch_files
from chainrule.nn.dense import Dense
from chainrule.nn.history import History
from chainrule.nn.layers import (
    LSTM,
    RNN,
    AvgPool2D,
    BatchNorm,
    Conv1D,
    Conv2D,
    Dropout,
    Flatten,
    Layer,
    MaxPool2D,
)
from chainrule.nn.network import Network
from chainrule.nn.optimizers import SGD, Adam, Optimizer
from chainrule.nn.schedules import CosineDecay, ExponentialDecay, StepDecay
from chainrule.nn.trace import LayerRecord, Trace

# Network.save and Network.load find the file formats here: the formats build networks, so
# the network cannot import them (chainrule.nn.model_formats). The first is the default.
model_formats.register(model_formats.ModelFormat(io.save, io.load))
model_formats.register(model_formats.ModelFormat(torch_files.save, torch_files.load,
                                                 accepts=torch_files.is_torch_file))

__all__ = [
    "LSTM",
    "RNN",
    "SGD",
    "Adam",
    "AvgPool2D",
    "BatchNorm",
    "Conv1D",
    "Conv2D",
    "CosineDecay",
    "Dense",
    "Dropout",
    "ExponentialDecay",
    "Flatten",
    "History",
    "Layer",
    "LayerRecord",
    "MaxPool2D",
    "Network",
    "Optimizer",
    "StepDecay",
    "Trace",
]
