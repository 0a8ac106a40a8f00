"""Pictures of networks and their training: curves, decision boundaries, diagrams, reports.

>>> import chainrule as cr
>>> from chainrule import viz
>>> X, y = cr.data.moons(n=200, noise=0.2, seed=0)
>>> net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
...                  loss=cr.SoftmaxCrossEntropy(), seed=0)
>>> figure = viz.network_diagram(net, X[:1], y[:1], highlight="W2[0,1]")
>>> viz.save_figure(figure, "diagram.svg")  # doctest: +SKIP

Every plotting function returns a matplotlib ``Figure`` drawn on its own Agg canvas (no
display needed); :func:`save_figure` writes PNG or SVG by the file's suffix. matplotlib is
imported only when a picture is made.
"""

from __future__ import annotations

from chainrule._lazy import lazy_exports

_EXPORTS = {
    "new_figure": "chainrule.viz.figures",
    "save_figure": "chainrule.viz.figures",
    "check_image_path": "chainrule.viz.figures",
    "figure_svg": "chainrule.viz.figures",
    "figure_png": "chainrule.viz.figures",
    "training_curves": "chainrule.viz.curves",
    "network_svg": "chainrule.viz.notebook",
    "trace_svg": "chainrule.viz.notebook",
    "decision_boundary": "chainrule.viz.boundary",
    "training_figures": "chainrule.viz.training_figure",
    "diagram_layout": "chainrule.viz.diagram_data",
    "network_diagram": "chainrule.viz.diagram",
    "feature_maps": "chainrule.viz.conv_maps",
    "unrolled": "chainrule.viz.through_time",
    "diagram_svg": "chainrule.viz.svg",
    "parse_diagram_quantity": "chainrule.viz.diagram_quantity",
    "build_report": "chainrule.viz.report_page",
    "write_report": "chainrule.viz.report_page",
    "network_html": "chainrule.viz.notebook",
    "trace_html": "chainrule.viz.notebook",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
