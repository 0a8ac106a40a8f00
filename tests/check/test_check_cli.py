"""`chainrule check` through the CLI runner: output and exit codes 0 / 1 / 2."""

from __future__ import annotations

from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def test_correct_free_form_exits_0() -> None:
    result = runner.invoke(app, ["check", "2(x-y)(1-x^2)", "--of", "(x-y)^2", "--wrt", "s",
                                 "--where", "x=tanh(s)"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("correct: ∂/∂s [(x − y)²] = 2(x − y)(1 − x²)\n")


def test_incorrect_seed_003_exits_1_with_counterexample() -> None:
    result = runner.invoke(app, ["check", "2h", "--of", "(y-h)^2", "--wrt", "h"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("incorrect: 2h is not ∂/∂h [(y − h)²]\n")
    assert "counterexample at h = " in result.output
    assert "correct: ∂/∂h [(y − h)²] = 2(h − y)" in result.output


def test_network_form_seed_000_exits_0() -> None:
    result = runner.invoke(app, ["check", r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)",
                                 "--example", "lfd"])
    assert result.exit_code == 0, result.output


def test_check_agrees_with_explain_on_seed_004_s_dz2() -> None:
    explained = runner.invoke(app, ["explain", "--example", "cs231n"])
    assert "dz₂ = (ŷ − y)/N" in explained.output
    args = ["check", r"dz_2 = (\hat{y} - y)/N", "--example", "cs231n"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "given Σ y = 1: the targets are class labels" in result.output
    assert runner.invoke(app, [*args, "--sum-to-one", "y"]).exit_code == 0
    per_sample = ["check", r"dz_2 = \hat{y} - y", "--example", "cs231n"]
    accepted = runner.invoke(app, per_sample)  # right for one sample's loss: the convention
    assert accepted.exit_code == 0
    assert "correct for one sample's loss" in accepted.output
    refused = runner.invoke(app, [*per_sample, "--batch-mean"])
    assert refused.exit_code == 1
    assert "1/N of the mean over N samples is missing" in refused.output


def test_unparsable_claim_exits_2_without_traceback() -> None:
    result = runner.invoke(app, ["check", "2(x-", "--of", "(x-y)^2", "--wrt", "x"])
    assert result.exit_code == 2
    assert "error:" in result.output
    assert "Traceback" not in result.output


def test_hostile_input_is_refused_not_run(tmp_path) -> None:
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path('{marker}').touch()"
    result = runner.invoke(app, ["check", code, "--of", "x^2", "--wrt", "x"])
    assert result.exit_code == 2
    assert "error:" in result.output
    assert not marker.exists()


def test_missing_wrt_exits_2() -> None:
    result = runner.invoke(app, ["check", "2x", "--of", "x^2"])
    assert result.exit_code == 2
    assert "--wrt" in result.output


def test_network_form_seed_003_wrong_claim_exits_1_with_diagnosis() -> None:
    result = runner.invoke(app, ["check", "∂J/∂w_12^(2) = 2h_1^(3) h_2^(2)", "--example",
                                 "seed003"])
    assert result.exit_code == 1, result.output
    assert "depends on y₁; the claim does not" in result.output
    assert "correct: ∂J/∂w₁₂⁽²⁾ = 2h₂⁽²⁾(h₁⁽³⁾ − y₁)" in result.output


def test_network_form_seed_001_literal_exits_0() -> None:
    claim = (r"\frac{\partial C_0}{\partial a_j^{(L-m)}} = \sum_i "
             r"\frac{\partial C_0}{\partial a_i^{(L-m+1)}} "
             r"\frac{\partial a_i^{(L-m+1)}}{\partial z_i^{(L-m+1)}} "
             r"\frac{\partial z_i^{(L-m+1)}}{\partial a_j^{(L-m)}}")
    result = runner.invoke(app, ["check", claim, "--example", "nielsen", "--notation",
                                 "nielsen"])
    assert result.exit_code == 0, result.output
    assert "∂C₀/∂a⁽ᴸ⁻ᵐ⁺¹⁾ given" in result.output


def test_network_form_with_a_saved_model_and_a_notation(tmp_path) -> None:
    import chainrule as cr

    path = tmp_path / "net.npz"
    cr.Network([cr.Dense(2, 3), cr.Sigmoid(), cr.Dense(3, 1), cr.Sigmoid()],
               loss=cr.HalfSumSquaredError(), seed=1).save(str(path))
    claim = r"\delta_j^{(l)} = a_j^{(l)}(1-a_j^{(l)}) \sum_k w_{kj}^{(l+1)} \delta_k^{(l+1)}"
    result = runner.invoke(app, ["check", claim, "--model", str(path), "--notation", "nielsen"])
    assert result.exit_code == 0, result.output
    wrong = runner.invoke(app, ["check", claim.replace("a_j^{(l)}(1-a_j^{(l)})", ""),
                                "--model", str(path), "--notation", "nielsen"])
    assert wrong.exit_code == 1
    assert "activation-derivative factor" in wrong.output


def test_network_form_notation_alone_and_custom_symbols() -> None:
    assert runner.invoke(app, ["check", r"\delta_k = o_k(1-o_k)(t_k-o_k)",
                               "--notation", "mitchell"]).exit_code == 0
    claim = r"\partial J/\partial w_{jk}^{(l)} = h_k^{(l-1)} \delta_j^{(l)}"
    result = runner.invoke(app, ["check", claim, "--example", "lfd", "--notation", "custom",
                                 "--symbols", "loss=J,post=h,pre=z"])
    assert result.exit_code == 0, result.output


def test_network_form_errors_exit_2() -> None:
    both = runner.invoke(app, ["check", "delta_1^(L) = 1", "--example", "lfd", "--model", "m"])
    assert both.exit_code == 2 and "give one network" in both.output
    mixed = runner.invoke(app, ["check", "delta_1^(L) = 1", "--example", "lfd", "--wrt", "s"])
    assert mixed.exit_code == 2 and "either" in mixed.output
    unknown = runner.invoke(app, ["check", "delta_1^(L) = 1", "--example", "seed999"])
    assert unknown.exit_code == 2 and "Traceback" not in unknown.output
