r"""A whole layer in matrix form, with every shape written, averaged over a batch.

Row layout (CS231n): ``z_l = a_{l-1} W_l + b_l``, ``dW_l = a_{l-1}^T dz_l``,
``dz_l = (dz_{l+1} W_{l+1}^T) ⊙ f'(z_l)``. Column layout: LFD's ``s = Wᵀx`` with
``∂e/∂W = x δᵀ``, or Nielsen's ``z = w a + b`` with ``∂C/∂w = δ aᵀ``. The transposes come
from the index bookkeeping: entry ``(i, j)`` of the gradient is ``Σ_n x_{n,i} δ_{n,j}``.
"""

from __future__ import annotations

from dataclasses import replace

from chainrule.explain import checks
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import (
    Applied,
    Equation,
    Hadamard,
    Juxtaposed,
    Neg,
    Number,
    Product,
    Quotient,
    Shape,
    SumOver,
    Terms,
    Transposed,
    leaf,
    partial,
    symbol,
)
from chainrule.explain.hidden_delta import HiddenDelta, pair
from chainrule.explain.model import Check, Formula, Line, Prose, Section, prose
from chainrule.explain.output_delta import OutputDelta, product, signed
from chainrule.explain.quantity import Quantity
from chainrule.explain.shape_formulas import matrix, parenthesized, product_shapes, shape


