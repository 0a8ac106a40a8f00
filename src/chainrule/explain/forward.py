"""The sample and its forward pass: the input, each layer's signals and outputs, the target.

Every value is the trace's, so a learner can recompute each later step from these numbers.
"""

from __future__ import annotations

from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import Applied, leaf
from chainrule.explain.hidden_delta import vector
from chainrule.explain.model import Formula, Line, Section


def _applied(ctx: Context, layer: int, signal: str) -> Formula:
    """``θ(s)`` in the notation, the op's own name where θ would not fit (softmax, identity)."""
    op = ctx.activation(layer)
    if op.identity:
        return leaf(signal)
    if not op.elementwise:
        return Applied(op.name, leaf(signal), upright=True)
    return Applied(leaf(ctx.names.activation), leaf(signal))


def forward_section(ctx: Context) -> Section | None:
    """The forward pass of the one explained sample (None for a batch: its matrices are
    shown in the layer's own section)."""
    if ctx.n_samples != 1:
        return None
    names, trace = ctx.names, ctx.trace
    lines = [Line((leaf(names.post_vector(0)),), vector(trace.inputs[0]),
                  reason="the sample's input")]
    for layer in range(1, ctx.L + 1):
        s = names.pre_vector(layer)
        lines.append(Line((leaf(s),), vector(ctx.z(layer)[0]),
                          reason=f"the signals of layer {names.tag(layer, ctx.notation.pre_offset)}"
                          ": each unit's weighted sum of the outputs below"
                          + (", plus its bias" if ctx.has_bias(layer) else "")))
        lines.append(Line((leaf(names.post_vector(layer)), _applied(ctx, layer, s)),
                          vector(ctx.a(layer)[0]), reason="the activation of each signal"))
    lines.append(Line((leaf(names.target_vector()),), vector(trace.targets[0]),
                      reason="the sample's target"))
    return Section("The sample and the forward pass",
                   "The numbers every later step uses, from the network's forward pass:",
                   tuple(lines))
