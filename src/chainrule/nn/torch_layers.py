"""PyTorch modules equal to chainrule's recurrent layers, for ``to_torch``.

PyTorch's ``nn.RNN``/``nn.LSTM`` return ``(output, state)`` and keep their weights as
``(gates·H, F)`` matrices with two biases: the wrapper picks the output chainrule gives (last
step or all steps) and the weights are transposed, with ``b`` as ``bias_ih`` and 0 as
``bias_hh``, which is frozen (not trained), so that the module trains as chainrule's layer.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def recurrent_module(torch: Any, layer: Any, dtype: Any) -> Any:
    """``nn.RNN(tanh)`` or ``nn.LSTM``, batch-first, wrapped to give ``layer``'s output."""
    kind = torch.nn.LSTM if layer.gates == 4 else torch.nn.RNN
    core = kind(layer.input_size, layer.hidden_size, batch_first=True, dtype=dtype)
    input_weights, hidden_weights, bias = layer.parameters
    with torch.no_grad():
        core.weight_ih_l0.copy_(torch.from_numpy(np.array(input_weights.T)))
        core.weight_hh_l0.copy_(torch.from_numpy(np.array(hidden_weights.T)))
        core.bias_ih_l0.copy_(torch.from_numpy(np.array(bias)))
        core.bias_hh_l0.zero_()
    core.bias_hh_l0.requires_grad_(False)  # one bias, as in chainrule: trained, they would
    # both take the step of ∂L/∂b and move the sum twice as far

    class Output(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.core = core

        def forward(self, x: Any) -> Any:
            states = self.core(x)[0]
            return states[:, -1] if layer.output == "last" else states

    return Output()
