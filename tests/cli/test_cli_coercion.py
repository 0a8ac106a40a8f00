"""Option values already of their type skip Typer's pydantic coercion and come out exactly as
Typer's own coercion makes them; every other value is still Typer's to read and refuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from chainrule.cli import app
from chainrule.cli._coercion import take_values_as_given

runner = CliRunner()

_VALUES = {  # per option: defaults, values as typed, values Typer refuses
    "text": ["w_12^(2)", "", "-3", None],
    "count": [3, 0, -2, "7", " 8 ", "x", None],
    "digits": [6, 1, 17, 0, 18, "5", "40", None],
    "rate": [0.5, 1, "1e-3", "abc", None],
    "flag": [True, False, None],
    "names": [("x=tanh(s)", "a=b"), [], ("only",), None],
    "path": ["model.npz", "", "-", Path("m.npz"), None],
}


def _command() -> Any:
    """A fresh Typer command with one option of each kind the CLI uses (Typer keeps each
    option's coercion on the option)."""
    local = typer.Typer()

    @local.command()
    def run(text: str | None = typer.Option(None), count: int = typer.Option(3),
            digits: int = typer.Option(6, min=1, max=17),
            rate: float | None = typer.Option(None),
            flag: bool | None = typer.Option(None, "--flag/--no-flag"),
            names: list[str] = typer.Option([]),
            path: Path | None = typer.Option(None)) -> None:
        """Nothing."""

    @local.command()
    def other() -> None:
        """A second command, so that ``run`` keeps its name."""

    return typer.main.get_command(local).commands["run"]


def _coerced(command: Any, name: str, value: Any) -> tuple[str, Any]:
    """What the option makes of ``value``: ("value", result) or ("error", message)."""
    param = next(p for p in command.params if p.name == name)
    try:
        return "value", param.process_value(typer.Context(command), value)
    except typer.BadParameter as error:
        return "error", error.format_message()


@pytest.mark.parametrize("name", list(_VALUES))
def test_values_come_out_as_typers_own_coercion_makes_them(name: str, tmp_path: Path,
                                                           monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.npz").write_bytes(b"")
    typers, ours = _command(), _command()
    take_values_as_given(ours.params)
    assert all(type(p._runtime_param).__name__ == "_TakenAsGiven" for p in ours.params)
    for value in _VALUES[name]:
        expected, got = _coerced(typers, name, value), _coerced(ours, name, value)
        assert got == expected, (name, value)
        assert type(got[1]) is type(expected[1]), (name, value)


def test_a_number_out_of_its_range_is_still_refused() -> None:
    for digits in ("0", "18", "six"):
        result = runner.invoke(app, ["explain", "--example", "lfd", "--digits", digits])
        assert result.exit_code == 2, result.output
        assert "--digits" in result.output and "Traceback" not in result.output


def test_a_typed_model_path_is_read_as_a_path(tmp_path: Path) -> None:
    missing = tmp_path / "none.npz"
    result = runner.invoke(app, ["explain", "--model", str(missing), "--weight", "w_11^(2)"])
    assert result.exit_code == 2
    assert f"no model file at {missing}" in " ".join(result.output.split())
