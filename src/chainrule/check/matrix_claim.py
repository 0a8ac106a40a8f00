r"""Whole-matrix claims about a network, checked entry by entry against the engine
(which claims are, and their left side: :mod:`chainrule.check.matrix_left`).

``dW_2 = a_1^T dz_2`` (CS231n), ``db = \sum_n dz``, ``dW^{[l]} = \frac{1}{m} dZ^{[l]}
A^{[l-1]T}`` (Andrew Ng), ``\delta^{(l)} = ((W^{(l+1)})^T \delta^{(l+1)}) \odot
\sigma'(z^{(l)})`` (Nielsen): the right side is evaluated on the network's arrays for a batch
(:mod:`chainrule.check.matrix_eval`) and compared with the engine's gradient, which its
backward pass computed and :func:`chainrule.gradcheck` checks against finite differences.
A wrong claim is diagnosed by shape (a transpose, a sum over the wrong axis, the wrong
product) or by a factor that another common convention explains (1/N, ½, the sign). A claim
whose every entry agrees, at the example's batch, without its last sample and at a random
batch, is "probably correct": compared in numbers, not proven symbolically.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import numpy as np
import sympy

from chainrule.calculus.printing import symbol_text
from chainrule.check.batch import N_RANDOM, random_batch
from chainrule.check.matrix_bind import Binder
from chainrule.check.matrix_eval import MatrixEvaluator, ShapeMismatch, shape_text
from chainrule.check.matrix_formulas import right_formula
from chainrule.check.matrix_left import MatrixLeft, read_left, resolved
from chainrule.check.matrix_names import Arrays
from chainrule.check.matrix_proof import layer_setup
from chainrule.check.matrix_read import MatrixReader
from chainrule.check.matrix_settle import settled
from chainrule.check.result import CheckResult, Counterexample, Diagnosis
from chainrule.errors import ConfigError
from chainrule.explain.learner_names import key_text


def check_matrix_claim(left_text: str, right_text: str, offset: int, whole: str, net: Any,
                       notation: Any, ops: Any, batch: tuple[np.ndarray, np.ndarray],
                       per_sample: bool | None, aliases: dict[str, str] | None = None,
                       example_batch: bool = True) -> CheckResult:  # fmt: skip
    """The verdict on ``left = right`` for every layer the claim is about; ``aliases`` are
    the learner's own names (``--symbols "HA=a_1"``)."""
    loss = symbol_text(_loss_name(notation))
    left = resolved(read_left(left_text, whole), Binder(notation, loss, None))
    right, renamed = renamed_names(MatrixReader(right_text, offset, whole).read(), aliases or {})
    general = "l" in (left.name.tag + left.name.sub).replace("L", "")
    if general and len(net.dense_layers) < 2:
        raise ConfigError("a claim about a general layer l needs a network with a hidden layer")
    x, y = batch
    others = [(x[:-1], y[:-1], f"the batch without its last sample (N = {len(x) - 1})")] \
        if len(x) >= 3 else []
    size = 1 if len(x) == 1 else N_RANDOM  # a claim about one sample stays about one sample
    others.append((*random_batch(net, seed=1, n=size), f"a random batch of {size} sample(s)"))
    result, factor = _every_layer(left, right, right_text, net, net.trace(x, y), notation, ops,
                                  loss, per_sample, general)
    result = replace(result, reading=(*renamed, *result.reading))
    for x_other, y_other, which in others if agrees(result) else []:
        again, _ = _every_layer(left, right, right_text, net, net.trace(x_other, y_other),
                                notation, ops, loss, per_sample, general)
        if not agrees(again):  # right at one batch only: a coincidence, or a factor N
            why = again.diagnosis.message if again.diagnosis is not None else ""
            code = again.diagnosis.code if again.diagnosis is not None else "not_equal"
            return replace(again, diagnosis=Diagnosis(code, f"It holds for the batch of "
                                                      f"N = {len(x)} but not for {which}. {why}"))
    checked = "; ".join(["the example's batch" if example_batch else "a random batch",
                         *(which for *_, which in others)])
    result = replace(result, evidence=f"{result.evidence}, at {checked}")
    if not agrees(result):
        return result
    layers = list(range(1, net.trace(x, y).n_layers)) if general else [None]
    return settled(result, left, right, net, notation, ops, loss, per_sample, layers, factor,
                   len(x))


def agrees(result: CheckResult) -> bool:
    """Whether a matrix claim's numbers agree with the engine's (not a proof)."""
    return result.verdict == "probably_correct"


