"""The layers beyond Dense, by the name saved files give them (``Layer.kind``)."""

from __future__ import annotations

from chainrule.nn.batch_norm import BatchNorm
from chainrule.nn.conv import Conv1D, Conv2D
from chainrule.nn.dropout import Dropout
from chainrule.nn.flatten import Flatten
from chainrule.nn.layer import Layer
from chainrule.nn.lstm import LSTM
from chainrule.nn.pooling import AvgPool2D, MaxPool2D
from chainrule.nn.rnn import RNN

LAYERS: dict[str, type[Layer]] = {
    cls.kind: cls
    for cls in (Conv2D, Conv1D, MaxPool2D, AvgPool2D, Flatten, BatchNorm, Dropout, RNN, LSTM)
}

__all__ = ["LAYERS", "LSTM", "RNN", "AvgPool2D", "BatchNorm", "Conv1D", "Conv2D", "Dropout",
           "Flatten", "Layer", "MaxPool2D"]
