"""The explanations of the layers beyond Dense, each in its own module, chosen by the
network and the spelling of the quantity asked for."""

from __future__ import annotations

from typing import Any

from chainrule.explain.model import Explanation


def explain_other_layer(net: Any, x: Any, y: Any, quantity: object) -> Explanation | None:
    """The explanation of ``quantity`` when it belongs to a layer beyond Dense, else None:
    ``"x[n,f]"`` (a batch norm's or dropout's input), ``"x[n,c,p,q]"`` (a pooling layer's),
    ``"K[o,c,u,v]"`` (a first Conv2D's kernel), ``"W[i,j]"``/``"U[i,j]"`` (a first RNN's),
    ``"W_f[k,j]"``/``"U_i[k,j]"`` (one gate's weight of a first LSTM)."""
    from chainrule.explain.batch_norm_input import explain_batch_norm, explains_batch_norm
    from chainrule.explain.conv_kernel import explain_kernel, explains_kernel
    from chainrule.explain.dropout_mask import explain_dropout, explains_dropout
    from chainrule.explain.lstm_through_time import explain_lstm, explains_lstm
    from chainrule.explain.pooling_windows import explain_pooling, explains_pooling
    from chainrule.explain.rnn_through_time import explain_recurrent, explains_recurrent

    if explains_batch_norm(net, quantity):
        return explain_batch_norm(net, x, y, quantity)  # type: ignore[arg-type]
    if explains_dropout(net, quantity):
        return explain_dropout(net, x, y, quantity)  # type: ignore[arg-type]
    if explains_pooling(net, quantity):
        return explain_pooling(net, x, y, quantity)  # type: ignore[arg-type]
    if explains_kernel(net):  # in CS231n's row-major tensors, whatever the notation
        return explain_kernel(net, x, y, quantity)
    if explains_recurrent(net):  # in Goodfellow et al.'s names
        return explain_recurrent(net, x, y, quantity)
    if explains_lstm(net):  # the standard gate letters, Goodfellow et al.'s U^γ, W^γ
        return explain_lstm(net, x, y, quantity)
    return None
