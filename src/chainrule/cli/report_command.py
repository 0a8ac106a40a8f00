"""`chainrule report`: one self-contained HTML page about a network, with its derivations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from chainrule.cli._app import command, refuse_given
from chainrule.cli._names import EXPLAIN_EXAMPLE_HELP, NOISE_HELP, NOTATION_HELP

TRAINING_OPTIONS = ("data", "n", "noise", "hidden", "epochs", "lr", "seed", "standardize")


@command(short_help="Write an HTML report that works offline.")
def report(
    ctx: typer.Context,
    model: Path | None = typer.Option(None, help="A network saved by `chainrule train --save`."),
    example: str | None = typer.Option(None, help="A learner's example network, with its own "
                                       f"sample: {EXPLAIN_EXAMPLE_HELP}."),
    data: str = typer.Option("moons", help="Data set for the trace, the gradient check and the "
                             "decision boundary: moons, circles, spiral, xor, blobs, digits, a "
                             ".csv file or an MNIST folder."),
    n: int | None = typer.Option(None, help="Samples of a synthetic data set (default 1000)."),
    noise: float | None = typer.Option(None, help=NOISE_HELP),
    hidden: str = typer.Option("8", help="Hidden widths of a new network (without --model; "
                        "0: no hidden layer)."),
    epochs: int | None = typer.Option(None, help="Epochs to train before the report (default: "
                                      "20 for a new network, 0 for --model)."),
    lr: float = typer.Option(0.05, help="Learning rate of that training (SGD, momentum 0.9)."),
    seed: int = typer.Option(0, help="Seed of the data, the weights and shuffling."),
    standardize: bool = typer.Option(True, help="Scale features to mean 0, std 1."),
    sample: int = typer.Option(0, help="Which sample the diagram and derivations trace."),
    notation: str | None = typer.Option(None, help=f"Notation shown first: {NOTATION_HELP}."),
    output: Path = typer.Option(Path("report.html"), help="Where to write the report."),
) -> None:
    """Write an HTML report (works offline): the network, its training curves, decision
    boundary, gradient check, and a diagram whose weights and units open their derivations;
    for a layer example, the layer's picture whose cells open theirs."""
    from chainrule.cli._paths import check_output_file
    from chainrule.cli.training_run import say
    from chainrule.errors import ConfigError
    from chainrule.viz.report_page import write_report

    if model is not None and example is not None:
        raise ConfigError("--example and --model exclude each other: give one network")
    if example is not None:
        refuse_given(ctx, TRAINING_OPTIONS, f"--example {example} brings its own network and "
                     "sample, untrained (for training curves and a decision boundary, report "
                     "a network trained on --data)")
    elif model is not None:
        refuse_given(ctx, ("hidden",), "--model brings its own network")
    check_output_file(output, "output")
    if example is not None and _layer_report(ctx, example, output):
        return
    if example is not None:
        net, x, y, options = _example(example)
    else:
        net, x, y, options = _trained(model, data, n, noise, hidden, epochs, lr, seed,
                                      standardize)
    from chainrule.explain.context import check_explainable

    check_explainable(net)  # the report draws and explains dense networks only
    options["notation"] = notation or options.get("notation")
    path = write_report(output, net, x, y, sample=sample, **options)
    say(f"wrote the report to {path}")
    say("open it in a browser: it works offline")


def _layer_report(ctx: typer.Context, name: str, output: Path) -> bool:
    """Write the report of an example with a layer beyond Dense (convolution, recurrent,
    batch norm, pooling, dropout); False for other examples."""
    from chainrule.cli.training_run import say
    from chainrule.explain.layer_examples import LAYER_EXAMPLES
    from chainrule.explain.resolver import resolve
    from chainrule.viz.layer_report import REPORTED, write_layer_report

    if name not in LAYER_EXAMPLES:
        return False
    chosen = resolve(example=name)
    if not any(isinstance(layer, REPORTED) for layer in chosen.net.layers):
        return False
    refuse_given(ctx, ("sample", "notation"), f"--example {name} brings its own sample and "
                 "notation")

    title = f"chainrule report: {chosen.example.description}"  # type: ignore[union-attr]
    path = write_layer_report(output, chosen, title)
    say(f"wrote the report to {path}")
    say("open it in a browser: it works offline")
    return True


def _example(name: str) -> tuple[Any, Any, Any, dict[str, Any]]:
    from chainrule.explain.resolver import resolve

    chosen = resolve(example=name)
    title = f"chainrule report: {chosen.example.description}"  # type: ignore[union-attr]
    return chosen.net, chosen.x, chosen.y, {"notation": chosen.notation, "title": title}


def _trained(model: Path | None, data: str, n: int | None, noise: float | None, hidden: str,
             epochs: int | None, lr: float, seed: int,
             standardize: bool) -> tuple[Any, Any, Any, dict[str, Any]]:
    from chainrule.cli._sizes import check_training_counts, hidden_widths
    from chainrule.cli.training_run import load_data, new_network
    from chainrule.data import Standardizer
    from chainrule.nn.network import Network
    from chainrule.nn.optimizers import SGD

    check_training_counts(epochs, None, seed, min_epochs=0)
    widths = hidden_widths(hidden)
    x, y, _ = load_data(data, n, noise, seed, "softmax_cross_entropy")
    if standardize:
        x = Standardizer().fit(x).transform(x)
    if model is not None:
        net = Network.load(str(model))
        title = f"chainrule report: {model.name}"
    else:
        net = new_network(x, y, widths, "softmax_cross_entropy", seed=seed)
        title = "chainrule report"
    rounds = epochs if epochs is not None else (0 if model is not None else 20)
    history = None
    if rounds > 0:
        from chainrule.cli.training_run import fit_and_warn

        history = fit_and_warn(net, x, y, epochs=rounds, batch_size=32, seed=seed,
                               optimizer=SGD(lr, momentum=0.9), validation_split=0.2)
    return net, x, y, {"history": history, "title": title}
