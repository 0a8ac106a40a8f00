"""Acceptance on real learners' formulas, typed as they wrote them: the checker may refuse one,
but it must never give a wrong verdict (a correct formula judged incorrect, or an incorrect one
judged correct). Each item's truth is checked independently here with ``sympy.diff`` on our own
transcription of it (free form), never with the checker's reading.
"""

from __future__ import annotations

import random

import pytest
import sympy
from corpus_runner import load, run

ITEMS = load()
FREE = [item for item in ITEMS if "of" in item]


def _marks(item: dict) -> list:
    """A wrong verdict the lead already knows of fails only when it is fixed (strict xfail),
    so that the test fails on every new wrong verdict and on a stale mark."""
    if "known_wrong" in item:
        return [pytest.mark.xfail(strict=True, reason=item["known_wrong"])]
    return []


@pytest.mark.parametrize("item", [pytest.param(i, id=i["id"], marks=_marks(i)) for i in ITEMS])
def test_no_wrong_verdict(item: dict) -> None:
    outcome = run(item)
    assert outcome.grade != "wrong", (
        f"{item['id']}: the truth is {item['truth']} ({item['why']}), chainrule says "
        f"{outcome.verdict}:\n{outcome.output}")
    assert outcome.grade != "crash", f"{item['id']} crashed:\n{outcome.output}"


#: Items that must be answered (right), not only never answered wrong: a learner's own names
#: given with --symbols (Mazur's out_{o1}, w_5, E_{total} on Mitchell's 2-2-2 net).
ANSWERED = ("mazur-network-dE-dout", "mazur-network-dE-dw5")


@pytest.mark.parametrize("item", [pytest.param(i, id=i["id"]) for i in ITEMS
                                  if i["id"] in ANSWERED])
def test_answered_right(item: dict) -> None:
    outcome = run(item)
    assert outcome.grade == "right", f"{item['id']}: says {outcome.verdict}:\n{outcome.output}"


def test_every_item_that_must_be_answered_is_in_the_corpus() -> None:
    assert set(ANSWERED) <= {item["id"] for item in ITEMS}


def _reference(item: dict) -> tuple[sympy.Expr, sympy.Expr, sympy.Symbol]:
    """The true derivative and the claim, from the item's own SymPy transcription."""
    x = sympy.Symbol("x")
    s = sympy.Lambda(x, 1 / (1 + sympy.exp(-x)))
    names = {"S": s, "D": sympy.Lambda(x, s(x) * (1 - s(x)))}
    # letters that SymPy would read as its own objects (I, O, E, beta, ...) are plain symbols here
    names |= {n: sympy.Symbol(n) for n in ("lambda_", "beta", "I", "O", "E", "N", "Q")}
    wrt = sympy.Symbol(item["ref_wrt"])
    names[item["ref_wrt"]] = wrt
    subs = {sympy.Symbol(k): sympy.sympify(v, locals=names)
            for k, v in item.get("ref_subs", {}).items()}
    truth = sympy.diff(sympy.sympify(item["ref_of"], locals=names), wrt)
    return truth, sympy.sympify(item["ref_claim"], locals=names).subs(subs), wrt


@pytest.mark.parametrize("item", [pytest.param(i, id=i["id"]) for i in FREE])
def test_truth_agrees_with_sympy_diff(item: dict) -> None:
    truth, claim, _ = _reference(item)
    symbols = sorted(truth.free_symbols | claim.free_symbols, key=str)
    gap, true_value, claimed = (sympy.lambdify(symbols, e, "math")
                                for e in (truth - claim, truth, claim))
    rng = random.Random(item["id"])
    points = [[rng.uniform(0.1, 0.9) * rng.choice((-1, 1)) for _ in symbols] for _ in range(40)]
    # targets and probabilities stay in (0, 1) where a log needs it
    points = [[abs(v) if str(s) in {"y", "Y", "a", "A", "p", "AL", "o"} else v
               for s, v in zip(symbols, p, strict=True)] for p in points]
    gaps = [abs(gap(*p)) / (abs(true_value(*p)) + abs(claimed(*p)) + 1) for p in points]
    if item["truth"] == "correct":
        assert max(gaps) < 1e-9, f"{item['id']}: our transcription is not the derivative"
    else:
        assert max(gaps) > 1e-6, f"{item['id']}: our transcription is the derivative after all"


def test_the_corpus_is_wide_and_holds_both_truths() -> None:
    sources = {item["source"] for item in ITEMS}  # a page, or a mirror with the page's title
    assert len(ITEMS) >= 60 and len(sources) >= 15
    assert {item["truth"] for item in ITEMS} == {"correct", "incorrect"}
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)
