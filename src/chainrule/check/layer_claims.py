r"""Claims about a layer beyond Dense (convolution, pooling, recurrent, LSTM, batch norm,
dropout), in index notation.

.. code-block:: text

    dK[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] x[n,c,i+u,j+v]        # conv: one kernel weight
    dx[n,c,p,q] = sum_{o,u,v} dY[n,o,p-u,q-v] K[o,c,u,v]        # conv: the flipped kernel
    dW[i,j] = sum_t h[t-1,i] delta[t,j]                          # RNN: the sum over time
    dx[i,f] = 1/(m sqrt(var+eps)) (m dxhat[i,f] - sum_k dxhat[k,f]
              - xhat[i,f] sum_k dxhat[k,f] xhat[k,f])            # batch norm, three terms
    dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] switch[n,c,i,j,p,q]      # max pooling
    dc[n,t-1,j] = dc[n,t,j] f[n,t,j] + ...                       # LSTM: a step on the left

The claim is evaluated entry by entry on the layer's arrays (:mod:`chainrule.check.layer_arrays`)
at the example's batch and at a random batch, and compared with the engine's backward pass.
Agreement is ``probably_correct`` (numbers, not a proof); a wrong claim is compared with the
classic mistakes (the kernel not flipped, a missing sum over time steps, a missing path through
μ or σ², δ sent to every input of a pooling window, an LSTM cell without its forget path) for
its diagnosis, else shown with the entry where it differs most.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import numpy as np
import sympy

from chainrule.check.claim_arrays import LayerArrays
from chainrule.check.index_eval import IndexEvaluator
from chainrule.check.index_printed import plain_claim
from chainrule.check.index_read import IndexReader, read_left
from chainrule.check.index_tree import names, shifted, show
from chainrule.check.layer_arrays import layer_arrays, layers_under_claim
from chainrule.check.result import CheckResult, Counterexample, Diagnosis
from chainrule.errors import ConfigError, ParseError


def is_layer_example(example: str | None) -> bool:
    """Whether ``example`` is one of the layer examples (``conv``, ``rnn``, ...)."""
    from chainrule.explain.layer_examples import LAYER_EXAMPLES

    return example in LAYER_EXAMPLES


def check_layer_claim(claim: str, example: str,
                      options: dict[str, object] | None = None) -> CheckResult:
    """The verdict on ``claim`` about the layer of the layer example ``example``, at the
    example's batch and at a random batch of the same shape.

    Parameters
    ----------
    claim : str
        ``"dNAME[indices] = formula"`` in index notation.
    example : str
        ``conv``, ``rnn``, ``batchnorm``, ``pool``, ``avgpool``, ``dropout``, ...
        (:data:`chainrule.explain.layer_examples.LAYER_EXAMPLES`).
    options : dict, optional
        The network form's other options by name; none applies here, so any given is refused
        rather than ignored.
    """
    from chainrule.explain.layer_examples import LAYER_EXAMPLES

    given = [name for name, value in (options or {}).items() if value is not None]
    if given:
        raise ConfigError(f"claims about the {example} example are in index notation, with the "
                          f"names of its explanation; {', '.join(given)} does not apply")
    preset = LAYER_EXAMPLES[example]()
    return check_claim_on_layer(claim, preset.net, preset.x, preset.y, f"the {example} example",
                                ("the example's batch", "a random batch"))


def check_claim_on_layer(claim: str, net: Any, x: np.ndarray, y: np.ndarray, what: str,
                         batches: tuple[str, str]) -> CheckResult:
    """The verdict on ``claim`` about a layer beyond Dense of ``net`` (a convolution,
    pooling, batch-norm, dropout or recurrent layer: the first whose names the claim uses),
    at the batch ``(x, y)`` and at a random batch of the same shape; ``what`` names the
    network and ``batches`` the two batches in messages."""
    layers = layers_under_claim(net)
    if not layers:
        raise ConfigError(f"claims in index notation are about a convolution, pooling, batch "
                          f"norm, dropout or recurrent layer; {what} has none")
    first, layer = _named_layer(claim, net, x, y, layers)
    # in tenths, so that a maximum is often tied and a claim that breaks ties wrongly is seen
    other = layer_arrays(net, np.random.default_rng(1).normal(size=x.shape).round(1), y, layer)
    kinds = ", ".join(dict.fromkeys(each.describe() for each in layers))
    text, left_text, right_text = _sides(claim, first.stride, f" (claims about {what}, with "
                                         f"{kinds}, are in index notation)")
    left = read_left(left_text)
    written = claim.partition("=")[2].strip()  # the learner's own spelling, for the verdict
    results = [replace(_verdict(left, right_text, len(left_text) + 1, text, arrays),
                       claim_text=written, claim_latex=written) for arrays in (first, other)]
    node = IndexReader(right_text, len(left_text) + 1, text).read()
    reading = (f"read {left.text} as ∂L/∂{left.name} of {first.what}",
               f"read the formula as {show(node)}",
               *(f"read {name} as {first.meanings[name]}" for name in sorted(names(node))
                 if name in first.meanings))
    return _both(results, reading, batches)


def _named_layer(claim: str, net: Any, x: np.ndarray, y: np.ndarray,
                 layers: list[Any]) -> tuple[LayerArrays, Any]:
    """The arrays of the first of ``layers`` whose names the claim uses (its gradient on the
    left, every array on the right), and that layer; else the first layer's."""
    chosen = None
    for layer in layers:
        arrays = layer_arrays(net, x, y, layer)
        chosen = chosen or (arrays, layer)
        if len(layers) == 1:
            break
        try:
            _, left_text, right_text = _sides(claim, arrays.stride)
            left = read_left(left_text)
            used = names(IndexReader(right_text).read())
        except ParseError:
            break  # unreadable: the first layer's reading says where
        if left.name in arrays.truths and used <= set(arrays.arrays):
            return arrays, layer
    assert chosen is not None
    return chosen


