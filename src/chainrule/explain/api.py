"""The entry point: :func:`explain` a gradient of a network at a sample, in a notation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.explain.context import Context
from chainrule.explain.extras import deltas_section, update_section, weights_section
from chainrule.explain.formula_nodes import Equation, Number, leaf, partial, symbol
from chainrule.explain.forward import forward_section
from chainrule.explain.layer_superscripts import LayerSuperscripts
from chainrule.explain.learner_names import (
    renamed,
    resolve_notation,
    split_symbols,
    with_course_names,
)
from chainrule.explain.model import Explanation, Formula, Prose, Section, prose, significant_digits
from chainrule.explain.notation import Notation
from chainrule.explain.partial_quantity import Partial, parse_partial
from chainrule.explain.quantity import Quantity, checked_quantity, parse_quantity


def _sample(x: Any, y: Any, sample: int, whole_batch: bool) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    x = x[None, :] if x.ndim == 1 else x
    y = np.asarray(y)
    if whole_batch or x.shape[0] == 1:
        return x, y
    if not 0 <= sample < x.shape[0]:
        raise ShapeError(f"sample must be in 0..{x.shape[0] - 1}; got {sample}")
    return x[sample : sample + 1], y[sample : sample + 1]


def explain(net: Any, x: Any, y: Any, quantity: str | int | Quantity = "layer 1",
            notation: str | Notation = "lfd", *, symbols: str | None = None,
            sample: int = 0, digits: int = 6, weights: bool = False, deltas: bool = False,
            update: float | None = None) -> Explanation:
    """Explain one gradient of ``net`` at the sample ``(x, y)`` in a course's notation.

    Parameters
    ----------
    net : a :class:`chainrule.Network`.
    x : one sample, shape ``(n_in,)`` or ``(1, n_in)``; a batch ``(N, n_in)`` for a layer
        (averaged with the loss's ``1/N``) — for one weight, bias or δ, row ``sample`` is used.
    y : its target(s), as ``net.fit`` takes them.
    quantity : a name in the notation's spelling (``"w_12^(2)"``, ``"delta_1^(L)"``,
        ``"b_1^(2)"``), a layer number (``2`` or ``"layer 2"``, the number on its weights), or
        a :class:`~chainrule.explain.quantity.Quantity` (engine indices; nothing is looked up).
        For the layers beyond Dense (see :mod:`chainrule.explain.other_layers`): ``"K[o,c,u,v]"``
        (a first Conv2D's kernel weight), ``"W[i,j]"`` or ``"U[i,j]"`` (a first RNN's, through
        time), ``"x[n,f]"`` (the input gradient of the first batch norm, in training mode, or
        dropout layer), ``"x[n,c,p,q]"`` (of the first pooling layer); each is explained in
        its own layer's terms, whatever the notation.
    notation : ``lfd``, ``nielsen``, ``mitchell``, ``cs231n``, ``ng``, ``jhz``, ``custom`` or a
        :class:`~chainrule.explain.notation.Notation`.
    symbols : for ``custom`` (or to override a preset): ``"loss=J,post=h,pre=z"``.
    sample : the row of a batch ``x`` that one weight, bias or δ is traced through.
    digits : significant figures of the printed numbers (1 to 17; default 6).
    weights : also list every weight and bias of the network (a matrix for a large layer),
        so the forward pass can be redone by hand.
    deltas : also list the δ of every layer at the sample (the one row ``sample`` of a batch).
    update : a learning rate η: also show one step of gradient descent on the explained
        weight or bias, ``w⁺ = w − η ∂L/∂w``.

    Returns
    -------
    Explanation : render it with ``to_text()``, ``to_latex()``, ``to_markdown()``,
        ``to_html()``. Each factor's local derivation is the calculus step tree of its op's
        symbolic form, shown under the factor.

    Examples
    --------
    Mitchell's 2-2-2 sigmoid network (``chainrule.explain.example("mitchell")``), the gradient
    of one weight in Mitchell's notation:

    >>> import numpy as np
    >>> import chainrule as cr
    >>> net = cr.Network([cr.Dense(2, 2, bias=False, weights=[[0.15, 0.25], [0.20, 0.30]]),
    ...                   cr.Sigmoid(),
    ...                   cr.Dense(2, 2, bias=False, weights=[[0.40, 0.50], [0.45, 0.55]]),
    ...                   cr.Sigmoid()], loss=cr.HalfSumSquaredError())
    >>> explanation = cr.explain(net, [0.05, 0.10], [0.01, 0.99], "w_53", notation="mitchell")
    >>> print(explanation.to_text().splitlines()[0])
    ∂E/∂w₅₃ — Mitchell, Machine Learning (ch. 4)
    >>> round(explanation.gradient, 9)
    0.072157073
    >>> explanation.check.passed
    True

    Notes
    -----
    Cheap per call (about a millisecond on a 2-500-2 network once warm): the table of names is
    built once per network shape and notation, and each op is derived once per process.
    """
    from chainrule.explain.other_layers import explain_other_layer

    with significant_digits(digits):
        other = explain_other_layer(net, x, y, quantity)  # convolution, batch norm, ...
        if other is not None:  # its numbers are printed with the digits asked for, as here
            return replace(other, digits=digits)
        _, aliases = split_symbols(symbols)
        return _explain(net, x, y, quantity, resolve_notation(notation, symbols), sample,
                        digits, (weights, deltas, update), aliases)


def _explain(net: Any, x: Any, y: Any, quantity: str | int | Quantity, chosen: Notation,
             sample: int, digits: int, extras: tuple[bool, bool, float | None],
             aliases: dict[str, str]) -> Explanation:
    weights, deltas, update = extras
    probe = Context.build(net, *_sample(x, y, sample, False), chosen)
    q = _quantity(quantity, probe, aliases)
    if isinstance(q, Partial):
        from chainrule.explain.partial import explain_partial, title

        if update is not None:
            raise ConfigError("--update takes a weight or a bias; got a partial derivative")
        ctx = probe
        sections, check = explain_partial(ctx, q)
        heading = title(ctx, q)
        sections = [*sections, deltas_section(probe, of_batch=1)] if deltas else sections
        return Explanation(prose(heading, f" — {chosen.title}"), chosen.key, heading,
                           _framed(ctx, x, sample, weights, sections), check, subject=q,
                           digits=digits)
    if q.kind == "layer":
        from chainrule.explain.layer_matrix_form import explain_layer

        ctx = Context.build(net, *_sample(x, y, sample, True), chosen)
        sections, check = explain_layer(ctx, q, probe)
    else:
        from chainrule.explain.scalar import explain_delta, explain_parameter

        ctx = probe
        sections, check = (explain_delta(ctx, q) if q.kind == "delta"
                           else explain_parameter(ctx, q))
    heading = _heading(ctx, q)
    title = prose(heading, f" — {chosen.title}")
    header, *sections = _framed(ctx, x, sample, weights, sections)
    if deltas:
        sections = [*sections, deltas_section(probe, of_batch=ctx.n_samples)]
    if update is not None:
        sections = [*sections, update_section(ctx, q, update)]
    return Explanation(title, chosen.key, heading, (header, *sections), check,
                       subject=q, digits=digits)


def _quantity(quantity: str | int | Quantity | Partial, probe: Context,
              aliases: dict[str, str]) -> Quantity | Partial:
    """The quantity asked for: a partial derivative ``∂A/∂B``, a name, or a layer."""
    has_bias = [layer.b is not None for layer in probe.net.dense_layers]
    if isinstance(quantity, Quantity):
        return checked_quantity(quantity, probe.names.widths, has_bias)
    if isinstance(quantity, Partial):
        return quantity
    aliases, origins = with_course_names(aliases, probe.notation, probe.names.widths)
    bare = LayerSuperscripts(str(quantity)) if probe.notation.key == "nielsen" else None
    if bare is not None and bare.reading:  # w^3_{12}: Nielsen's layer, never a power
        quantity = bare.written
    found = parse_partial(str(quantity), probe.names, has_bias, aliases, origins)
    if found is not None:
        return replace(found, reading=(*bare.reading, *found.reading)) if bare else found
    text, _ = renamed(quantity, aliases) if isinstance(quantity, str) else (quantity, None)
    return parse_quantity(text, probe.names, has_bias)


def _framed(ctx: Context, x: Any, sample: int, weights: bool,
            sections: list[Section]) -> tuple[Section, ...]:
    """The network's header, the weights if asked, the forward pass, then ``sections``."""
    given = np.asarray(x).reshape(-1, ctx.net.n_inputs).shape[0]
    header = Section("The network", _network_text(ctx, given, sample), ())
    forward = forward_section(ctx)
    sections = [forward, *sections] if forward is not None else sections
    if weights:
        sections = [weights_section(ctx), *sections]
    return (header, *sections)


