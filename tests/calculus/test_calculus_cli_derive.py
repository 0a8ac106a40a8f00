"""`chainrule derive` through the CLI runner: output, formats, exit codes, no tracebacks."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from chainrule.cli import app

runner = CliRunner()


def _run(*args: str) -> Result:
    return runner.invoke(app, ["derive", *args])


def test_sigmoid_through_named_inner_functions() -> None:
    result = _run("1/(1+exp(-x))")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "f(g) = 1/g, g(x) = 1 + e⁻ˣ" in out
    assert "h(x) = −x" in out and "g(h) = " in out
    assert "e⁻ˣ/(1 + e⁻ˣ)²" in out
    assert out.rstrip().endswith("= σ(x)(1 − σ(x))")
    assert out.index("e⁻ˣ/(1 + e⁻ˣ)²") < out.index("σ(x)(1 − σ(x))")


def test_tanh() -> None:
    result = _run("tanh(s)")
    assert result.exit_code == 0
    assert result.output.rstrip().endswith("= 1 − tanh²(s)")


def test_squared_error_with_where() -> None:
    result = _run("(tanh(s) - y)^2", "--wrt", "s", "--where", "x=tanh(s)")
    assert result.exit_code == 0, result.output
    last = result.output.rstrip().splitlines()[-1]
    assert last == "Result: ∂/∂s [(tanh(s) − y)²] = 2(x − y)(1 − x²)   (with x = tanh(s))"


def test_softmax_components_give_both_jacobian_cases() -> None:
    same = _run("softmax_1(z_1, z_2)", "--wrt", "z_1")
    other = _run("softmax_1(z_1, z_2)", "--wrt", "z_2")
    assert same.exit_code == other.exit_code == 0
    assert "i = j" in same.output
    assert same.output.rstrip().endswith("= softmax₁(z₁, z₂)(1 − softmax₁(z₁, z₂))")
    assert "i ≠ j" in other.output
    assert other.output.rstrip().endswith("= −softmax₁(z₁, z₂)·softmax₂(z₁, z₂)")


def test_latex_and_markdown_formats() -> None:
    latex = _run("tanh(s)", "--format", "latex")
    assert latex.exit_code == 0
    assert latex.output.startswith("\\begin{align*}")
    assert "1 - \\tanh^{2}\\left(s\\right)" in latex.output
    markdown = _run("sigmoid(x)", "-f", "markdown")
    assert markdown.exit_code == 0
    expected = "= \\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)$"
    assert expected in markdown.output


def test_bad_input_exits_2_with_the_message_and_no_traceback() -> None:
    cases = [
        (["tahn(x)"], "did you mean 'tanh'"),
        (["x*y"], "choose one of x, y"),
        (["x", "--format", "pdf"], "must be one of latex, markdown, text"),
        (["x", "--where", "a"], "NAME=EXPR"),
        (["__import__('os')"], "error:"),
        (["9^9^9^9"], "exponent too large"),
        (["d/dx (x^2)"], "d/dx is the operator"),  # once printed d/dx[x³]
        (["\\sqrt[x]{x}"], "degree of a root"),
    ]
    for args, message in cases:
        result = _run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output
        assert "Traceback" not in result.output


def test_a_cube_root_is_derived_as_a_power() -> None:
    """By hand: d/dx x^(1/3) = (1/3) x^(-2/3)."""
    result = _run("\\sqrt[3]{x}")
    assert result.exit_code == 0, result.output
    assert "power rule" in result.output
    assert result.output.rstrip().endswith("= 1/(3x^(2/3))")