def renamed_names(node: Any, aliases: dict[str, str]) -> tuple[Any, tuple[str, ...]]:
    """The tree with each of the learner's own names replaced by the quantity it names."""
    if not aliases:
        return node, ()
    table = {key_text(k): v for k, v in aliases.items()}
    lines: list[str] = []

    def walk(n: Any) -> Any:
        if not isinstance(n, tuple):
            return n
        if n[0] == "name":
            name = n[1]
            written = key_text(name.base + (f"_{name.sub}" if name.sub else "")
                               + (f"^({name.tag})" if name.tag else ""))
            if written in table:
                target = MatrixReader(table[written]).read()
                if target[0] != "name":
                    raise ConfigError(f"--symbols: {table[written]!r} must be one name")
                lines.append(f"read {name} as {target[1]} (--symbols)")
                return ("name", replace(target[1], pos=name.pos))
            return n
        return tuple(walk(part) for part in n)

    return walk(node), tuple(dict.fromkeys(lines))


def _every_layer(left: MatrixLeft, right: Any, right_text: str, net: Any, trace: Any, notation: Any,
                 ops: Any, loss: str, per_sample: bool | None,
                 general: bool) -> tuple[CheckResult, str]:  # fmt: skip
    """The verdict at each layer the claim is about (each hidden layer for a letter ``l``),
    and the factor of the convention the numbers match (``"1"``, ``"N"`` or ``"1/N"``)."""
    result, factor = None, "1"
    for l_value in range(1, trace.n_layers) if general else [None]:
        arrays = Arrays(net, trace, notation, ops, l_value, mean_asked=per_sample is False)
        result, factor = _one_layer(left, right, right_text, arrays, loss, per_sample)
        if not agrees(result):
            return result, factor
    assert result is not None
    if general:
        every = f"; the same for every hidden layer l = 1..{trace.n_layers - 1} (engine numbers)"
        result = replace(result, evidence=result.evidence + every)
    return result, factor


def _one_layer(left: MatrixLeft, right: Any, right_text: str, arrays: Arrays, loss: str,
               per_sample: bool | None) -> tuple[CheckResult, str]:  # fmt: skip
    notation = arrays.notation
    missing = not (left.name.tag or left.name.sub)
    layer, binder, delta_convention, truth = layer_setup(left, arrays, loss, per_sample)
    meaning = binder.bound(left.kind, layer, arrays, delta_convention, None,
                           not left.partial).text
    if arrays.l is not None:  # a general layer: checked at each, said once
        meaning = re.sub(r"of layer \d+", "of layer l", meaning)
    shape = "" if arrays.l is not None else f", {shape_text(truth.shape)}"
    quantity = f"{left.written} ({meaning}{shape})"
    evaluate = MatrixEvaluator(arrays, binder, delta_convention)
    reading = [f"read {left.written} as {meaning}{shape}"
               + (" (no layer written: the output layer)" if missing else "")]
    if arrays.l is not None:
        reading.append(f"with l = {arrays.l + notation.pre_offset} (each hidden layer in turn):")
    correct_text = right_formula(left.kind, layer, arrays, notation, not left.partial)
    base = dict(quantity=quantity, claim=sympy.Symbol(right_text.strip()),
                claim_text=right_text.strip(), claim_latex=right_text.strip(),
                correct_formula=sympy.Symbol(correct_text),
                correct_text=correct_text, correct_latex=correct_text,
                n_points=0)  # fmt: skip
    try:
        claim = evaluate(right)
    except ShapeMismatch as mismatch:
        reading += list(evaluate.meanings.values())
        return CheckResult("incorrect", diagnosis=Diagnosis("shape", mismatch.message + "."),
                           reading=tuple(reading), **base), "1"
    reading += list(evaluate.meanings.values())
    verdict, diagnosis, convention, counter, factor = _compare(claim, truth, left, arrays, loss,
                                                               evaluate, per_sample)
    return CheckResult(verdict, diagnosis=diagnosis, convention=convention,
                       counterexample=counter, reading=tuple(reading),
                       evidence=f"compared entry by entry with the network's backward pass "
                                f"({truth.size} entries)", **base), factor


