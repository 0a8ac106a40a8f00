"""`chainrule explain`: one gradient of a network, derived in a course's notation with numbers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chainrule.cli._app import command
from chainrule.cli._names import (
    EXPLAIN_EXAMPLE_HELP,
    LOSS_HELP,
    NOTATION_HELP,
    TARGET_HELP,
)

if TYPE_CHECKING:
    from chainrule.explain.model import Explanation
    from chainrule.explain.resolver import Resolved


@command(short_help="Explain one gradient in a course's notation, with the numbers.")
def explain(
    ctx: typer.Context,
    example: str | None = typer.Option(None, help="A learner's example network: "
                                       f"{EXPLAIN_EXAMPLE_HELP}."),
    model: Path | None = typer.Option(None, help="A network saved by `chainrule train --save`."),
    layers: str | None = typer.Option(None, help="Units per layer, input first, e.g. 2,3,1."),
    activation: str = typer.Option("tanh", help="Activation of the hidden layers."),
    output_activation: str | None = typer.Option(
        None, help="Activation of the output layer (default: softmax before cross_entropy, "
        "sigmoid before binary_cross_entropy, none for fused losses, else --activation)."),
    loss: str = typer.Option("squared_error", help=f"Loss: {LOSS_HELP}."),
    bias: bool = typer.Option(True, help="Give the dense layers biases."),
    notation: str | None = typer.Option(None, help=f"{NOTATION_HELP} or custom (default: the "
                                        "example's, else lfd)."),
    symbols: str | None = typer.Option(None, help="Custom symbols, e.g. "
                                       "'loss=J,post=h,pre=z,weight_order=to_from'."),
    weight: str | None = typer.Option(None, help="A weight in the notation, e.g. 'w_12^(2)'; "
                                      "a kernel weight 'K[o,c,u,v]' for --example conv, "
                                      "'W[i,j]' or 'U[i,j]' for --example rnn, a gate's "
                                      "'W_f[i,j]' or 'U_i[i,j]' for --example lstm."),
    bias_name: str | None = typer.Option(None, "--bias-of", help="A bias, e.g. 'b_1^(2)' "
                                         "(LFD: 'w_01^(1)')."),
    delta: str | None = typer.Option(None, help="A δ, e.g. 'delta_1^(L)'; a batch norm's "
                                     "input gradient 'x[n,f]' for --example batchnorm or "
                                     "dropout, a pooling layer's 'x[n,c,p,q]' for --example "
                                     "pool."),
    layer: int | None = typer.Option(None, help="A whole layer, by the number on its weights."),
    quantity: str | None = typer.Option(None, "--quantity", help="Any partial derivative "
                                        "between two quantities, e.g. '∂o_5/∂net_5', "
                                        "'∂E/∂o_3', '\\frac{\\partial \\hat{y}_1}"
                                        "{\\partial z_2^{(2)}}': a local factor, a softmax "
                                        "Jacobian entry, the loss by any output, layers that "
                                        "are not adjacent; your own names with --symbols "
                                        "'out_{o1}=o_5'."),
    input: str | None = typer.Option(None, "--input", help="The sample, e.g. '0.5,-1'; rows "
                                     "separated by ';' make a batch (for --layer)."),
    target: str | None = typer.Option(None, help="Its target, e.g. '1' or '0,1'; ';' between "
                                      "rows. A class label for classification losses. "
                                      + TARGET_HELP),
    seed: int = typer.Option(0, help="Seed of the weights and of a random sample."),
    digits: int = typer.Option(6, min=1, max=17, help="Significant figures of the numbers."),
    weights: bool = typer.Option(False, "--weights", help="Also list every weight and bias "
                                 "(a matrix for a large layer), to redo the forward pass by "
                                 "hand."),
    deltas: bool = typer.Option(False, "--deltas", help="Also list every δ of the sample, "
                                "layer by layer."),
    update: float | None = typer.Option(None, "--update", metavar="ETA", help="Also show one "
                                        "step of gradient descent on the explained weight or "
                                        "bias with this learning rate: w⁺ = w − η ∂L/∂w."),
    steps: str = typer.Option("short", "--steps", help="short: the chain, each factor with "
                              "its value, the check; full: also each factor's derivation, rule "
                              "by rule (text and html)."),
    format: str = typer.Option("text", "--format", help="text, latex, markdown or html."),
    output: Path | None = typer.Option(None, help="Write to this file instead of the terminal."),
    plot: Path | None = typer.Option(None, "--plot", help="Also draw the network with the sample's "
                                     "numbers and the explained chain highlighted, to this .png "
                                     "or .svg file."),
) -> None:
    """Explain one gradient: the chain rule, each factor's formula and value, the recurrence,
    the matrix form, and the check against backprop and finite differences."""
    from chainrule.cli._explain_checks import check_options, check_sample
    from chainrule.cli._explain_input import pick_quantity, render_explanation, resolve_options
    from chainrule.cli._paths import check_output_file, write_text

    check_options(ctx, example, model, input, target, output_activation)
    from chainrule.cli._sizes import MAX_SEED, check_count

    check_count("seed", seed, 0, MAX_SEED)
    if layers is not None:
        from chainrule.cli._sizes import explain_widths

        explain_widths(layers)
    if output is not None:
        check_output_file(output, "output")
    if plot is not None:
        from chainrule.viz import check_image_path

        check_image_path(plot)
        check_output_file(plot, "plot")

    run = resolve_options(
        example=example, model=model, layers=layers, activation=activation,
        output_activation=output_activation, loss=loss, bias=bias, notation=notation,
        symbols=symbols, seed=seed, input=input, target=target)
    check_sample(run.net, input, target)
    if plot is not None:
        _check_plot(run.net)
    asked = pick_quantity(weight, bias_name, delta, layer, quantity, run.quantity)
    explanation = run.explanation(asked, digits=digits, weights=weights, deltas=deltas,
                                  update=update)
    width = shutil.get_terminal_size((100, 24)).columns if output is None else 100
    text = render_explanation(explanation, format, width=width, steps=steps)
    if output is None:
        typer.echo(text)
    else:
        write_text(output, text)
        typer.echo(f"wrote {output}")
    if plot is not None:
        _plot(run, explanation, plot)


def _check_plot(net: object) -> None:
    """Refuse --plot, before any work, for a network it cannot draw."""
    from chainrule.errors import ConfigError
    from chainrule.nn.conv import Conv2D
    from chainrule.nn.rnn import RNN

    layers = net.layers  # type: ignore[attr-defined]
    drawn = any(isinstance(layer, Conv2D | RNN) for layer in layers)
    if net.general and not drawn:  # type: ignore[attr-defined]
        raise ConfigError("--plot draws dense networks, a convolution's kernels and feature "
                          f"maps, and an RNN unrolled in time; this network has "
                          f"{layers[0].describe()}")


def _plot(run: Resolved, explanation: Explanation, path: Path) -> None:
    """Draw the network at the explained sample with the explained quantity's chain."""
    from chainrule import viz
    from chainrule.nn.conv import Conv2D
    from chainrule.nn.rnn import RNN

    net = run.net
    if any(isinstance(layer, Conv2D) for layer in net.layers):
        figure = viz.feature_maps(net, run.x, run.y)
    elif any(isinstance(layer, RNN) for layer in net.layers):
        figure = viz.unrolled(net, run.x, run.y)
    else:
        from chainrule.explain.quantity import Quantity

        subject = explanation.subject  # a partial derivative highlights no one weight
        highlight = subject if isinstance(subject, Quantity) else None
        figure = viz.network_diagram(net, run.x, run.y, highlight=highlight,
                                     notation=run.chosen_notation())
    written = viz.save_figure(figure, path)
    typer.echo(f"wrote {written}")
