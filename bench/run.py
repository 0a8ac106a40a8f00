"""Benchmark chainrule against PyTorch, scikit-learn, a hand-written NumPy loop and micrograd.

Usage (from the repository root)::

    ./dev bench            # full run (a few minutes), writes bench/RESULTS.md
    ./dev bench --quick    # under a minute: W2/W3 on 6 000 samples, fewer repeats

Every contender runs in this one process, one after the other, on the same data, with the
same thread count, initial weights, batch size, learning rate and (where it can be given)
sample order. Each trains warm-up epochs, then the median of the timed epochs is reported.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, few repeats (< 1 min)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for BLAS and PyTorch (default: the usable cores; "
                             "1 with --quick)")
    parser.add_argument("--only", default="", help="comma-separated workloads, e.g. W1,W4")
    parser.add_argument("--mnist", type=Path, default=None, help="folder of MNIST IDX files")
    parser.add_argument("--skip-cli", action="store_true", help="skip the CLI latency part")
    parser.add_argument("--output", type=Path, default=None,
                        help="results file (default bench/RESULTS.md, RESULTS-quick.md if quick)")
    return parser.parse_args()


def _pin_threads(threads: int) -> None:
    """Thread counts for every BLAS/OpenMP runtime; must run before NumPy is imported."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)


def main() -> None:
    args = _arguments()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    # quick: one thread, whose time does not collapse when other work takes a core (with two
    # threads on a busy 2-core machine a W1 epoch took 4-5× longer)
    threads = args.threads or (1 if args.quick else usable) or 1
    _pin_threads(threads)
    sys.path.insert(0, str(Path(__file__).parent))
    from suite import Settings, run_suite

    default = "RESULTS-quick.md" if args.quick else "RESULTS.md"
    settings = Settings(
        quick=args.quick, threads=threads,
        only=[name.strip() for name in args.only.split(",") if name.strip()],
        mnist=args.mnist, cli=not args.skip_cli,
        output=args.output or Path(__file__).with_name(default),
    )
    run_suite(settings)


if __name__ == "__main__":
    main()
