"""`chainrule train` and `chainrule demo`: train a network, show progress and metrics."""

from __future__ import annotations

from pathlib import Path

import typer

from chainrule.cli._app import command
from chainrule.cli._names import LOSS_HELP, NOISE_HELP, SCHEDULE_HELP


@command(short_help="Train a network, with a progress bar and a metrics table.")
def train(
    data: str = typer.Option("moons", help="moons, circles, spiral, xor, blobs, digits, a .csv "
                             "file or a folder of MNIST IDX files; adding or sine: sequences "
                             "for --model rnn."),
    model: str = typer.Option("mlp", help="mlp (dense layers, --hidden), cnn (a small "
                              "convolutional net for images such as digits) or rnn (a "
                              "recurrent net for sequences); --hidden 16: their channels or "
                              "state size."),
    n: int | None = typer.Option(None, help="Samples of a synthetic data set (default 1000)."),
    noise: float | None = typer.Option(None, help=NOISE_HELP),
    hidden: str = typer.Option("16", help="Hidden layer widths, e.g. 500 or 64,32 "
                        "(0: no hidden layer)."),
    activation: str = typer.Option("tanh", help="Activation of the hidden layers: identity, "
                                   "relu, leaky_relu, sigmoid, tanh."),
    loss: str = typer.Option("softmax_cross_entropy", help=f"Loss: {LOSS_HELP}."),
    init: str | None = typer.Option(None, help="Weight initializer of the hidden layers: "
                                    "glorot, glorot_normal, lecun, he, he_uniform, uniform, "
                                    "normal (default: he for ReLU, glorot otherwise)."),
    optimizer: str = typer.Option("sgd", help="sgd, momentum, nesterov (momentum 0.9) or adam."),
    lr: float = typer.Option(0.05, help="Learning rate."),
    schedule: str = typer.Option("constant", help=SCHEDULE_HELP),
    batch_size: int = typer.Option(32, help="Samples per step: 1 = per-sample SGD, "
                                   "0 = full batch."),
    epochs: int = typer.Option(20, help="Passes over the training data."),
    seed: int = typer.Option(0, help="Seed of the data, the split, the weights and shuffling."),
    dtype: str = typer.Option("float64", help="float64 or float32."),
    test_size: float = typer.Option(0.25, help="Share of samples held out for testing."),
    validation_split: float = typer.Option(0.0, help="Share of the training samples held out "
                                           "to report a validation loss each epoch."),
    standardize: bool = typer.Option(True, help="Scale features to mean 0, std 1 (fit on train)."),
    save: Path | None = typer.Option(None, help="Write the trained network to this .npz file "
                                     "(or .safetensors/.pt: PyTorch weights, .json beside)."),
    plot: Path | None = typer.Option(None, help="Write the training curves to this .png or "
                                     ".svg file."),
    backend: str = typer.Option("numpy", help="numpy (chainrule's engine) or torch (PyTorch "
                                "DistributedDataParallel; needs chainrule[torch])."),
    devices: str | None = typer.Option(None, help="With --backend torch: cpu or cuda "
                                       "(default: a GPU when present)."),
    nproc: int | None = typer.Option(None, help="With --backend torch: processes training "
                                     "in parallel (default 2)."),
) -> None:
    """Train a network on a data set, with a progress bar and a final metrics table."""
    from chainrule.cli import torch_backend, training_run
    from chainrule.cli._paths import check_output_file

    torch_backend.check_backend(backend, devices, nproc, schedule, validation_split)
    if save is not None:
        check_output_file(torch_backend.saved_path(save), "save")
    if plot is not None:
        from chainrule.viz import check_image_path

        check_image_path(plot)  # refused before training, not after
        check_output_file(plot, "plot")
    _check_hidden_activation(activation)
    run = training_run.TrainingRun.from_options(
        data=data, n=n, noise=noise, hidden=hidden, activation=activation, loss=loss,
        init=init, optimizer=optimizer, lr=lr, schedule=schedule, batch_size=batch_size,
        epochs=epochs, seed=seed, dtype=dtype, validation_split=validation_split,
        test_size=test_size, standardize=standardize, model=model,
    )
    run.train_with_progress(torch_backend.torch_fit(run, devices, nproc)
                            if backend == "torch" else None)
    run.print_metrics()
    if save is not None:
        written = torch_backend.save_network(run.network, save)
        training_run.say(f"saved the network to {written}")
    if plot is not None:
        training_run.save_curves(run, plot)


def _check_hidden_activation(name: str) -> None:
    """Refuse an activation that couples a layer's units (softmax) for the hidden layers."""
    from chainrule.errors import ConfigError
    from chainrule.ops.registry import ACTIVATIONS

    if name in ACTIVATIONS and not ACTIVATIONS[name].elementwise:
        usable = ", ".join(sorted(k for k, op in ACTIVATIONS.items() if op.elementwise))
        raise ConfigError(f"--activation {name} cannot be a hidden layer's activation: it is not "
                          f"elementwise (each output depends on every unit of the layer), so a "
                          f"hidden layer's δ has no θ′(z) factor and `chainrule check` refuses "
                          f"the model; it belongs to the output layer (--loss cross_entropy "
                          f"puts it there). Choose one of {usable}")


@command(short_help="Train, check, explain and report a 2-500-2 net on moons.")
def demo(
    output: Path = typer.Option(Path("chainrule-demo"), help="Folder for the report and plots."),
    epochs: int = typer.Option(20, help="Passes over the training data."),
) -> None:
    """Train CS231n's 2-500-2 tanh/softmax net on moons; check, explain and report it.

    The network of the CS231n example (z₁ = xW₁ + b₁, a₁ = tanh(z₁), z₂ = a₁W₂ + b₂, softmax,
    mean cross-entropy), trained on 2000 moons (noise 0.2) in a few seconds.
    """
    from chainrule.cli import demo_run
    from chainrule.cli._paths import check_output_folder
    from chainrule.cli._sizes import DEMO_MAX_EPOCHS, check_count

    check_count("epochs", epochs, 1, DEMO_MAX_EPOCHS, " (the demo is meant to take seconds; "
                "`chainrule train` takes more)")
    check_output_folder(output, "output")
    demo_run.run_demo(output, epochs)
