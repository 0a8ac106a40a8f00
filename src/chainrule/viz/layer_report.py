"""The HTML report of a network with a convolution, a recurrent layer (Elman or LSTM), a batch
norm, a pooling layer or dropout.

The picture of the network's first such layer is inline SVG whose cells are buttons
(:mod:`chainrule.viz.layer_views`, :mod:`chainrule.viz.lstm_view`,
:mod:`chainrule.viz.norm_views`); below it every kernel weight, recurrent or gate weight or
input entry is a button too. What they open is the text
``chainrule explain --weight NAME`` writes, or lines of it with the engine's numbers of a
picture's cell (a feature map's δ, a time step, a pooling window). Derivations are a few kB
each and written out as they are, except where a view shares sections among many (an LSTM's
gate weights): those sections are written once and filled in by the page's script
(:mod:`chainrule.viz.derivation_parts`). The template is ``templates/layer_report.html``, its
script ``static/layer_report.js``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainrule.data._atomic import write_text_atomic
from chainrule.errors import ConfigError
from chainrule.nn.batch_norm import BatchNorm
from chainrule.nn.conv import Conv2D
from chainrule.nn.dropout import Dropout
from chainrule.nn.lstm import LSTM
from chainrule.nn.pooling import AvgPool2D, MaxPool2D
from chainrule.nn.rnn import RNN
from chainrule.render.pages import Markup, render_page
from chainrule.viz.derivation_parts import pack
from chainrule.viz.layer_items import Item, View

if TYPE_CHECKING:
    from chainrule.explain.resolver import Resolved


def _views() -> list[tuple[type | tuple[type, ...], Callable[[Any, int], View]]]:
    from chainrule.viz.layer_views import conv_view, rnn_view
    from chainrule.viz.lstm_view import lstm_view
    from chainrule.viz.norm_views import batch_norm_view, dropout_view, pool_view

    return [(Conv2D, conv_view), (RNN, rnn_view), (LSTM, lstm_view),
            (BatchNorm, batch_norm_view), ((MaxPool2D, AvgPool2D), pool_view),
            (Dropout, dropout_view)]


REPORTED = (Conv2D, RNN, LSTM, BatchNorm, MaxPool2D, AvgPool2D, Dropout)


def layer_view(run: Resolved) -> View:
    """The view of the first layer of ``run``'s network that the report draws, in the order
    convolution, recurrent (Elman, then LSTM), batch norm, pooling, dropout."""
    for kind, view in _views():
        position = next((k for k, layer in enumerate(run.net.layers)
                         if isinstance(layer, kind)), None)
        if position is not None:
            return view(run, position)
    raise ConfigError("a layer report needs a network with a Conv2D, RNN, LSTM, BatchNorm, "
                      f"MaxPool2D, AvgPool2D or Dropout layer; got {run.net.summary()}")


def build_layer_report(run: Resolved, title: str) -> str:
    """The report of a resolved example with one of the layers above, as one HTML document."""
    with _one_mask(run.net):
        view = layer_view(run)
    every = [item for group in view.groups for item in group.items] + view.extra
    packed = pack({item.key: item.text for item in every}) if view.shares else None

    def entry(item: Item) -> dict[str, Any]:
        shown = item.as_dict()
        if packed is not None:  # the shared sections as spans the page's script fills
            shown["text"] = packed.html[item.key]
        return shown

    groups = [{"name": group.name, "columns": group.columns,
               "weights": [entry(item) for item in group.items]} for group in view.groups]
    return render_page("viz", "layer_report.html", title=title, summary=run.net.summary(),
                       view=view, picture=Markup(view.picture), groups=groups,
                       extra=[entry(item) for item in view.extra],
                       parts=packed.parts if packed is not None else {})


@contextmanager
def _one_mask(net: Any) -> Iterator[None]:
    """Every pass reuses the dropout mask the first one draws, so that the picture and every
    derivation show the same mask (the one ``explain`` draws for the example)."""
    dropouts = [layer for layer in net.layers if isinstance(layer, Dropout)]
    before = [layer.replay for layer in dropouts]
    for layer in dropouts:
        layer.replay = True
    try:
        yield
    finally:
        for layer, replay in zip(dropouts, before, strict=True):
            layer.replay = replay


def write_layer_report(path: str | Path, run: Resolved, title: str) -> Path:
    """Write :func:`build_layer_report` to ``path`` (UTF-8, atomically) and return the path."""
    return write_text_atomic(path, build_layer_report(run, title))
