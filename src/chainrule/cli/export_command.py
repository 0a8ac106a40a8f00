"""`chainrule export`: a saved network's weights as a PyTorch state dict, for PyTorch code."""

from __future__ import annotations

from pathlib import Path

import typer

from chainrule.cli._app import command


@command()
def export(
    model: Path = typer.Option(..., help="A network saved by `chainrule train --save`."),
    output: Path = typer.Option(..., help="The weight file to write: .safetensors or .pt. "
                                "The architecture goes to a .json file beside it."),
) -> None:
    """Write a network's weights as the state dict of its PyTorch twin (`cr.to_torch`):
    `load_state_dict` reads them in PyTorch, `--model` reads them back here."""
    from chainrule.cli._paths import check_output_file
    from chainrule.errors import ConfigError
    from chainrule.nn import torch_files
    from chainrule.nn.network import Network

    if not torch_files.is_torch_file(output):
        raise ConfigError(f"--output must end in {', '.join(torch_files.SUFFIXES)}; got "
                          f"{str(output)!r}")
    check_output_file(output, "output")
    written = torch_files.save(Network.load(str(model)), output)
    typer.echo(f"wrote {written} and {torch_files.architecture_path(written)}")
