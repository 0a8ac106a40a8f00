"""What `chainrule explain` refuses before any work: options its network fixes, a target
without a sample, rows that do not pair up, and class labels that are not whole numbers."""

from __future__ import annotations

from typing import Any

import numpy as np
import typer

from chainrule.cli._app import refuse_given
from chainrule.errors import ConfigError, DataError, one_of

NETWORK_OPTIONS = ("layers", "activation", "output_activation", "loss", "bias")


def check_options(ctx: typer.Context, example: str | None, model: object,
                  input: str | None, target: str | None, output_activation: str | None) -> None:
    """Refuse options that the chosen network would ignore, and a target without a sample."""
    from chainrule.ops.registry import ACTIVATIONS

    if output_activation is not None and output_activation not in (*ACTIVATIONS, "none"):
        raise one_of("--output-activation", output_activation, (*ACTIVATIONS, "none"))
    if example is not None and model is not None:
        raise ConfigError("--example and --model exclude each other: give one network")
    if example is not None:
        refuse_given(ctx, (*NETWORK_OPTIONS, "seed"), f"--example {example} brings its own "
                     "network and sample (use --layers for a network of your own)")
    if model is not None:
        from chainrule.nn.torch_files import architecture_path, is_torch_file

        if not is_torch_file(model):
            refuse_given(ctx, NETWORK_OPTIONS, "--model brings its own network")
        elif getattr(ctx.get_parameter_source("layers"), "name", None) != "COMMANDLINE":
            refuse_given(ctx, NETWORK_OPTIONS, f"without --layers, the architecture of "
                         f"{model} is read from {architecture_path(model).name}")
    if target is not None and input is None:
        raise ConfigError("--target needs --input: it is the target of the sample you give; "
                          "got --target alone")


def check_sample(net: Any, input: str | None, target: str | None) -> None:
    """Refuse ``--input``/``--target`` rows that do not pair up, and a classifier's target
    that is not a whole-number class label."""
    if input is None or target is None:
        return  # the options' resolver says that --input needs --target
    from chainrule.cli._explain_input import numbers

    x, y = numbers(input, "input"), numbers(target, "target")
    sequence = net.general and net.layout.input_rank == 3  # rows are the steps of one sample
    if x.shape[0] != y.shape[0] and not sequence:
        raise DataError(f"--input and --target need one row each per sample; got "
                        f"{x.shape[0]} input rows and {y.shape[0]} target rows")
    if net.loss.classifier and y.shape[1] == 1 and not np.all(y == np.round(y)):
        raise DataError(f"--target of a classifier ({net.loss.name}) must be class labels, "
                        f"whole numbers from 0; got {target!r}")