def _samples_text(ctx: Context, given: int, sample: int) -> str:
    """How many samples the explanation uses; for one weight, bias or δ of a batch, which
    sample and why its value is not the entry of the batch gradient."""
    whole = "mean" if ctx.net.loss.reduction == "mean" else "sum"
    if ctx.n_samples > 1:
        return f"A batch of N = {ctx.n_samples} samples; the loss is the {whole} over them."
    if given == 1:
        return "One sample (N = 1)."
    return (f"Of the N = {given} samples given, this follows sample {sample + 1} (row "
            f"{sample}) alone (N = 1): one weight, bias or δ is traced through one sample's "
            f"chain of steps, so its value is that sample's gradient. The whole layer's "
            f"gradient is the {whole} over all {given} samples, so its entries differ.")


def _heading(ctx: Context, q: Quantity) -> Formula:
    """The quantity explained as the title writes it: ``∂E/∂w₅₃``, ``δ₅``, ``dW₂``."""
    names = ctx.names
    if q.kind == "layer":
        return names.gradient(names.weight_matrix(q.layer))
    if q.kind == "delta":
        return leaf(names.delta(q.layer, q.j))
    target = (names.weight(q.layer, q.i, q.j) if q.kind == "weight"
              else names.bias(q.layer, q.j))
    return partial(names.loss, target)


