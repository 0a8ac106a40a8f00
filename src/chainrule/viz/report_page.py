"""One self-contained HTML report: the network, its training, its boundary, its gradient check
and the interactive diagram whose weights and units open their derivations.

Everything is inline (SVG figures, MathML formulas, one small script), so the file opens
offline from disk. Derivations are computed in advance, only for the drawn weights and units
and the offered notations, which keeps a report of a 2-500-2 network fast; their repeated
parts are stored once, packed (:mod:`chainrule.viz.report_store`). The page is the template
``templates/report.html``, its style sheet and script ``static/report.css`` and ``report.js``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.data._atomic import write_text_atomic
from chainrule.render.pages import Markup, render_page
from chainrule.viz.diagram_data import DiagramLayout, diagram_layout
from chainrule.viz.diagram_names import DiagramNames
from chainrule.viz.report_derivations import Derivations, notations
from chainrule.viz.report_store import build_store, packed_store
from chainrule.viz.svg import activation, diagram_svg

if TYPE_CHECKING:
    from chainrule.nn.gradcheck import GradcheckReport
    from chainrule.nn.history import History
    from chainrule.nn.network import Network
    from chainrule.nn.trace import Trace


def build_report(network: Network, x: object = None, y: object = None, *,
                 history: History | None = None, sample: int = 0,
                 notation: str | None = None, title: str = "chainrule report",
                 max_units: int = 10, summary_units: int = 4,
                 gradient_check: GradcheckReport | None = None) -> str:
    """The report as one HTML document (a string).

    Parameters
    ----------
    network : the network shown.
    x, y : data, shapes ``(N, n_in)`` and ``(N,)`` (or encoded ``(N, K)``): row ``sample`` is
        traced for the diagram and its derivations, up to 8 rows are gradient-checked, and
        the decision boundary is drawn over them for a two-input classifier.
    history : what ``fit`` returned, for the training curves.
    notation : the notation selected when the report opens (default: the first offered).
    max_units, summary_units : layers wider than ``max_units`` draw ``summary_units`` units.
    gradient_check : a :func:`~chainrule.nn.gradcheck.gradcheck` of these rows already
        made (the demo prints one): shown instead of checking again.
    """
    offered = notations()
    chosen = notation or offered[0][0]
    if chosen not in dict(offered):
        from chainrule.errors import one_of

        raise one_of("notation", chosen, dict(offered))
    points = None if x is None else _as_rows(network, x)
    if points is not None and not 0 <= sample < len(points):
        from chainrule.errors import ConfigError

        raise ConfigError(f"`sample` must be from 0 to {len(points) - 1} (the data has "
                          f"{len(points)} samples); got {sample}")
    trace = derivations = None
    if points is not None:
        row = slice(sample, sample + 1)
        trace = network.trace(points[row], np.asarray(y)[row])
        derivations = Derivations(network, points[row], np.asarray(y)[row])
    layout = diagram_layout(network, trace, max_units=max_units, summary_units=summary_units)
    figures = [
        _figure("training", "Training", _curves_svg(history),
                "No training curves: the network was not trained for this report."),
        _figure("boundary", "Decision boundary", _boundary_svg(network, points, y),
                "No decision boundary: it is drawn for classifiers with two inputs, given data."),
    ]
    return render_page("viz", "report.html", title=title, summary=network.summary(),
                       notations=offered, chosen=chosen, **_network_view(network, layout),
                       **_diagram_view(derivations, trace, layout, offered, chosen),
                       figures=figures,
                       gradcheck=_gradcheck_text(network, points, y, gradient_check))


def write_report(path: str | Path, network: Network, x: object = None, y: object = None,
                 **options: Any) -> Path:
    """Write :func:`build_report` to ``path`` (UTF-8, atomically) and return the path."""
    return write_text_atomic(path, build_report(network, x, y, **options))


def _as_rows(network: Network, x: object) -> np.ndarray:
    return network.as_inputs(x)


def _network_view(network: Network, layout: DiagramLayout) -> dict[str, Any]:
    layers = [{"number": column.layer, "activation": activation(column), "n_in": dense.n_in,
               "n_out": dense.n_out,
               "count": dense.W.size + (0 if dense.b is None else dense.b.size)}
              for column, dense in zip(layout.columns[1:], network.dense_layers, strict=True)]
    return {"layers": layers, "parameters": sum(p.size for p in network.parameters),
            "loss": network.loss.describe(), "dtype": network.dtype.name}


def _diagram_view(source: Derivations | None, trace: Trace | None, layout: DiagramLayout,
                  offered: tuple[tuple[str, str], ...], chosen: str) -> dict[str, Any]:
    store = build_store(layout, source, [key for key, _ in offered])
    names = DiagramNames(chosen, [column.size for column in layout.columns])
    sample = "" if trace is None else (
        " Numbers are those of one traced sample, x = "
        f"{np.array2string(trace.inputs[0], precision=4)}.")
    if any(c.hidden for c in layout.columns):
        sample += " Wide layers are summarized: only the drawn weights can be opened."
    return {"sample_note": sample, "diagram": Markup(diagram_svg(layout, names=names)),
            "store": Markup(packed_store(store))}


def _figure(anchor: str, heading: str, svg: str | None, missing: str) -> dict[str, Any]:
    return {"anchor": anchor, "heading": heading, "svg": Markup(svg) if svg else None,
            "missing": missing}


def _curves_svg(history: History | None) -> str | None:
    if history is None or not history.loss:
        return None
    from chainrule.viz.curves import training_curves

    return inline_svg(training_curves(history), "curves")


def _boundary_svg(network: Network, points: np.ndarray | None, y: object) -> str | None:
    if points is None or network.n_inputs != 2 or not network.loss.classifier:
        return None
    from chainrule.viz.boundary import decision_boundary

    figure = decision_boundary(network, points, y, resolution=100, max_points=500)
    return inline_svg(figure, "boundary")


def _gradcheck_text(network: Network, points: np.ndarray | None, y: object,
                    report: GradcheckReport | None) -> str:
    if report is None and points is not None:
        from chainrule.nn.gradcheck import gradcheck

        report = gradcheck(network, points[:8], np.asarray(y)[:8], max_entries=50)
    return "No data given, so no gradient check." if report is None else str(report)


def inline_svg(figure: Any, prefix: str) -> str:
    """A matplotlib figure as an ``<svg>`` to inline: text kept as text, ids prefixed so
    several figures can share one page."""
    import matplotlib

    from chainrule.viz.figures import figure_svg

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        text = figure_svg(figure)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', text)
    return re.sub(r'(href="#|url\(#)([^")]+)', rf"\1{prefix}-\2", text)
