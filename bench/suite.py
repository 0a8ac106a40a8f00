"""The benchmark run: every workload × every contender, then the CLI latencies and the report."""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from baselines import make_micrograd, make_sklearn, make_torch
from cli_latency import all_latencies, heavy_modules_of_help
from engines import Chainrule, Contender, Loop, Result
from layers import run_layers
from measure import PeakMemory, epoch_gemm_seconds, gemm_peak
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
    only: list[str] = field(default_factory=list)
    mnist: Path | None = None
    cli: bool = True
    output: Path = Path("RESULTS.md")


def _cpu_seconds() -> float:
    """User + system CPU time of this process and of the processes it waited for."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _limit_blas(threads: int) -> str:
    """Pin the BLAS pools that are already loaded (the environment did it for new ones)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return "environment variables only"
    threadpool_limits(limits=threads)
    return "threadpoolctl"


def _contenders(w: Workload, s: Settings) -> list[Contender]:
    """Every contender that is installed and applies to ``w``, chainrule last."""
    made = [
        make_torch(w, s.threads),
        make_sklearn(w, np.float32),
        None if s.quick else make_sklearn(w, np.float64),  # the slowest: full runs only
        Loop(w),
        make_micrograd(w),
        Chainrule(w),
    ]
    return [c for c in made if c is not None]


def _warm_up(contenders: list[Contender], results: dict[str, Result]) -> None:
    """One untimed epoch each, with its peak memory (a process-wide mark: one at a time)."""
    for contender in contenders:
        contender.restart_order()
        memory = PeakMemory()
        with memory.track():
            contender.epochs(1)
        results[contender.name].extra_mb = memory.extra_mb
        contender.restart_order()


def _measure(w: Workload, s: Settings) -> list[Result]:
    """Warm-up, then ``fit`` runs the timed epochs, the others' epochs between its own."""
    contenders = _contenders(w, s)
    results = {c.name: Result(c.name, w.name, note=c.note) for c in contenders}
    _warm_up(contenders, results)
    *others, chainrule = contenders
    interleaved = [c for c in others if c.name != "micrograd"]
    count = max(2, w.repeats // 3) if s.quick else w.repeats
    turn = [0]

    def between() -> None:  # the others, one epoch each, in a rotating order
        turn[0] += 1
        k = turn[0] % len(interleaved)
        for contender in interleaved[k:] + interleaved[:k]:
            times = contender.epochs(1)
            if turn[0] > 1:  # fit's first epoch also holds its input checks: not timed
                results[contender.name].epoch_times += times

    results[chainrule.name].epoch_times = chainrule.epochs(count + 1, between)[1:]
    for contender in others:
        if contender.name == "micrograd":  # ~1 s an epoch: a few, after the others
            contender.restart_order()
            results[contender.name].epoch_times = contender.epochs(1 if s.quick else 3)
    for contender in contenders:
        result = results[contender.name]
        result.accuracy = contender.accuracy()
        print(f"  {result.contender:<16} {result.seconds:9.4f} s/epoch", flush=True)
    return list(results.values())


def run_suite(s: Settings) -> None:
    started = time.perf_counter()
    pinning = _limit_blas(s.threads)
    peak = gemm_peak(repeats=3 if s.quick else 10)
    print(f"float32 GEMM peak: {peak / 1e9:.0f} GFLOP/s ({s.threads} threads, {pinning})")
    work = [w for w in workloads(s.quick, s.mnist) if not s.only or w.name in s.only]
    layer_lines = run_layers(s.only, 1 if s.quick else 5, s.threads)  # C1, C2, R1
    results: list[Result] = []
    gemm_alone = {}
    for w in work:
        print(f"{w.name}: {w.description} ({w.data_source}), batch {w.batch}", flush=True)
        gemm_alone[w.name] = epoch_gemm_seconds(w.sizes, len(w.x), w.batch)
        results += _measure(w, s)
    if not s.quick:
        peak = max(peak, gemm_peak())  # again at the end: the best rate seen is the peak
    latencies, heavy = [], []
    if s.cli:
        print("CLI latency ...", flush=True)
        repeats = 2 if s.quick else 5
        latencies = all_latencies(repeats)
        heavy = heavy_modules_of_help()
    goals = targets(work, results, peak, latencies, gemm_alone)
    mode = "quick (W2/W3 on 6 000 samples)" if s.quick else "full"
    counts = ", ".join(f"{w.name} {max(2, w.repeats // 3) if s.quick else w.repeats}"
                       for w in work)
    timing = (f"Seconds per epoch: median of the timed epochs ({counts}; micrograd "
              f"{1 if s.quick else 3}) after one warm-up epoch each; chainrule's `fit` runs "
              "the other contenders' epochs between its own (from its callback, not "
              f"counted), so all share the machine's noise alike; mode: {mode}; "
              "the whole run took "
              f"{time.perf_counter() - started:.0f} s ({_cpu_seconds():.0f} s of CPU).")
    sections = [
        ("Machine", machine_lines(s.threads, peak)),
        ("Seconds per epoch", [timing, "", *results_table(work, results, peak, gemm_alone)]),
        ("Targets of issues 6 (engine) and 16 (commands)", targets_table(goals)),
    ]
    if layer_lines:
        sections.append(("Layers beyond Dense (issue 15)", [
            "`bench/layers.py`: the `cnn` preset on the digits (C1) and on MNIST-shaped data "
            "(C2), the `rnn` preset on the adding problem (R1), against PyTorch CPU with the "
            "same weights, order, batches and threads; alternating epochs after a warm-up.",
            "", *layer_lines]))
    if s.cli:
        sections.append(("Command latency (whole processes)", latency_table(latencies, heavy)))
    for title, lines in sections:
        print(f"\n## {title}\n")
        print("\n".join(lines))
    header = ["# Benchmark results", "",
              "Written by `bench/run.py` (`./dev bench`); see `bench/README.md`."]
    write_results(s.output, header, sections)
    print(f"\nwritten: {s.output}")
