"""Latency of the interactive commands, measured as whole processes (medians of wall clock
and of CPU time).

Each process is timed by the wall clock and by its CPU time (user + system, of the process
and of the children it waited for: ``check`` confirms in a forked child). On a machine shared
with other work the wall clock grows with the load; the CPU time does not, and is what the
process would take alone on an idle core. Processes are run in rounds (one run of each, then
again), so that a busy moment slows all of them alike.

A command whose module (``src/chainrule/cli/<name>_command.py``) does not exist yet is reported as
"not yet available"; one that exits with an error is reported with its exit code, and the
benchmark goes on. Run alone: ``python bench/cli_latency.py [repeats]``.
"""

from __future__ import annotations

import importlib.util
import itertools
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HEAVY = ("sympy", "matplotlib", "torch", "sklearn", "scipy")
SLOW = 5.0  # seconds: a slower process is timed once


@dataclass
class Latency:
    label: str
    seconds: float | None  # median wall time; None when not measured
    status: str = "ok"  # "ok", "not yet available", "failed (exit 2): ..."
    target: float | None = None
    cpu: float | None = None  # median CPU seconds (user + system, with waited-for children)


@dataclass
class _Process:
    label: str
    argv: list[str] | None  # None: not available
    target: float | None = None
    status: str = "ok"


def _chainrule_command() -> list[str]:
    script = Path(sys.executable).with_name("chainrule")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from chainrule.cli import main; main()"]


def _once(argv: list[str]) -> tuple[float, float, str | None]:
    """Wall and CPU seconds of one run; an error message when it failed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [""])[-1][:120]
        return wall, cpu, f"failed (exit {done.returncode}): {last}"
    return wall, cpu, None


def _measure(processes: list[_Process], repeats: int) -> list[Latency]:
    """Median wall and CPU time of each process over ``repeats`` rounds, after a warm-up
    round (the file cache); a process slower than ``SLOW`` seconds is timed once."""
    walls: dict[str, list[float]] = {p.label: [] for p in processes}
    cpus: dict[str, list[float]] = {p.label: [] for p in processes}
    for round_ in range(repeats + 1):
        for p in processes:
            if p.argv is None or p.status != "ok" or (round_ > 1 and walls[p.label][0] > SLOW):
                continue
            wall, cpu, failure = _once(p.argv)
            if failure:
                p.status = failure
            elif round_ > 0 or wall > SLOW:
                walls[p.label].append(wall)
                cpus[p.label].append(cpu)
    results = []
    for p in processes:
        timed = walls[p.label]
        if p.argv is None or p.status != "ok" or not timed:
            results.append(Latency(p.label, None, p.status, p.target))
            continue
        status = "ok (slow: timed once)" if len(timed) == 1 and repeats > 1 else "ok"
        results.append(Latency(p.label, statistics.median(timed), status, p.target,
                               statistics.median(cpus[p.label])))
    return results


def _command_available(name: str) -> bool:
    return importlib.util.find_spec(f"chainrule.cli.{name}_command") is not None


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
    """``(label, module or None, arguments, target seconds)`` of each measured command; the
    targets are issue 16's."""
    return [
        ("chainrule --help", None, ["--help"], 0.25),
        ("chainrule derive", "derive", ["derive", "tanh(w*x+b)^2", "--wrt", "w"], 0.5),
        ("chainrule check (LFD's tanh claim)", "check",
         ["check", "2(x-y)(1-x^2)", "--of", "(x-y)^2", "--wrt", "s", "--where", "x=tanh(s)"],
         0.5),
        ("chainrule check (CS231n's dW₂ = a₁ᵀ dz₂, proven)", "check",
         ["check", "dW_2 = a_1^T dz_2", "--example", "cs231n"], 1.0),
        ("chainrule explain (one weight of W3)", "explain",
         ["explain", "--model", str(model), "--weight", "w_12^(2)"], 0.7),
    ]


def _floors() -> list[_Process]:
    """The interpreter alone, the imports no command can avoid, and chainrule's own."""
    python = [sys.executable, "-c"]
    return [
        _Process("python -c pass (interpreter alone)", [*python, "pass"]),
        _Process("import numpy", [*python, "import numpy"]),
        _Process("import sympy (the floor of derive and check)", [*python, "import sympy"]),
        # the same with the GC settings of the `chainrule` script (chainrule.cli.main)
        _Process("import sympy, with the script's GC settings",
                 [*python, "import gc; gc.set_threshold(50_000, *gc.get_threshold()[1:]); "
                           "import sympy; gc.freeze()"]),
        _Process("import chainrule", [*python, "import chainrule"]),
        _Process("import chainrule.cli", [*python, "import chainrule.cli"]),
    ]


def all_latencies(repeats: int) -> list[Latency]:
    """The floors, then every command, measured together in rounds."""
    base = _chainrule_command()
    with tempfile.TemporaryDirectory() as folder:
        model = _w3_model(Path(folder))
        processes = _floors()
        for label, module, arguments, target in _commands(model):
            if module is not None and not _command_available(module):
                processes.append(_Process(label, None, target, "not yet available"))
            else:
                processes.append(_Process(label, base + arguments, target))
        return _measure(processes, repeats)


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


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for r in all_latencies(repeats):
        wall = "–" if r.seconds is None else f"{r.seconds:.3f}"
        cpu = "–" if r.cpu is None else f"{r.cpu:.3f}"
        goal = "" if r.target is None else f"(≤ {r.target} s)"
        print(f"{r.label:<46} wall {wall:>6} s  CPU {cpu:>6} s  {goal} {r.status}")
    print("heavy packages imported by --help:", " ".join(heavy_modules_of_help()) or "none")


if __name__ == "__main__":
    main()