class LayerForm:
    """The matrix form of dense layer ``layer`` over the traced batch."""

    def __init__(self, ctx: Context, layer: int) -> None:
        self.ctx, self.layer = ctx, layer
        self.n = ctx.notation
        self.N = ctx.n_samples
        self.row = self.n.layout == "row"
        self.to_from = self.n.weight_order == "to_from"
        # Andrew Ng's dz is each example's own ∂L/∂z; the 1/m of the mean comes in dW and db
        mean = ctx.net.loss.reduction == "mean" and self.N > 1
        self.per_example = self.n.delta_per_sample and mean
        self.scale = self.N if self.per_example else 1
        self.mean_factor = Quotient(Number(1), symbol("m")) if self.per_example else None

    def dims(self) -> tuple[int, int]:
        return self.ctx.width(self.layer - 1), self.ctx.width(self.layer)

    def forward(self) -> Line:
        ctx, names, ell = self.ctx, self.ctx.names, self.layer
        a, z = leaf(names.post_vector(ell - 1)), leaf(names.pre_vector(ell))
        W = names.weight_matrix(ell)
        n_in, n_out = self.dims()
        bias = ctx.has_bias(ell)

        def signal(*factors: Formula) -> Equation:
            product = Juxtaposed(factors)
            return Equation((z, Terms((product, leaf(names.bias_vector(ell)))) if bias
                             else product))

        if self.row:
            size = product_shapes(shape("N", n_out), shape("N", n_in), shape(n_in, n_out),
                         plus=shape(1, n_out) if bias else None)
            reason = "one row per sample" + ("; the bias row is added to every row" if bias else "")
            return Line((signal(a, leaf(W)),), shape=size, reason=reason)
        many = self.columns()
        size = product_shapes(shape(n_out, many), shape(n_out, n_in), shape(n_in, many),
                     plus=shape(n_out, 1) if bias else None)
        columns = prose("one column per sample" if self.N == 1 else
                        f"the N = {self.N} samples side by side as columns")
        columns += "; the bias column is added to every column" if bias and self.N > 1 else ""
        if bias and self.n.bias_as_weight:
            columns += prose("; ", leaf(names.bias_vector(ell)), " holds the weights ",
                             leaf(names.bias(ell, self.n.to_letter)), " from the constant unit ",
                             Equation((symbol("x", "0"), Number(1))), " (the biases)")
        if self.to_from:
            return Line((signal(leaf(W), a),), shape=size,
                        reason=columns + "; row j of the matrix holds the weights into unit j")
        return Line((signal(Transposed(leaf(W), paren=True), a),), shape=size,
                    reason=prose(columns, "; ", leaf(W), " is ", Shape(n_in, n_out),
                                 ": row i holds the weights out of unit i, so the signal needs "
                                 "its transpose"))

    def columns(self) -> str | int:
        """The number of columns of a batch in column layout: ``N``, or 1 for one sample."""
        return "N" if self.N > 1 else 1

    def delta(self) -> Line:
        ctx, names, ell = self.ctx, self.ctx.names, self.layer
        d = leaf(names.delta_vector(ell))
        n_out = self.dims()[1]
        values = self.scale * ctx.notation.delta_sign * ctx.trace.delta(ell)
        value = values if self.row else values.T
        size = shape("N", n_out) if self.row else shape(n_out, "N" if self.N > 1 else 1)
        if ell == ctx.L:
            formula, reason = self.output_delta(d)
        else:
            formula, reason = self.hidden_delta(d)
        if self.per_example:
            reason += "; each example's own gradient, the 1/m of the mean comes in dW and db"
        return Line(formula, matrix(value), value, reason, ("delta_matrix", ell, not self.row),
                    self.scale * ctx.notation.delta_sign, size)

    def output_delta(self, d: Formula) -> tuple[tuple[Formula, ...], str]:
        ctx, names, ell = self.ctx, self.ctx.names, self.layer
        yhat, y = names.post_vector(ell), names.target_vector()
        op, loss, sign = ctx.activation(ell), ctx.net.loss, ctx.notation.delta_sign
        over_n = self.N > 1 and loss.reduction == "mean" and not self.per_example
        samples = "row n is sample n" if self.row else "column n is sample n"
        first, second = (y, yhat) if sign < 0 else (yhat, y)
        diff = Terms((leaf(first), Neg(leaf(second))))
        if loss.cancels(op):
            scaled = Quotient(diff, symbol("N")) if over_n else diff
            return (Equation((d, scaled)),), (
                "the output's activation and the cross-entropy cancel to prediction minus "
                "target" + (", and the mean over the batch divides by N" if over_n else "")
                + f"; {samples}")
        prime = Applied(leaf(ctx.names.activation), leaf(names.pre_vector(ell)), prime=True)
        gradient = names.gradient(yhat)
        formulas: list[Formula] = [
            Equation((d, Hadamard((Neg(gradient) if sign < 0 else gradient, prime))))]
        factor = loss.squared_factor  # ∂e/∂x = c(x − y): written out with its factor
        if factor is not None and op.elementwise:
            c = Number(float(factor or 1))
            scale = Quotient(c, symbol("N")) if over_n else (c if factor else None)
            scaled = Product(((scale, False), (diff, True)) if scale is not None else
                             ((diff, True),))
            formulas.append(Hadamard((scaled, prime)))
        why = ("the loss's gradient, entry by entry times the activation's derivative"
               + (" (it already carries the 1/N of the mean)" if over_n else ""))
        if sign < 0:
            why += "; Mitchell's δ is minus ∂E/∂net, hence the minus and t − o"
        return tuple(formulas), why + (f"; {samples}" if self.N > 1 else "")

    def hidden_delta(self, d: Formula) -> tuple[tuple[Formula, ...], str]:
        names, ell = self.ctx.names, self.layer
        above, W = leaf(names.delta_vector(ell + 1)), leaf(names.weight_matrix(ell + 1))
        prime = Applied(leaf(self.ctx.names.activation), leaf(names.pre_vector(ell)), prime=True)
        if self.row:
            body = Hadamard((parenthesized(Juxtaposed((above, Transposed(W)))), prime))
        elif self.to_from:
            body = Hadamard((parenthesized(Juxtaposed((Transposed(W, paren=True), above))),
                             prime))
        else:
            body = Hadamard((prime, parenthesized(Juxtaposed((W, above)))))
        why = ("the recurrence for all units at once: each unit sums over the units it feeds, "
               "which is a product with the next layer's weight matrix read backwards — "
               "hence the transpose where the matrix maps forward the other way")
        return (Equation((d, body)),), why

    def gradient(self) -> Line:
        ctx, names, ell = self.ctx, self.ctx.names, self.layer
        W = names.weight_matrix(ell)
        a, d = leaf(names.post_vector(ell - 1)), leaf(names.delta_vector(ell))
        n_in, n_out = self.dims()
        sign = ctx.notation.delta_sign
        grad = ctx.trace.grad_W(ell)
        many = "N" if self.N > 1 else 1
        if self.row:
            formula: Formula = Juxtaposed((Transposed(a), d))
            factors, result, value = (shape(n_in, "N"), shape("N", n_out)), (n_in, n_out), grad
        elif self.to_from:
            mean = (self.mean_factor,) if self.mean_factor is not None else ()
            formula = signed(Juxtaposed((*mean, d, Transposed(a, paren=True))), sign)
            factors, result = (shape(n_out, many), shape(many, n_in)), (n_out, n_in)
            value = grad.T
        else:
            formula = signed(Juxtaposed((a, Transposed(d, paren=True))), sign)
            factors, result, value = (shape(n_in, many), shape(many, n_out)), (n_in, n_out), grad
        size = Equation((Juxtaposed(tuple(Shape(f.rows, f.cols, True) for f in factors),
                                    spaced=False), shape(*result)))
        return Line((names.gradient(W), formula), matrix(value), value,
                    self.entry_reason(),
                    ("grad_W_matrix", ell, self.to_from and not self.row), 1, size)

    def entry_reason(self) -> Prose:
        """Which product each entry of the gradient is, in the matrix's own orientation."""
        names, ell, n = self.ctx.names, self.layer, self.n
        frm, to = n.from_letter, n.to_letter
        first, second = (to, frm) if self.to_from and not self.row else (frm, to)
        delta, a = leaf(names.delta(ell, to)), leaf(names.post(ell - 1, frm))
        term = signed(Juxtaposed((delta, a) if first == to else (a, delta)), n.delta_sign)
        held = (f"row {to} holds the weights into unit {to}" if first == to else
                f"row {frm} holds the weights out of input {frm}")
        summed = ", summed over the N samples" if self.N > 1 else ""
        summed += " and divided by m" if self.per_example else ""
        return prose(f"{held}, so entry ({first}, {second}) is ", term,
                     f"{summed}; the gradient has the weight matrix's shape")

    def bias(self) -> Line | None:
        ctx, names, ell = self.ctx, self.ctx.names, self.layer
        if not ctx.has_bias(ell):
            return None
        d = leaf(names.delta_vector(ell))
        summed = SumOver("n", d) if self.N > 1 else d
        mean = (self.mean_factor,) if self.mean_factor is not None else ()
        formula = signed(Juxtaposed((*mean, summed)) if mean else summed,
                         ctx.notation.delta_sign)
        value = ctx.trace.grad_b(ell)
        shown, size = ((value[None, :], shape(1, len(value))) if self.row
                       else (value[:, None], shape(len(value), 1)))
        where = " (the rows)" if self.row else " (the columns)"
        return Line((names.gradient(names.bias_vector(ell)), formula), matrix(shown),
                    value, "the bias enters every signal with factor 1"
                    + (f"; summed over the samples{where}" if self.N > 1 else ""),
                    ("grad_b_vector", ell), 1, size)

    def entries(self) -> list[Line]:
        """One line per weight when the layer is small and there is one sample."""
        ctx, names, ell = self.ctx, self.ctx.names, self.layer
        n_in, n_out = self.dims()
        if self.N > 1 or n_in * n_out > 12:
            return []
        sign = ctx.notation.delta_sign
        lines = []
        for i in range(n_in):
            for j in range(n_out):
                delta = sign * float(ctx.trace.delta(ell)[0, j])
                x = float(ctx.a(ell - 1)[0, i])
                lines.append(Line(
                    (partial(names.loss, names.weight(ell, i, j)),
                     signed(pair(names.delta(ell, j), names.post(ell - 1, i)), sign)),
                    signed(product((Number(delta, True), False), (Number(x, True), False)),
                           sign),
                    float(ctx.trace.grad_W(ell)[i, j]), "", ("grad_W", ell, i, j)))
        return lines


