"""Latency of the interactive commands, measured as whole processes (wall clock, median).

A command whose module (``src/chainrule/cli/<name>.py``) does not exist yet is reported as
"not yet available"; one that exits with an error is reported with its exit code, and the
benchmark goes on.
"""

from __future__ import annotations

import importlib.util
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HEAVY = ("sympy", "matplotlib", "torch", "sklearn", "scipy")
SLOW = 5.0  # seconds


@dataclass
class Latency:
    label: str
    seconds: float | None  # median wall time; None when not measured
    status: str = "ok"  # "ok", "not yet available", "failed (exit 2): ..."
    target: float | None = None


def _chainrule_command() -> list[str]:
    script = Path(sys.executable).with_name("chainrule")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from chainrule.cli import main; main()"]


def _wall(argv: list[str], repeats: int) -> tuple[float | None, str]:
    """Median wall time of ``argv`` over ``repeats`` runs after a warm-up run (the file
    cache); a command slower than ``SLOW`` seconds is timed once."""
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or [""])[-1][:120]
            return None, f"failed (exit {done.returncode}): {last}"
        if times[0] > SLOW:
            return times[0], "ok (slow: timed once)"
    return statistics.median(times[1:]), "ok"


def _command_available(name: str) -> bool:
    return importlib.util.find_spec(f"chainrule.cli.{name}") is not None


def _w3_model(folder: Path) -> Path:
    """A W3 network (784-512-512-512-10 ReLU) saved for ``explain``."""
    import chainrule as cr

    layers: list[object] = []
    sizes = (784, 512, 512, 512, 10)
    for k, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        layers += [cr.Dense(n_in, n_out, init="he")] + ([cr.ReLU()] if k < 3 else [])
    path = folder / "w3.npz"
    cr.Network(layers, loss=cr.SoftmaxCrossEntropy(), dtype="float32", seed=0).save(str(path))
    return path


def _commands(model: Path) -> list[tuple[str, str | None, list[str], float]]:
    """``(label, module or None, arguments, target seconds)`` of each measured command."""
    return [
        ("chainrule --help", None, ["--help"], 0.25),
        ("chainrule derive", "derive", ["derive", "tanh(w*x+b)^2", "--wrt", "w"], 1.0),
        ("chainrule check (seed 000's claim)", "check",
         ["check", "2(x-y)(1-x^2)", "--of", "(x-y)^2", "--wrt", "s", "--where", "x=tanh(s)"],
         1.0),
        ("chainrule explain (one weight of W3)", "explain",
         ["explain", "--model", str(model), "--weight", "w_12^(2)"], 1.0),
    ]


def command_latencies(repeats: int) -> list[Latency]:
    results = []
    base = _chainrule_command()
    with tempfile.TemporaryDirectory() as folder:
        model = _w3_model(Path(folder))
        for label, module, arguments, target in _commands(model):
            if module is not None and not _command_available(module):
                results.append(Latency(label, None, "not yet available", target))
                continue
            seconds, status = _wall(base + arguments, repeats)
            results.append(Latency(label, seconds, status, target))
    return results


def import_latencies(repeats: int) -> list[Latency]:
    """Interpreter start alone, then ``import chainrule`` and ``import chainrule.cli``."""
    python = [sys.executable, "-c"]
    return [
        Latency("python -c pass (interpreter alone)", *_wall([*python, "pass"], repeats)),
        Latency("import chainrule", *_wall([*python, "import chainrule"], repeats)),
        Latency("import chainrule.cli", *_wall([*python, "import chainrule.cli"], repeats)),
    ]


def heavy_modules_of_help() -> list[str]:
    """Heavy packages imported by ``chainrule --help`` (should be none)."""
    code = (
        "import sys\nsys.argv = ['chainrule', '--help']\nfrom chainrule.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    lines = done.stderr.strip().splitlines()
    return lines[-1].split() if lines else []
