"""The HTML report of a network with a convolution or a recurrent layer.

The picture (a convolution's input, kernels, feature maps and δ maps, or the recurrent layer
unrolled with ‖δ⁽ᵗ⁾‖ at each step) is inline SVG; below it every kernel weight (``K``) or
recurrent and input weight (``W``, ``U``) is a button whose derivation is the text
``chainrule explain --weight NAME`` writes for it. Derivations are a few kB each and written
out as they are, so the page needs no unpacking; the template is
``templates/layer_report.html``, its script ``static/layer_report.js``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.data._atomic import write_text_atomic
from chainrule.errors import ConfigError
from chainrule.nn.conv import Conv2D
from chainrule.nn.rnn import RNN
from chainrule.render.pages import Markup, render_page

if TYPE_CHECKING:
    from chainrule.explain.resolver import Resolved


def layer_weights(net: Any) -> list[tuple[str, int, list[tuple[str, float]]]]:
    """The weights the report offers, grouped by kernel or matrix, row by row:
    ``(group, columns, [(name, value)])``.

    A convolution offers every ``K[o,c,i,j]`` of its first ``Conv2D``; a recurrent network
    every ``W[i,j]`` and ``U[i,j]`` of its first ``RNN`` (the names ``explain`` reads).
    """
    for layer in net.layers:
        if isinstance(layer, Conv2D):
            return [(f"kernel K[{o},{c}]", layer.K.shape[3], _entries("K", layer.K[o, c], (o, c)))
                    for o in range(layer.K.shape[0]) for c in range(layer.K.shape[1])]
        if isinstance(layer, RNN):
            return [("W (state to state)", layer.W.shape[1], _entries("W", layer.W, ())),
                    ("U (input to state)", layer.U.shape[1], _entries("U", layer.U, ()))]
    raise ConfigError(f"a layer report needs a network with a Conv2D or an RNN layer; got "
                      f"{net.summary()}")


def _entries(symbol: str, matrix: np.ndarray, lead: tuple[int, ...]) -> list[tuple[str, float]]:
    rows, columns = matrix.shape
    return [(f"{symbol}[{','.join(str(k) for k in (*lead, i, j))}]", float(matrix[i, j]))
            for i in range(rows) for j in range(columns)]


def derivation_text(run: Resolved, name: str) -> str:
    """What ``chainrule explain --weight NAME --output FILE`` writes for this example."""
    return run.explanation(name).to_text(width=100, steps="short")


def build_layer_report(run: Resolved, title: str) -> str:
    """The report of a resolved example with a ``Conv2D`` or ``RNN`` as one HTML document."""
    from chainrule.viz.report_page import inline_svg

    groups = layer_weights(run.net)
    conv = any(isinstance(layer, Conv2D) for layer in run.net.layers)
    if conv:
        from chainrule.viz.conv_maps import feature_maps

        picture = inline_svg(feature_maps(run.net, run.x, run.y), "maps")
    else:
        from chainrule.viz.through_time import unrolled

        picture = inline_svg(unrolled(run.net, run.x, run.y), "unrolled")
    items = [{"name": group, "columns": columns,
              "weights": [_weight(name, value, derivation_text(run, name))
                          for name, value in entries]}
             for group, columns, entries in groups]
    if not conv:
        steps = _time_steps(run)
        items.insert(0, {"name": "time steps (‖δ⁽ᵗ⁾‖)", "columns": len(steps), "weights": steps})
    return render_page("viz", "layer_report.html", title=title, summary=run.net.summary(),
                       picture=Markup(picture), groups=items, conv=conv)


def _weight(name: str, value: float, text: str) -> dict[str, Any]:
    key = "k-" + "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")
    return {"key": key, "name": name, "value": f"{value:.4g}",
            "sign": "pos" if value >= 0 else "neg", "text": text}


def _time_steps(run: Resolved) -> list[dict[str, Any]]:
    from chainrule.viz.through_time import delta_norms

    asked = str(run.quantity)
    whole = derivation_text(run, asked)
    norms = delta_norms(run.net, run.x, run.y)
    return [_weight(f"t={t}", float(norm), f"Time step t = {t} in the derivation of {asked}:\n"
                    + step_lines(whole, t)) for t, norm in enumerate(norms, start=1)]


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def step_lines(text: str, t: int) -> str:
    """The lines of an RNN derivation's ``text`` about step ``t``: those whose left-hand side
    ends in ``⁽t⁾`` (h⁽ᵗ⁾, δ⁽ᵗ⁾, |δ⁽ᵗ⁾|, the sum's term hᵢ⁽ᵗ⁻¹⁾δⱼ⁽ᵗ⁾), each with the
    more indented lines that follow it (its "because")."""
    mark, kept, keeping, indent = f"⁽{str(t).translate(_SUPERSCRIPT)}⁾", [], False, 0
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip())
        if keeping and depth > indent:
            kept.append(line)
            continue
        subject = line.strip().split(" = ")[0].strip("|")
        keeping, indent = " = " in line and subject.endswith(mark), depth
        if keeping:
            kept.append(line)
    return "\n".join(kept)


def write_layer_report(path: str | Path, run: Resolved, title: str) -> Path:
    """Write :func:`build_layer_report` to ``path`` (UTF-8, atomically) and return the path."""
    return write_text_atomic(path, build_layer_report(run, title))
