"""`chainrule derive` on formulas typed as learners from other courses type them: each is read
as meant and echoed first ("Read as: ..."), or refused with its position.

The expected lines are written by hand from the typed formula.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()

LEARNERS = [
    # Nielsen / Ng: the logistic function with LaTeX braces in plain text
    (["1/(1+e^{-z})"], "Read as: 1/(1 + e⁻ᶻ)", "= σ(z)(1 − σ(z))"),
    # Mitchell's squared error with a hat in LaTeX
    ([r"\frac{1}{2}(y - \hat{y})^2", "--wrt", "yhat"], "Read as: (y − ŷ)²/2", "= ŷ − y"),
    # PyTorch's spelling of the rectifier
    (["ReLU(w x + b)", "--wrt", "w"], "Read as: relu(b + w·x)", "= x·step(b + w·x)"),
    # cs231n's inverted dropout: the mask is one symbol, and the echo says so
    (["mask * x / (1 - p)", "--wrt", "x"],
     "Read as: mask·x/(1 − p)   (read `mask` as one symbol)", "= mask/(1 − p)"),
    # leaky ReLU as the cases of a lecture slide
    ([r"\begin{cases} z & z > 0 \\ 0.01 z & \text{otherwise} \end{cases}"],
     "Read as: z(1 − step(z))/100 + z·step(z)", "= (99step(z) + 1)/100"),
    # Ng's binary cross-entropy, a minus sign first
    (["--wrt", "a", "--", "-(y log(a) + (1-y) log(1-a))"],
     "Read as: −y·log(a) − log(1 − a)(1 − y)", None),
    # Mazur's worked example: out_o1 is one name with a subscript
    (["out_o1 (1 - out_o1)", "--wrt", "out_o1"],
     "Read as: outₒ₁(1 − outₒ₁)   (read `out` as one symbol)", "= 1 − 2outₒ₁"),
    # a sum over K outputs with K given
    ([r"\sum_{k=1}^{K} (t_k - a_k)^2 / 2", "--wrt", "a_1", "--where", "K=3"],
     "Read as: Σₖ₌₁ᴷ (tₖ − aₖ)²/2   (wrote out the sum up to K = 3)", "= a₁ − t₁"),
    # a function declared in free form, then used as the course writes it
    (["f(x)(1 - f(x))", "--where", "f(x)=1/(1+exp(-x))"],
     "Read as: (1 − 1/(1 + e⁻ˣ))/(1 + e⁻ˣ)", "= σ(x)(1 − 2σ(x))(1 − σ(x))"),
    # σ given a value: σ(1 − σ) is a product, not σ applied to 1 − σ
    (["σ(1-σ)", "--where", "σ=sigmoid(z)"],
     "Read as: σ·(1 − σ)   (σ = σ(z) put in, as given)",
     "= σ·(1 − 2σ)(1 − σ)   (with σ = σ(z))"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "echo", "result"), LEARNERS, ids=[a[0][0] for a in LEARNERS])
def test_learners_formulas_are_read_as_meant_and_echoed(args, echo, result) -> None:
    outcome = runner.invoke(app, ["derive", *args])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.output.splitlines()
    assert lines[0] == echo
    if result is not None:
        assert lines[-1].endswith(result), lines[-1]


@pytest.mark.parametrize(
    ("formula", "caret", "fragment"),
    [
        ("tahn(x)", 0, "did you mean 'tanh'"),
        ("2 sigmod(z)", 2, "did you mean 'sigmoid'"),
        ("f(z) (1 - f(z))", 0, "declare it"),
        (r"\begin{cases} 1 & z > 0 \\ 0 & z > 1 \end{cases}", 31, "opposite of the first"),
    ],
)
def test_unreadable_formulas_are_refused_at_their_position(formula, caret, fragment) -> None:
    outcome = runner.invoke(app, ["derive", formula])
    assert outcome.exit_code == 2
    assert fragment in " ".join(outcome.output.split())
    assert "Traceback" not in outcome.output
    lines = outcome.output.splitlines()
    shown = lines.index(f"  {formula}")
    assert lines[shown + 1] == " " * (2 + caret) + "^"
