"""`chainrule demo`, all of it: the CS231n example's network trained on moons, its gradient
checked, one weight's gradient explained, and the report and pictures written, in seconds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainrule.cli.training_run import TrainingRun, console, say

DEMO_OPTIONS = {
    "data": "moons", "n": 2000, "noise": 0.2, "hidden": "500", "activation": "tanh",
    "loss": "softmax_cross_entropy", "init": "he", "optimizer": "momentum", "lr": 0.05,
    "schedule": "cosine", "batch_size": 32, "seed": 0, "dtype": "float64", "test_size": 0.25,
    "standardize": True, "validation_split": 0.1,
}

#: The notation of the demo's explanation (seed 004's row vectors); its report opens in it too.
NOTATION = "cs231n"


def run_demo(output: Path, epochs: int) -> None:
    from chainrule.nn.gradcheck import gradcheck

    say("[bold]chainrule demo[/]: the CS231n example's net — z₁ = xW₁ + b₁, a₁ = tanh(z₁), "
        "z₂ = a₁W₂ + b₂, ŷ = softmax(z₂), mean cross-entropy — on 2000 moons (noise 0.2)")
    run = TrainingRun.from_options(epochs=epochs, **DEMO_OPTIONS)
    run.train_with_progress()
    run.print_metrics()
    report = gradcheck(run.network, run.x_test[:8], run.y_test[:8], max_entries=50)
    console.print(str(report), markup=False)
    text = explain_for_demo(run.network, run.x_test[:1], run.y_test[:1], width=console.width)
    console.print(text, markup=False, soft_wrap=True)
    for description, path in write_demo_outputs(run, output, gradient_check=report,
                                                notation=NOTATION):
        say(f"wrote {description}: {path}")


def explain_for_demo(net: Any, x: Any, y: Any, width: int = 100) -> str:
    """Text explaining ``∂L/∂(W_L)_11`` of ``net`` at the first sample of ``(x, y)``.

    Written in the CS231n row-vector notation (the CS231n learner's), ending with the check
    against backprop and finite differences.
    """
    from chainrule.explain.quantity import Quantity
    from chainrule.explain.resolver import resolve

    last = Quantity("weight", len(net.dense_layers), 0, 0)
    chosen = resolve(net, x=x, y=y, notation=NOTATION)
    return chosen.explanation(last, sample=0).to_text(width=width)


def write_demo_outputs(run: Any, output: str | Path, gradient_check: Any = None,
                       notation: str | None = None) -> list[tuple[str, Path]]:
    """Write ``report.html``, ``decision_boundary.png`` (two-input classifiers) and
    ``training_curves.png`` for a training run into the folder ``output``.

    ``run`` has ``network``, ``history``, ``x_test`` and ``y_test`` (a :class:`TrainingRun`);
    the test set supplies the traced sample, the gradient check and the boundary's points.
    ``gradient_check``, a gradcheck of the first test rows already made, is shown as it is;
    the report opens in ``notation``, the one the terminal's explanation used.
    Returns ``(description, path)`` pairs, in the order written.
    """
    from chainrule.viz.boundary import decision_boundary
    from chainrule.viz.curves import training_curves
    from chainrule.viz.figures import save_figure
    from chainrule.viz.report_page import write_report

    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    network, history = run.network, run.history
    written = [("the report (open it in a browser)",
                write_report(folder / "report.html", network, run.x_test, run.y_test,
                             history=history, title="chainrule demo",
                             gradient_check=gradient_check, notation=notation))]
    if network.loss.classifier and network.n_inputs == 2:
        figure = decision_boundary(network, run.x_test, run.y_test)
        written.append(("the decision boundary",
                        save_figure(figure, folder / "decision_boundary.png")))
    if history is not None and history.loss:
        written.append(("the training curves",
                        save_figure(training_curves(history), folder / "training_curves.png")))
    return written
