"""What ``chainrule demo`` writes: the report, the decision boundary and the curves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainrule.viz.figures import save_figure


def write_demo_outputs(run: Any, output: str | Path, gradient_check: Any = None,
                       notation: str | None = None) -> list[tuple[str, Path]]:
    """Write ``report.html``, ``decision_boundary.png`` (two-input classifiers) and
    ``training_curves.png`` for a training run into the folder ``output``.

    ``run`` has ``network``, ``history``, ``x_test`` and ``y_test`` (the CLI's TrainingRun);
    the test set supplies the traced sample, the gradient check and the boundary's points.
    ``gradient_check``, a gradcheck of the first test rows already made, is shown as it is;
    the report opens in ``notation``, the one the terminal's explanation used.
    Returns ``(description, path)`` pairs, in the order written.
    """
    from chainrule.viz.boundary import decision_boundary
    from chainrule.viz.curves import training_curves
    from chainrule.viz.report import write_report

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
