"""One self-contained HTML report: the network, its training, its boundary, its gradient check
and the interactive diagram whose weights and units open their derivations.

Everything is inline (SVG figures, MathML formulas, one small script), so the file opens
offline from disk. Derivations are computed in advance, only for the drawn weights and units
and the offered notations, which keeps a report of a 2-500-2 network fast; their repeated
parts are stored once, packed (:mod:`chainrule.viz.report_store`).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.viz.derivation import Derivations, notations
from chainrule.viz.layout import DiagramLayout, diagram_layout
from chainrule.viz.names import DiagramNames
from chainrule.viz.report_assets import SCRIPT, STYLE
from chainrule.viz.report_store import build_store, packed_store
from chainrule.viz.svg import activation, diagram_svg

if TYPE_CHECKING:
    from chainrule.check.gradcheck import GradcheckReport
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
    gradient_check : a :func:`~chainrule.check.gradcheck.gradcheck` of these rows already
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
    sections = [
        _network_section(network, layout),
        _diagram_section(derivations, trace, layout, offered, chosen),
        _figure_section("training", "Training", _curves_svg(history),
                        "No training curves: the network was not trained for this report."),
        _figure_section("boundary", "Decision boundary", _boundary_svg(network, points, y),
                        "No decision boundary: it is drawn for classifiers with two inputs, "
                        "given data."),
        _gradcheck_section(network, points, y, gradient_check),
    ]
    options = "".join(f'<option value="{escape(k)}"{" selected" if k == chosen else ""}>'
                      f"{escape(t)}</option>" for k, t in offered)
    from chainrule.render.explain_html import STYLE as DERIVATION_STYLE

    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}{DERIVATION_STYLE}</style></head><body>"
            f"<header><h1>{escape(title)}</h1><p>{escape(network.summary())}</p>"
            f'<p><label for="cr-notation">Notation: </label><select id="cr-notation">'
            f"{options}</select></p></header><main>{''.join(sections)}</main>"
            f"<script>{SCRIPT}</script></body></html>\n")


def write_report(path: str | Path, network: Network, x: object = None, y: object = None,
                 **options: Any) -> Path:
    """Write :func:`build_report` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(network, x, y, **options), encoding="utf-8")
    return path


def _as_rows(network: Network, x: object) -> np.ndarray:
    return network._inputs(x)


def _network_section(network: Network, layout: DiagramLayout) -> str:
    rows = []
    for column, dense in zip(layout.columns[1:], network.dense_layers, strict=True):
        count = dense.W.size + (0 if dense.b is None else dense.b.size)
        rows.append(f"<tr><td>{column.layer}</td><td>{escape(activation(column))}</td>"
                    f"<td>{dense.n_in} → {dense.n_out}</td><td>{count}</td></tr>")
    total = sum(p.size for p in network.parameters)
    return ('<section id="network"><h2>The network</h2><table class="cr-layers"><thead><tr>'
            "<th>layer</th><th>activation</th><th>units</th><th>parameters</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><p>{total} parameters; loss "
            f"{escape(network.loss.describe())}; dtype {network.dtype.name}.</p></section>")


def _diagram_section(source: Derivations | None, trace: Trace | None, layout: DiagramLayout,
                     offered: tuple[tuple[str, str], ...], chosen: str) -> str:
    store = build_store(layout, source, [key for key, _ in offered])
    names = DiagramNames(chosen, [column.size for column in layout.columns])
    sample = "" if trace is None else (
        " Numbers are those of one traced sample, x = "
        f"{np.array2string(trace.inputs[0], precision=4)}.")
    if any(c.hidden for c in layout.columns):
        sample += " Wide layers are summarized: only the drawn weights can be opened."
    return ('<section id="diagram"><h2>The network, drawn with its numbers</h2>'
            "<p>Click a weight (the round handle on an edge) or a unit, or reach it with Tab "
            "and press Enter, to see its derivation. Blue edges are positive weights, red "
            f"negative; the width shows the size.{escape(sample)}"
            '</p><div class="cr-interactive"><div class="cr-diagram-wrap">'
            f"{diagram_svg(layout, names=names)}</div>"
            '<aside class="cr-panel" aria-live="polite" aria-label="derivation">'
            '<p id="cr-hint">Nothing selected yet.</p><h3 id="cr-selected-name"></h3>'
            '<dl id="cr-values" class="cr-values" hidden></dl>'
            '<p id="cr-missing" hidden>No derivation for this element (an input, or no traced '
            'sample).</p><p id="cr-unpacking" hidden>This browser cannot unpack the '
            "derivations (it needs Chrome 80, Firefox 113, Safari 16.4 or later).</p></aside>"
            f"</div>{packed_store(store)}</section>")


def _figure_section(anchor: str, heading: str, svg: str | None, missing: str) -> str:
    body = f'<div class="cr-figure">{svg}</div>' if svg else f"<p>{escape(missing)}</p>"
    return f'<section id="{anchor}"><h2>{escape(heading)}</h2>{body}</section>'


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


def _gradcheck_section(network: Network, points: np.ndarray | None, y: object,
                       report: GradcheckReport | None) -> str:
    if report is None and points is not None:
        from chainrule.check.gradcheck import gradcheck

        report = gradcheck(network, points[:8], np.asarray(y)[:8], max_entries=50)
    text = "No data given, so no gradient check." if report is None else str(report)
    return (f'<section id="gradcheck"><h2>Gradient check</h2><p>Backpropagation against '
            f"central finite differences on up to 8 samples.</p><pre>{escape(text)}</pre>"
            "</section>")


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
