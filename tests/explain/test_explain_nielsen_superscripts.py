"""``explain --quantity`` reads Nielsen's bare layer superscripts as ``check`` does: ``w^3_{12}``
is the weight of layer 3, never a power. Expected values are PyTorch autograd's on the same
network (Nielsen's layers are numbered from 1, the input layer: w³ is the engine's second
weight matrix, from unit k of layer 2 to unit j of layer 3 at ``W[k - 1, j - 1]``)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.explain.examples import example


def _autograd() -> dict[str, float]:
    """∂C/∂w³₁₂, δ³₁ = ∂C/∂z³₁ and ∂C/∂a²₁ of Nielsen's 3-4-3-2 sigmoid example, by autograd."""
    torch = pytest.importorskip("torch")
    chosen = example("nielsen")
    (W1, W2, W3), (b1, b2, b3) = ([torch.tensor(getattr(layer, name)).requires_grad_(True)
                                  for layer in chosen.net.dense_layers] for name in ("W", "b"))
    a2 = torch.sigmoid(torch.tensor(chosen.x[0]) @ W1 + b1)
    a2.retain_grad()
    z3 = a2 @ W2 + b2
    z3.retain_grad()
    out = torch.sigmoid(torch.sigmoid(z3) @ W3 + b3)
    (0.5 * ((out - torch.tensor(chosen.y[0])) ** 2).sum()).backward()
    return {"w": float(W2.grad[1, 0]), "delta": float(z3.grad[0]), "a": float(a2.grad[0])}


@pytest.mark.parametrize(("asked", "key"), [
    ("w^3_{12}", "w"),
    ("w^{3}_{12}", "w"),
    ("w_{12}^3", "w"),
    (r"\delta^3_1", "delta"),
    ("δ^3_1", "delta"),
])
def test_a_bare_superscript_names_the_layer(asked: str, key: str) -> None:
    chosen = example("nielsen")
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, asked, notation="nielsen")
    assert explanation.gradient == pytest.approx(_autograd()[key], abs=1e-12)


def test_a_partial_with_bare_superscripts_is_read_and_echoed() -> None:
    chosen = example("nielsen")
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, "∂C/∂a^2_1", notation="nielsen")
    assert explanation.check.chain == pytest.approx(_autograd()["a"], abs=1e-12)
    text = explanation.to_text(width=300)
    assert "read a^2_1 as the activation a₁ of layer 2" in text


def test_the_cli_reads_a_bare_superscript() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "nielsen", "--quantity",
                                      "w^3_{12}"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("∂C/∂w₁₂⁽³⁾")


def test_other_notations_keep_a_superscript_a_power() -> None:
    """In LFD's notation ``w^3_{12}`` is no quantity's name: it is refused, never guessed."""
    chosen = example("lfd")
    with pytest.raises(cr.ConfigError, match="no quantity called"):
        cr.explain(chosen.net, chosen.x, chosen.y, "w^3_{12}", notation="lfd")