def _network_text(ctx: Context, given: int, sample: int) -> Prose:
    net, n = ctx.net, ctx.notation
    layers = " → ".join(str(w) for w in ctx.names.widths)
    acts = ", ".join(ctx.activation(layer).name for layer in range(1, ctx.L + 1))
    lines: list[Prose | str] = [
        f"{net.summary()}: units {layers}, activations {acts}, loss {net.loss.describe()}."]
    lines.append(f"Notation: {n.title}.")
    if n.last_as_l:
        lines.append(f"The output layer is L = {ctx.names.tag(ctx.L, n.pre_offset, numeric=True)}.")
    if n.bias_as_weight and any(layer.b is not None for layer in net.dense_layers):
        lines.append(prose("A bias is the weight from a constant unit ",
                           Equation((symbol("x", "0"), Number(1))), "."))
    others = sorted({op.name for op in map(ctx.activation, range(1, ctx.L + 1))
                     if n.activation not in op.letters})
    if n.activation == r"\sigma" and others:
        lines.append(f"Here σ is the notation's symbol for each layer's own activation "
                     f"({acts}), not only the logistic sigmoid.")
    if n.delta_sign < 0:
        lines.append("Sign convention: here δ = −∂E/∂net (Mitchell), the opposite of ∂E/∂net.")
    lines.append(_samples_text(ctx, given, sample))
    return prose(*(piece for k, line in enumerate(lines) for piece in (" " * bool(k), line)))
