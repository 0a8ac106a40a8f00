"""Rich display in Jupyter: networks and traces show as their diagram.

``Network._repr_html_`` and ``Trace._repr_html_`` call :func:`network_html` and
:func:`trace_html`; the ``_svg`` variants give the bare diagram.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from chainrule.viz.diagram_data import diagram_layout
from chainrule.viz.svg import diagram_svg

if TYPE_CHECKING:
    from chainrule.nn.network import Network
    from chainrule.nn.trace import Trace


def network_svg(network: Network) -> str:
    """The diagram of ``network`` (weights only), as an ``<svg>`` string."""
    return diagram_svg(diagram_layout(network))


def trace_svg(trace: Trace, sample: int = 0) -> str:
    """The diagram of the traced layers with row ``sample``'s values, as an ``<svg>`` string."""
    return diagram_svg(diagram_layout(None, trace, sample=sample))


def network_html(network: Network) -> str:
    """A heading with the network's summary, then its diagram."""
    total = sum(p.size for p in network.parameters)
    return (f"<div><p><b>Network</b> {escape(network.summary())} "
            f"({total} parameters, {network.dtype.name})</p>{network_svg(network)}</div>")


def trace_html(trace: Trace, sample: int = 0) -> str:
    """A heading with the loss, then the diagram with the values of row ``sample``."""
    rows = len(trace.inputs)
    which = f", sample {sample} shown" if rows > 1 else ""
    return (f"<div><p><b>Trace</b> of {rows} sample{'s' if rows != 1 else ''}{which}: "
            f"loss {trace.loss:.6g}</p>{trace_svg(trace, sample)}</div>")
