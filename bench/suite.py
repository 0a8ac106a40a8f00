"""The benchmark run: every workload × every contender, then the CLI latencies and the report."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from baselines import make_micrograd, make_sklearn, make_torch
from cli_latency import command_latencies, heavy_modules_of_help, import_latencies
from engines import Chainrule, Contender, Loop, Result
from measure import PeakMemory, gemm_peak
from report import (
    latency_table,
    machine_lines,
    results_table,
    targets,
    targets_table,
    write_results,
)
from workloads import Workload, workloads


@dataclass
class Settings:
    quick: bool
    threads: int
    warmup: int
    rounds: int
    only: list[str] = field(default_factory=list)
    mnist: Path | None = None
    cli: bool = True
    output: Path = Path("RESULTS.md")


def _limit_blas(threads: int) -> str:
    """Pin the BLAS pools that are already loaded (the environment did it for new ones)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return "environment variables only"
    threadpool_limits(limits=threads)
    return "threadpoolctl"


def _contenders(w: Workload, s: Settings) -> list[Contender]:
    """Every contender that is installed and applies to ``w``."""
    made = [
        make_torch(w, s.threads),
        make_sklearn(w, np.float32),
        make_sklearn(w, np.float64),
        Loop(w),
        Chainrule(w),
        make_micrograd(w),
    ]
    return [c for c in made if c is not None]


def _measure(w: Workload, s: Settings) -> list[Result]:
    """Rounds of (warm-up + timed) epochs, contenders interleaved and rotated each round."""
    contenders = _contenders(w, s)
    results = {c.name: Result(c.name, w.name, note=c.note) for c in contenders}
    repeats = max(1, w.repeats // 2) if s.quick else w.repeats
    for round_ in range(s.rounds):
        turn = round_ % len(contenders)
        for contender in contenders[turn:] + contenders[:turn]:
            result = results[contender.name]
            count = 1 if contender.name == "micrograd" else repeats  # ~1 s per epoch
            memory = PeakMemory()
            with memory.track():
                result.epoch_times += contender.epochs(s.warmup + count)[s.warmup:]
            if memory.extra_mb is not None:
                result.extra_mb = max(result.extra_mb or 0.0, memory.extra_mb)
    for contender in contenders:
        result = results[contender.name]
        result.accuracy = contender.accuracy()
        print(f"  {result.contender:<16} {result.seconds:9.4f} s/epoch", flush=True)
    return list(results.values())


def run_suite(s: Settings) -> None:
    started = time.perf_counter()
    pinning = _limit_blas(s.threads)
    peak = gemm_peak()
    print(f"float32 GEMM peak: {peak / 1e9:.0f} GFLOP/s ({s.threads} threads, {pinning})")
    work = [w for w in workloads(s.quick, s.mnist) if not s.only or w.name in s.only]
    results: list[Result] = []
    for w in work:
        print(f"{w.name}: {w.description} ({w.data_source}), batch {w.batch}", flush=True)
        results += _measure(w, s)
    peak = max(peak, gemm_peak())  # again at the end: the best rate seen is the peak
    latencies, heavy = [], []
    if s.cli:
        print("CLI latency ...", flush=True)
        repeats = 3 if s.quick else 5
        latencies = import_latencies(repeats) + command_latencies(repeats)
        heavy = heavy_modules_of_help()
    goals = targets(work, results, peak, latencies)
    mode = "quick (W2/W3 on 6 000 samples)" if s.quick else "full"
    timing = (f"Seconds per epoch: median over {s.rounds} round(s) of {s.warmup} warm-up + "
              "k timed epochs per contender (k per workload: W1 8, W2 3, W3 2, W4 30, T0 30; "
              f"micrograd 1; halved in quick mode), contenders interleaved; mode: {mode}; "
              "the whole run took "
              f"{time.perf_counter() - started:.0f} s.")
    sections = [
        ("Machine", machine_lines(s.threads, peak)),
        ("Seconds per epoch", [timing, "", *results_table(work, results, peak)]),
        ("Targets of issue 6", targets_table(goals)),
    ]
    if s.cli:
        sections.append(("Command latency (whole processes)", latency_table(latencies, heavy)))
    for title, lines in sections:
        print(f"\n## {title}\n")
        print("\n".join(lines))
    header = ["# Benchmark results", "",
              "Written by `bench/run.py` (`./dev bench`); see `bench/README.md`."]
    write_results(s.output, header, sections)
    print(f"\nwritten: {s.output}")
