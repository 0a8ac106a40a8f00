"""The network engine: layers, network, training, optimizers, checks, persistence."""

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
