"""The network engine: layers, network, training, optimizers, checks, persistence."""

from chainrule.nn.dense import Dense
from chainrule.nn.history import History
from chainrule.nn.network import Network
from chainrule.nn.optimizers import SGD, Adam, Optimizer
from chainrule.nn.schedules import CosineDecay, ExponentialDecay, StepDecay
from chainrule.nn.trace import LayerRecord, Trace

__all__ = [
    "SGD",
    "Adam",
    "CosineDecay",
    "Dense",
    "ExponentialDecay",
    "History",
    "LayerRecord",
    "Network",
    "Optimizer",
    "StepDecay",
    "Trace",
]