def explain_layer(ctx: Context, q: Quantity,
                  one: Context | None = None) -> tuple[list[Section], Check]:
    """Sections for a whole layer, and the check of its whole gradient matrix; ``one`` is the
    context of one sample, whose output δ is derived when the output activation couples the
    units (softmax: the step a learner is most often stuck at)."""
    form = LayerForm(ctx, q.layer)
    lines = [form.forward(), form.delta(), form.gradient()]
    bias = form.bias()
    if bias is not None:
        lines.append(bias)
    sections = [Section("The layer in matrix form", _intro(ctx), tuple(lines))]
    entries = form.entries()
    if entries:
        sections.append(Section("Every weight of the layer", "The same, entry by entry:",
                                tuple(entries)))
    if ctx.n_samples == 1 and q.layer < ctx.L:
        sections.append(HiddenDelta(ctx, q.layer, 0).section())
    if q.layer == ctx.L and one is not None and not ctx.activation(ctx.L).elementwise:
        sections.append(_one_output_delta(one, ctx.n_samples))
    chain = ctx.a(q.layer - 1).T @ ctx.trace.delta(q.layer)
    backprop = checks.backprop_gradient(ctx, "W", q.layer)
    fd, count = checks.finite_difference_layer(ctx, "W", q.layer)
    if ctx.notation.weight_order == "to_from":  # written as the text writes the matrix
        chain, backprop, fd = chain.T, backprop.T, fd.T
    h, tolerance = checks.step_and_tolerance(ctx.net)
    names = ctx.names
    quantity = names.gradient(names.weight_matrix(q.layer))
    return sections, Check(quantity, chain, backprop, fd, h, tolerance, count,
                 checks.near_kink(ctx))


def _one_output_delta(one: Context, n_batch: int) -> Section:
    """The output δ of the first unit at one sample, derived; for a batch, said to be one
    sample's (the batch's mean divides it by N)."""
    section = OutputDelta(one, 0).section()
    if n_batch == 1 or one.net.loss.reduction != "mean":
        return section
    note = (f" This is one sample alone (N = 1); in the batch of N = {n_batch} the mean "
            "divides each sample's δ by N, as in the matrix form above.")
    # the values are the one sample's trace, not entries of the batch's: no batch source
    lines = tuple(replace(line, source=()) for line in section.lines)
    return Section(section.title, section.text + note, lines)


def _intro(ctx: Context) -> str:
    if ctx.notation.layout == "row":
        return ("Row vectors: a batch stacks its N samples as rows, so every matrix below has "
                "one row per sample.")
    return "Column vectors: one sample is a column; shapes are written beside each formula."
