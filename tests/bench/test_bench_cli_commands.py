"""The command-latency benchmark measures every command it names: a command module renamed
without the benchmark would be reported as "not yet available" and silently left out."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from cli_latency import _command_available, _commands


def test_every_measured_command_has_its_module(tmp_path: Path) -> None:
    modules = [module for _, module, _, _ in _commands(tmp_path / "w3.npz") if module]
    assert modules == ["derive", "check", "check", "explain"]  # check: a free claim, a proof
    assert all(_command_available(module) for module in modules)
