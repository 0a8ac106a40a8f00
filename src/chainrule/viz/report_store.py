"""The report's derivations and per-notation words, packed once into the page.

A report holds a derivation per drawn weight or unit and per notation, and most of their
parts repeat: the forward pass is the same for every quantity of a notation, a unit's δ
derivation reappears in every weight into it. Each distinct part (a section heading, a formula
line, a block of calculus steps) is stored once and a derivation is the list of its parts; the
whole store is JSON compressed with deflate and written as base64, which the report's script
unpacks in the browser (``DecompressionStream``, no library, works offline). A 2-2-2 network's
report so weighs tens of kB instead of 2 MB.

The store also carries, per notation, the diagram's words (:class:`DiagramNames`: titles,
captions, column labels) and the panel's numbers with their names and signs.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from typing import TYPE_CHECKING, Any

from chainrule.viz.diagram_names import DiagramNames
from chainrule.viz.diagram_quantity import Quantity, element_key
from chainrule.viz.svg import activation

if TYPE_CHECKING:
    from chainrule.viz.diagram_data import DiagramLayout
    from chainrule.viz.report_derivations import Derivations

#: Where a derivation's HTML is cut into parts that may repeat.
_PART = re.compile(r'(?=<div class="line">|<section|<div class="steps|</section>|</article>)')
_STORE = re.compile(r'<script type="application/octet-stream" id="cr-store">([^<]*)</script>')


def drawn_quantities(layout: DiagramLayout) -> list[Quantity]:
    """The weights and the units (not the inputs) the diagram draws, as quantities."""
    weights = [Quantity("weight", e.layer, e.i, e.j) for e in layout.edges]
    units = [Quantity("delta", u.layer, j=u.index) for u in layout.units if u.layer > 0]
    return weights + units


class _Parts:
    """Distinct HTML parts, each with its number."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.number: dict[str, int] = {}

    def add(self, html: str) -> list[int]:
        """The numbers of ``html``'s parts, new parts stored."""
        numbers = []
        for part in filter(None, _PART.split(html)):
            if part not in self.number:
                self.number[part] = len(self.parts)
                self.parts.append(part)
            numbers.append(self.number[part])
        return numbers


def build_store(layout: DiagramLayout, derivations: Derivations | None,
                notations: list[str]) -> dict[str, Any]:
    """The store as data: ``parts``, ``items[key][notation]`` (part numbers),
    ``labels[notation][label]`` (``t``: title, ``c``: caption) and
    ``values[notation][key]`` (``[kind, name, value]`` rows for the panel)."""
    widths = [column.size for column in layout.columns]
    parts, items = _Parts(), {}
    labels: dict[str, dict[str, dict[str, str]]] = {}
    values: dict[str, dict[str, list[list[Any]]]] = {}
    for notation in notations:
        names = DiagramNames(notation, widths)
        labels[notation] = _labels(layout, names)
        values[notation] = {
            **{u.key: [list(row) for row in names.unit_values(u)] for u in layout.units},
            **{e.key: [list(row) for row in names.edge_values(e)] for e in layout.edges}}
        if derivations is None:
            continue
        for quantity in drawn_quantities(layout):
            html = derivations.html(quantity, notation)
            items.setdefault(element_key(quantity), {})[notation] = parts.add(html)
    return {"parts": parts.parts, "items": items, "labels": labels, "values": values}


def _labels(layout: DiagramLayout, names: DiagramNames) -> dict[str, dict[str, str]]:
    out = {f"c{c.layer}": {"c": names.column_caption(c, activation(c))} for c in layout.columns}
    out.update({u.key: {"t": names.unit_title(u), "c": names.caption(u)} for u in layout.units})
    out.update({e.key: {"t": names.edge_title(e)} for e in layout.edges})
    if layout.loss is not None:
        out["loss"] = {"c": f"{names.loss} = {layout.loss:.4g}"}
    return out


def packed_store(store: dict[str, Any]) -> str:
    """The store as a ``<script>`` of base64 deflated JSON, for the page."""
    text = json.dumps(store, ensure_ascii=False, separators=(",", ":"))
    data = base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    return f'<script type="application/octet-stream" id="cr-store">{data}</script>'


def read_store(html: str) -> dict[str, Any]:
    """The store of a report's HTML, unpacked (what the page's script reads)."""
    match = _STORE.search(html)
    if match is None:
        return {"parts": [], "items": {}, "labels": {}, "values": {}}
    return json.loads(zlib.decompress(base64.b64decode(match.group(1))).decode("utf-8"))


def stored_derivation(store: dict[str, Any], key: str, notation: str) -> str | None:
    """The HTML of one derivation of the store, as the page shows it; None if absent."""
    numbers = store["items"].get(key, {}).get(notation)
    return None if numbers is None else "".join(store["parts"][n] for n in numbers)
