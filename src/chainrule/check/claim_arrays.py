"""What a claim about a layer beyond Dense reads at one batch: the named arrays, the true
gradients, the right formulas and the classic wrong variants. Each kind of layer has a module
that builds them (:mod:`chainrule.check.layer_arrays` for convolutions, recurrent layers and
dropout; ``norm_arrays``, ``pool_arrays``, ``lstm_arrays``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Variant = tuple[np.ndarray, str, str]  # a wrong formula's values, its code, its diagnosis


@dataclass
class LayerArrays:
    """What a claim about ``layer`` reads at one batch."""

    what: str
    stride: int  # a convolution's s, read in the printed ``ₛᵢ``; 1 for the others
    arrays: dict[str, np.ndarray]
    truths: dict[str, np.ndarray]  # the left side's name -> ∂L/∂ that array
    #: the left side's name -> (its index letters, the right formula in this grammar)
    right: dict[str, tuple[str, str]]
    wrong: dict[str, list[Variant]] = field(default_factory=dict)
    #: what a name not in the explanation means, echoed when a claim reads it
    meanings: dict[str, str] = field(default_factory=dict)
