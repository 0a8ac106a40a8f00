"""`chainrule demo`: the CS231n example's network on moons, end to end, in a few seconds."""

from __future__ import annotations

from pathlib import Path

from chainrule.cli.training_run import TrainingRun, console, say

DEMO_OPTIONS = {
    "data": "moons", "n": 2000, "noise": 0.2, "hidden": "500", "activation": "tanh",
    "loss": "softmax_cross_entropy", "init": "he", "optimizer": "momentum", "lr": 0.05,
    "schedule": "cosine", "batch_size": 32, "seed": 0, "dtype": "float64", "test_size": 0.25,
    "standardize": True, "validation_split": 0.1,
}


def run_demo(output: Path, epochs: int) -> None:
    from chainrule.check.gradcheck import gradcheck

    say("[bold]chainrule demo[/]: the CS231n example's net — z₁ = xW₁ + b₁, a₁ = tanh(z₁), "
        "z₂ = a₁W₂ + b₂, ŷ = softmax(z₂), mean cross-entropy — on 2000 moons (noise 0.2)")
    run = TrainingRun.from_options(epochs=epochs, **DEMO_OPTIONS)
    run.train_with_progress()
    run.print_metrics()
    report = gradcheck(run.network, run.x_test[:8], run.y_test[:8], max_entries=50)
    console.print(str(report), markup=False)
    _explain_one(run)
    _write_pictures(run, output, report)


def _explain_one(run: TrainingRun) -> None:
    from chainrule.explain import explain_for_demo

    text = explain_for_demo(run.network, run.x_test[:1], run.y_test[:1], width=console.width)
    console.print(text, markup=False, soft_wrap=True)


def _write_pictures(run: TrainingRun, output: Path, report: object) -> None:
    from chainrule.explain.demo import NOTATION
    from chainrule.viz import write_demo_outputs

    for description, path in write_demo_outputs(run, output, gradient_check=report,
                                                notation=NOTATION):
        say(f"wrote {description}: {path}")
