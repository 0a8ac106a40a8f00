"""Tables of the results, the targets of issue 6, and ``bench/RESULTS.md``."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from cli_latency import Latency
from engines import Result
from measure import epoch_flops
from workloads import Workload

OPTIMIZATIONS = Path(__file__).with_name("OPTIMIZATIONS.md")

# chainrule's time over PyTorch's, at most (issue 6)
TORCH_TARGETS = {"W1": 0.2, "W2": 0.8, "W3": 0.95, "W4": 0.2}


def _fmt(value: float | None, spec: str, none: str = "–") -> str:
    return none if value is None else format(value, spec)


def results_table(work: list[Workload], results: list[Result], peak: float,
                  gemm_alone: dict[str, float]) -> list[str]:
    """Markdown rows: seconds/epoch, ratios, GEMM bound and efficiency, accuracy, memory."""
    lines = [
        "| workload | contender | s/epoch | × PyTorch | × NumPy loop | GEMM bound s "
        "| efficiency | GEMMs alone s | test acc | peak extra MB | note |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for w in work:
        mine = [r for r in results if r.workload == w.name]
        by = {r.contender: r for r in mine}
        bound = epoch_flops(w.sizes, len(w.x)) / peak
        for r in mine:
            torch = by.get("PyTorch")
            loop = by.get("NumPy loop")
            lines.append(
                f"| {w.name} | {r.contender} | {r.seconds:.4g} "
                f"| {_fmt(r.seconds / torch.seconds if torch else None, '.3f')} "
                f"| {_fmt(r.seconds / loop.seconds if loop else None, '.3f')} "
                f"| {bound:.3g} | {bound / r.seconds:.0%} | {gemm_alone[w.name]:.3g} "
                f"| {_fmt(r.accuracy, '.3f')} | {_fmt(r.extra_mb, '.0f')} | {r.note} |"
            )
    return lines


@dataclass
class Target:
    what: str
    measured: str
    target: str
    met: bool | None  # None: could not be measured


def targets(work: list[Workload], results: list[Result], peak: float,
            latencies: list[Latency], gemm_alone: dict[str, float]) -> list[Target]:
    """Every target of issue 6, with the measured value."""
    found = {(r.workload, r.contender): r for r in results}
    rows = []
    for w in work:
        mine, loop = found.get((w.name, "chainrule")), found.get((w.name, "NumPy loop"))
        if mine and loop:
            ratio = mine.seconds / loop.seconds
            rows.append(Target(f"{w.name}: chainrule / NumPy loop", f"{ratio:.3f}", "≤ 1.10",
                               ratio <= 1.10))
        torch = found.get((w.name, "PyTorch"))
        if mine and torch and w.name in TORCH_TARGETS:
            ratio = mine.seconds / torch.seconds
            limit = TORCH_TARGETS[w.name]
            rows.append(Target(f"{w.name}: chainrule / PyTorch", f"{ratio:.3f}", f"≤ {limit}",
                               ratio <= limit))
        if mine and w.name == "W3":
            efficiency = epoch_flops(w.sizes, len(w.x)) / peak / mine.seconds
            rows.append(Target("W3: share of the GEMM bound", f"{efficiency:.0%}", "≥ 90%",
                               efficiency >= 0.9))
            own = gemm_alone[w.name] / mine.seconds
            rows.append(Target("W3: share of its GEMMs timed alone (same shapes; information)",
                               f"{own:.0%}", "–", None))
            if torch:
                floor = gemm_alone[w.name] / torch.seconds
                rows.append(Target("W3: its GEMMs timed alone / PyTorch's epoch (information: "
                                   "the floor of any NumPy code)", f"{floor:.3f}", "–", None))
        if mine and w.name == "W2":
            extra = mine.extra_mb
            rows.append(Target(
                "W2: peak memory", f"data {w.data_mb:.0f} MB + {_fmt(extra, '.0f', '?')} MB",
                "≤ data + 100 MB", None if extra is None else extra <= 100))
        micro = found.get((w.name, "micrograd"))
        if mine and micro:
            speedup = micro.seconds / mine.seconds
            rows.append(Target("T0: micrograd / chainrule", f"{speedup:.0f}×", "≥ 1000×",
                               speedup >= 1000))
    for latency in latencies:
        if latency.target is None:
            continue
        measured = (latency.status if latency.seconds is None
                    else f"{latency.seconds:.3f} s (CPU {_fmt(latency.cpu, '.3f')} s)")
        met = None if latency.seconds is None else latency.seconds <= latency.target
        rows.append(Target(latency.label, measured, f"≤ {latency.target} s", met))
    return rows


def targets_table(rows: list[Target]) -> list[str]:
    mark = {True: "met", False: "**NOT met**", None: "–"}
    lines = ["| target | measured | goal | |", "|---|---:|---:|---|"]
    lines += [f"| {t.what} | {t.measured} | {t.target} | {mark[t.met]} |" for t in rows]
    return lines


def latency_table(rows: list[Latency], heavy: list[str]) -> list[str]:
    lines = ["Median of the rounds after a warm-up round; CPU is user + system time of the process "
             "and the children it waited for (what it takes alone on an idle core); the wall "
             "clock adds what other work on the machine took meanwhile.", "",
             "| process | median wall s | median CPU s | target s | status |",
             "|---|---:|---:|---:|---|"]
    lines += [f"| {r.label} | {_fmt(r.seconds, '.3f')} | {_fmt(r.cpu, '.3f')} "
              f"| {_fmt(r.target, 'g')} | {r.status} |" for r in rows]
    lines.append("")
    lines.append("Heavy packages imported by `chainrule --help`: "
                 + (", ".join(heavy) if heavy else "none") + ".")
    return lines


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_lines(threads: int, peak: float) -> list[str]:
    """The machine, the versions and the BLAS in use."""
    cpu = platform.processor() or platform.machine()
    try:
        names = [ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        f"- machine: {cpu}, {usable} usable cores, {platform.system()} {platform.release()}",
        f"- threads per contender: {threads}",
        f"- Python {sys.version.split()[0]}; "
        + ", ".join(f"{p} {_version(p)}" for p in
                    ("chainrule", "numpy", "torch", "scikit-learn", "micrograd")),
        f"- measured float32 GEMM peak (2048³): {peak / 1e9:.0f} GFLOP/s",
    ]
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            lines.append(f"- BLAS: {pool.get('internal_api')} {pool.get('version')} "
                         f"({pool.get('architecture')}, {pool.get('num_threads')} threads, "
                         f"{Path(pool.get('filepath', '')).name})")
    except ImportError:
        lines.append("- BLAS: unknown (threadpoolctl not installed)")
    return lines


def write_results(path: Path, header: list[str], sections: list[tuple[str, list[str]]]) -> None:
    """``RESULTS.md``: the header, the measured sections, then the optimization log."""
    text = header[:]
    for title, lines in sections:
        text += ["", f"## {title}", "", *lines]
    if OPTIMIZATIONS.exists():
        text += ["", OPTIMIZATIONS.read_text().rstrip()]
    path.write_text("\n".join(text) + "\n")