def _compare(claim: Any, truth: np.ndarray, left: MatrixLeft, arrays: Arrays, loss: str,
             evaluate: MatrixEvaluator, per_sample: bool | None) -> tuple:
    claim = np.broadcast_to(np.asarray(claim, dtype=float), np.shape(claim))
    if claim.shape != truth.shape and claim.ndim != truth.ndim \
            and claim.squeeze().shape == truth.squeeze().shape:
        claim = claim.reshape(truth.shape)  # np.sum without keepdims: a vector for a row
    if claim.shape == truth.shape:
        pass
    elif claim.shape == truth.T.shape and truth.ndim == 2:
        transposed = _close(claim.T, truth)
        what = "the transpose of" if transposed else "shaped like the transpose of"
        return "incorrect", Diagnosis("transpose", f"This is {what} {left.written} "
                                      f"({shape_text(claim.shape)}, not "
                                      f"{shape_text(truth.shape)})."), "", None, "1"
    else:
        where = ""
        if evaluate.unit_sums:
            where = " It sums over the units (the outputs) instead of the samples."
        return "incorrect", Diagnosis("shape", f"The claim is {shape_text(claim.shape)}; "
                                      f"{left.written} is {shape_text(truth.shape)}.{where}"),\
            "", None, "1"
    if _close(claim, truth):
        return "probably_correct", None, "", None, "1"
    return _off(claim, truth, left, arrays, loss, evaluate, per_sample)


def _off(claim: np.ndarray, truth: np.ndarray, left: MatrixLeft, arrays: Arrays, loss: str,
         evaluate: MatrixEvaluator, per_sample: bool | None) -> tuple:
    """A wrong claim: the convention it matches, if any, else the first entry that differs."""
    if not np.all(np.isfinite(claim)):
        return "incorrect", Diagnosis("not_equal", "The claim has entries that are not finite "
                                      "numbers (a division by zero, or the log of a number "
                                      "that is not positive)."), "", None, "1"
    N = arrays.N
    conventions = []
    if arrays.mean and N > 1:
        conventions += [("N", "one sample's loss (or the sum over the batch)",
                         f"for the batch mean {loss} it is this divided by N = {N}"),
                        ("1/N", f"the batch mean {loss}",
                         "this notation's quantity is each sample's own, without the 1/N")]
    if not arrays.mean and N > 1:
        conventions.append(("1/N", f"the batch mean of the losses, where this network's {loss} "
                            "is their sum", "for the sum it is this times N"))
    # Andrew Ng's course defines its quantities (dZ each example's own, dW and db the mean over
    # the m samples): there a claim in another convention is wrong, with the convention named.
    fixed = arrays.notation.delta_per_sample
    chosen = "the convention chosen" if per_sample is not None else \
        f"{left.written} as this notation defines it"
    for factor, holds, otherwise in conventions:
        if _close(claim, (N if factor == "N" else 1 / N) * truth):
            if per_sample is None and not fixed:
                return ("probably_correct", None, f"right for {holds}; {otherwise}.", None,
                        factor)
            return ("incorrect", Diagnosis("factor", f"The claim is right for {holds}, not "
                                           f"for {chosen}; {otherwise}."), "", None, "1")
    known = {2.0: f"the claim is 2 × the true value: the gradient of 2{loss}, as when the ½ of a "
                  "½(x − y)² loss is dropped (or a factor 2 is counted twice)",
             0.5: f"the claim is ½ × the true value: the gradient of {loss}/2, the ½(x − y)² "
                  "convention (or a factor 2 of the derivative is missing)",
             -1.0: _sign_message(left, arrays.notation)}
    for factor, message in known.items():
        if _close(claim, factor * truth):
            return "incorrect", Diagnosis("factor", message[0].upper() + message[1:] + "."),\
                "", None, "1"
    index = np.unravel_index(np.argmax(np.abs(claim - truth)), truth.shape)
    where = " It sums over the units (the outputs) instead of the samples." \
        if evaluate.unit_sums else ""
    at = tuple((n, float(i + 1)) for n, i in zip(("row", "column"), index, strict=False))
    counter = Counterexample(at, (), float(claim[index]), float(truth[index]))
    return "incorrect", Diagnosis("not_equal", f"The claim's entries differ from "
                                  f"{left.written}'s.{where}"), "", counter, "1"


def _sign_message(left: MatrixLeft, notation: Any) -> str:
    """What a claim of the opposite sign matches."""
    if notation.delta_sign > 0 or (left.kind == "delta" and left.partial):
        return "the sign is wrong: it matches Mitchell's δ = −∂E/∂net"
    if left.kind == "delta":
        return "the sign is wrong: Mitchell's δ is −∂E/∂net, and this is +∂E/∂net"
    return ("the sign is wrong: Mitchell's δ is −∂E/∂net, so a gradient written with δ "
            "carries a minus")


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    scale = max(float(np.max(np.abs(b))), 1e-12)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 1e-7 * scale + 1e-12))


def _loss_name(notation: Any) -> str:
    from chainrule.explain.letter_names import letter

    return letter(notation, "loss").canonical  # type: ignore[union-attr]