def _both(results: list[CheckResult], reading: tuple[str, ...],
          batches: tuple[str, str]) -> CheckResult:  # fmt: skip
    """The verdict at the first batch and at the random batch: right only if at both."""
    for result, where in zip(results, batches, strict=True):
        if result.verdict != "probably_correct":
            if where != batches[0] and result.diagnosis is not None:
                result = replace(result, diagnosis=Diagnosis(result.diagnosis.code, (
                    f"It holds at {batches[0]} but not at {where}. "
                    f"{result.diagnosis.message}")))
            return replace(result, reading=reading)
    return replace(results[0], reading=reading, evidence=(
        f"compared entry by entry with the network's backward pass "
        f"({results[0].evidence} entries), at {batches[0]} and {batches[1]}"))


def _sides(claim: object, stride: int, why: str = "") -> tuple[str, str, str]:
    """The claim in the plain grammar (printed indices rewritten), its left and right side."""
    if not isinstance(claim, str):
        raise ConfigError("a claim about this layer is a text 'dNAME[indices] = formula'")
    text = plain_claim(claim, stride)
    left, equals, right = text.partition("=")
    if not equals:
        raise ParseError(f"expected a claim 'dNAME[indices] = formula'{why}", text, len(text))
    if "=" in right:
        raise ParseError("expected one '=': the quantity, then one formula for it", text,
                         len(left) + 1 + right.index("="))
    return text, left, right


