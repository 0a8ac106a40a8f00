"""`chainrule check`: is a learner's derivative right? Exit 0 correct, 1 incorrect, 2 unreadable."""

from __future__ import annotations

import typer

from chainrule.cli._app import command


@command()
def check(
    claim: str = typer.Argument(..., help="The claimed derivative, e.g. '2(x-y)(1-x^2)', or "
                                "with --example a claim '\\delta_1^{(L)} = ...'."),
    of: str | None = typer.Option(None, "--of", help="The function differentiated, e.g. "
                                  "'(x-y)^2' (free form)."),
    wrt: str | None = typer.Option(None, "--wrt", help="The variable, e.g. 's' (free form)."),
    where: list[str] = typer.Option([], "--where", help="An intermediate NAME=EXPR, e.g. "
                                    "'x=tanh(s)'; repeat for more (free form)."),
    example: str | None = typer.Option(None, "--example", help="Network form: lfd, nielsen, "
                                       "mitchell, seed003, cs231n (or seed000..seed004)."),
    notation: str | None = typer.Option(None, "--notation", help="Same presets as --example; "
                                        "the notation the claim is written in."),
    sum_to_one: list[str] = typer.Option([], "--sum-to-one", help="Targets assumed to sum to "
                                         "1, e.g. 'y' for y_1 + y_2 + y_3 = 1."),
) -> None:
    """Check a derivative: free form (--of, --wrt, --where) or about a network (--example)."""
    from chainrule.check import check_derivative, check_network_claim
    from chainrule.errors import ConfigError

    network = _network(example, notation)
    if network is not None:
        if of is not None or wrt is not None or where:
            raise ConfigError("use either --example/--notation or --of/--wrt/--where; got both")
        result = check_network_claim(claim, network, targets_sum_to_one=bool(sum_to_one))
    else:
        if of is None or wrt is None:
            raise ConfigError("expected --of EXPR and --wrt VAR (or --example NAME for a claim "
                              "about a network); got " + ("neither" if of is wrt else
                                                          "only one of them"))
        result = check_derivative(claim, of, wrt, where, sum_to_one=sum_to_one)
    typer.echo(str(result))
    if not result.correct:
        raise typer.Exit(1)


def _network(example: str | None, notation: str | None) -> str | None:
    from chainrule.errors import ConfigError

    if example is not None and notation is not None and example != notation:
        raise ConfigError(f"--example {example} and --notation {notation} name different "
                          "presets; give one")
    return example if example is not None else notation
