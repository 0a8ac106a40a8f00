"""PyTorch modules equal to chainrule's recurrent layers, for ``to_torch`` and ``from_torch``.

PyTorch's ``nn.RNN``/``nn.LSTM`` return ``(output, state)``, which an ``nn.Sequential`` cannot
pass on: :func:`recurrent_output` wraps one to give the output chainrule gives (last step or
all steps). Their weights are ``(gates·H, F)`` matrices with two biases: ``to_torch``
transposes the weights and puts ``b`` in ``bias_ih`` and 0 in ``bias_hh``, which is frozen
(not trained), so that the module trains as chainrule's layer.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from chainrule.nn.recurrent import OUTPUTS


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
    return recurrent_output(core, layer.output)


def recurrent_output(core: Any, output: str = "last") -> Any:
    """``core`` (a batch-first ``nn.RNN`` or ``nn.LSTM``) as a module of one output tensor,
    for an ``nn.Sequential``: the last step's states ``(N, H)`` for ``output="last"``, every
    step's ``(N, T, H)`` for ``"all"``. ``from_torch`` maps it to chainrule's layer."""
    from chainrule.nn.torch_bridge import _torch

    if output not in OUTPUTS:
        from chainrule.errors import one_of

        raise one_of("output", output, OUTPUTS)
    return _output_class(_torch("recurrent_output"))(core, output)


@cache
def _output_class(torch: Any) -> type:
    """The wrapper's class, made once (PyTorch is imported only when it is needed)."""

    class RecurrentOutput(torch.nn.Module):
        def __init__(self, core: Any, output: str) -> None:
            super().__init__()
            self.core, self.output = core, output

        def forward(self, x: Any) -> Any:
            states = self.core(x)[0]
            return states[:, -1] if self.output == "last" else states

        def extra_repr(self) -> str:
            return f"output={self.output!r}"

    RecurrentOutput.__module__ = __name__
    RecurrentOutput.__qualname__ = "RecurrentOutput"
    return RecurrentOutput