def _verdict(left: Any, right_text: str, offset: int, whole: str,
             arrays: LayerArrays) -> CheckResult:  # fmt: skip
    if left.name not in arrays.truths:
        raise ConfigError(f"∂L/∂{left.name} is not a gradient of {arrays.what}; the gradients "
                          f"checked here: {', '.join('d' + n for n in arrays.truths)}")
    truth = arrays.truths[left.name]
    extra = truth.ndim - len(left.indices)
    if extra < 0 or any(size != 1 for size in truth.shape[:extra]):
        raise ParseError(f"∂L/∂{left.name} has shape {truth.shape}: give {truth.ndim} indices "
                         f"on the left; got {len(left.indices)}", whole, 0)
    truth = truth.reshape(truth.shape[extra:])
    for index, size in zip(left.indices, truth.shape, strict=True):
        if isinstance(index, int) and index >= size:
            raise ParseError(f"∂L/∂{left.name} has shape {truth.shape}; the index {index} is "
                             "outside it", whole, 0)
    free = {i: size for i, size in zip(left.indices, truth.shape, strict=True)
            if isinstance(i, str)}
    fixed = tuple(i if isinstance(i, int) else slice(None) for i in left.indices)
    node = IndexReader(right_text, offset, whole).read()
    for letter, offset_of_left in left.shifts:  # dc[n,t-1,j] = F(t) is dc[n,t,j] = F(t+1)
        node = shifted(node, letter, -offset_of_left)
    claim = IndexEvaluator(arrays.arrays, free, whole).value(node)
    truth = truth[fixed]
    shifts = dict(left.shifts)
    right = _reference(arrays.right.get(left.name), left.indices, shifts)
    written = [f"{i}{shifts[i]:+d}" if i in shifts else str(i) for i in left.indices]
    base = dict(quantity=f"∂L/∂{left.name}[{','.join(written)}]",
                claim=sympy.Symbol("claim"), claim_text=right_text.strip(),
                claim_latex=right_text.strip(), correct_formula=sympy.Symbol("truth"),
                correct_text=right or "(the engine's backward pass)",
                correct_latex=right or r"\text{the engine's backward pass}")
    if _close(claim, truth):
        return CheckResult("probably_correct", evidence=str(truth.size), **base)
    for wrong, code, message in arrays.wrong.get(left.name, []):
        if _close(claim, wrong.reshape(wrong.shape[extra:])[fixed]):
            return CheckResult("incorrect", diagnosis=Diagnosis(code, message), **base)
    return CheckResult("incorrect", counterexample=_counterexample(claim, truth, free, shifts),
                       diagnosis=Diagnosis("not_equal", f"The claim's entries differ from "
                                           f"∂L/∂{left.name}'s."), **base)


def _reference(right: tuple[str, str] | None, indices: tuple[str | int, ...],
               shifts: dict[str, int]) -> str:
    """The right formula at the claim's own indices (``dW[0,1]``: ``i → 0, j → 1``; for
    ``dc[n,t-1,j]``, ``t → t-1``); with its own left side where that renaming would clash
    with a summed letter."""
    if right is None:
        return ""
    letters, formula = right
    canonical = letters.split(",")
    summed = set(re.findall(r"sum_\{?([a-z,]+)", formula))
    summed = {k for group in summed for k in group.split(",")}
    mine = [str(i) for i in indices[len(indices) - len(canonical):]]
    if len(indices) < len(canonical) or summed & set(mine) - set(canonical):
        return f"{formula}, for [{letters}]"
    rename = dict(zip(canonical, mine, strict=True))

    def inside(match: re.Match) -> str:
        parts = [re.sub(r"(?<![A-Za-z])[a-z](?![A-Za-z])",
                        lambda m: rename.get(m.group(), m.group()), part)
                 for part in match.group().strip("[]").split(",")]
        return "[" + ",".join(_moved(part, shifts) for part in parts) + "]"

    return re.sub(r"\[[^\]]*\]", inside, formula)


def _moved(part: str, shifts: dict[str, int]) -> str:
    """An index ``t+1`` of the reference at a claim about ``t-1``: ``t``."""
    match = re.fullmatch(r"([a-z])([+-]\d+)?", part)
    if match is None or match.group(1) not in shifts:
        return part
    constant = int(match.group(2) or 0) + shifts[match.group(1)]
    return match.group(1) + (f"{constant:+d}" if constant else "")


def _counterexample(claim: np.ndarray, truth: np.ndarray, free: dict[str, int],
                    shifts: dict[str, int]) -> Counterexample:  # fmt: skip
    """The entry where the claim is furthest from the truth, named by the free letters (a
    letter written ``t-1`` on the left at its own value)."""
    with np.errstate(invalid="ignore"):
        gap = np.where(np.isfinite(claim), np.abs(claim - truth), np.inf)
    index = np.unravel_index(int(np.argmax(gap)), truth.shape) if truth.ndim else ()
    at = tuple((letter, float(i - shifts.get(letter, 0)))
               for letter, i in zip(free, index, strict=True))
    return Counterexample(at, (), float(claim[index]), float(truth[index]))


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-12)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 1e-7 * scale + 1e-12))
