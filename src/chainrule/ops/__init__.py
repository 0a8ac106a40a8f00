"""Ops: each defined once, with its forward, backward and symbolic form side by side."""

from chainrule.ops import affine
from chainrule.ops.base import Activation, Loss
from chainrule.ops.binary_cross_entropy import BinaryCrossEntropy, SigmoidBinaryCrossEntropy
from chainrule.ops.cross_entropy import CrossEntropy
from chainrule.ops.identity import Identity
from chainrule.ops.leaky_relu import LeakyReLU
from chainrule.ops.registry import ACTIVATIONS, LOSSES, activation, loss
from chainrule.ops.relu import ReLU
from chainrule.ops.sigmoid import Sigmoid
from chainrule.ops.softmax import Softmax
from chainrule.ops.softmax_cross_entropy import SoftmaxCrossEntropy
from chainrule.ops.squared_error import HalfSumSquaredError, MeanSquaredError, SquaredError
from chainrule.ops.tanh import Tanh

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "Activation",
    "BinaryCrossEntropy",
    "CrossEntropy",
    "HalfSumSquaredError",
    "Identity",
    "LeakyReLU",
    "Loss",
    "MeanSquaredError",
    "ReLU",
    "Sigmoid",
    "SigmoidBinaryCrossEntropy",
    "Softmax",
    "SoftmaxCrossEntropy",
    "SquaredError",
    "Tanh",
    "activation",
    "affine",
    "loss",
]
