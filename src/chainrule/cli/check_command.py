"""`chainrule check`: is a learner's derivative right? Exit 0 correct (proven), 1 incorrect,
2 unreadable or too large, 4 probably correct (agrees everywhere it was checked, not proven)."""

from __future__ import annotations

from pathlib import Path

import typer

from chainrule.cli._app import Command, command
from chainrule.cli._formulas import DASH_HINT, require_text, where_pairs
from chainrule.cli._names import EXPLAIN_EXAMPLE_HELP, NOTATION_HELP


class _ClaimCommand(Command):
    """`check`, whose unknown short option is most likely a claim starting with '-'."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as error:
            option = getattr(error, "option_name", None)
            if type(error).__name__ == "NoSuchOption" and not str(option).startswith("--"):
                error.message = f"{error.message}; {DASH_HINT}"  # type: ignore[attr-defined]
            raise


@command(cls=_ClaimCommand, short_help="Check a learner's derivative: right, or what is wrong.")
def check(
    claim: str = typer.Argument(..., help="The claimed derivative, e.g. '2(x-y)(1-x^2)', or "
                                "about a network '\\delta_1^{(L)} = ...', '∂e/∂w_12^(2) = ...'."),
    of: str | None = typer.Option(None, "--of", help="The function differentiated, e.g. "
                                  "'(x-y)^2' (free form)."),
    wrt: str | None = typer.Option(None, "--wrt", help="The variable, e.g. 's' (free form)."),
    where: list[str] = typer.Option([], "--where", help="An intermediate NAME=EXPR, e.g. "
                                    "'x=tanh(s)', or a shape NAME: N (a column vector) or "
                                    "NAME: MxN (a matrix), e.g. 'W: 2x3'; repeat for more "
                                    "(free form)."),
    example: str | None = typer.Option(None, "--example", help="Network form: a learner's "
                                       f"example network: {EXPLAIN_EXAMPLE_HELP} (claims "
                                       "about the layer examples in index notation, e.g. "
                                       "'dW[i,j] = sum_t h[t-1,i] delta[t,j]')."),
    model: Path | None = typer.Option(None, "--model", help="Network form: a network saved "
                                      "by `chainrule train --save`."),
    notation: str | None = typer.Option(None, "--notation", help="The claim's notation: "
                                        f"{NOTATION_HELP} or custom (default: "
                                        "the example's, else lfd). Alone, the example of that "
                                        "name."),
    symbols: str | None = typer.Option(None, "--symbols", help="Custom symbols, e.g. "
                                       "'loss=J,post=h,pre=z', and your own names of "
                                       "quantities, e.g. 'out_{o1}=o_5'."),
    sum_to_one: list[str] = typer.Option([], "--sum-to-one", help="Targets assumed to sum to "
                                         "1, e.g. 'y' for y_1 + y_2 + y_3 = 1."),
    per_sample: bool | None = typer.Option(None, "--per-sample/--batch-mean", help="Network "
                                           "form, a network whose loss is the mean over a "
                                           "batch: the claim is for one sample's loss, or for "
                                           "the batch mean (default: either, the verdict says "
                                           "which)."),
) -> None:
    """Check a derivative: free form (--of, --wrt, --where) or a claim about a network
    (--example or --model, with --notation).

    A claim that starts with '-' goes last, after `--`, for example:

    \b
    chainrule check --of '(t-a)^2/2' --wrt a -- '-(t-a)'

    Exit codes: 0 correct (proven symbolically), 1 incorrect (or correct only under a
    condition), 2 the input cannot be used (unreadable, or too large to check in bounded
    time), 4 probably correct (agrees at every point checked, over a wide range, but not
    proven)."""
    from chainrule.check.vector_eval import is_shape
    from chainrule.errors import ConfigError

    require_text(claim, "CLAIM", "'2(x-y)'")
    for value, option, example_value in ((of, "--of", "'(x-y)^2'"), (wrt, "--wrt", "x")):
        require_text(value, option, example_value)
    shapes = [item for item in where if is_shape(item)]
    where_pairs([item for item in where if not is_shape(item)])
    if any(option is not None for option in (example, model, notation, symbols)):
        if of is not None or wrt is not None or where:
            raise ConfigError("use either --example/--model/--notation or --of/--wrt/--where; "
                              "got both")
        from chainrule.calculus.budget import CHECK_SECONDS, deadline
        from chainrule.check.network_claim import check_network_claim

        with deadline(CHECK_SECONDS, "to check"):
            result = check_network_claim(claim, example=example, model=model,
                                         notation=notation, symbols=symbols,
                                         targets_sum_to_one=bool(sum_to_one),
                                         per_sample=per_sample)
    else:
        if of is None or wrt is None:
            raise ConfigError("expected --of EXPR and --wrt VAR (or --example NAME for a claim "
                              "about a network); got " + ("neither" if of is wrt else
                                                          "only one of them"))
        result = _free_form(claim, of, wrt, where, shapes, sum_to_one)
    typer.echo(str(result))
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _free_form(claim: str, of: str, wrt: str, where: list[str], shapes: list[str],
               sum_to_one: list[str]) -> object:
    """The free form: of numbers, or of vectors and matrices when ``--where`` declares shapes."""
    from chainrule.check.freeform import check_derivative  # not the networks' claims
    from chainrule.check.vector_check import check_gradient
    from chainrule.errors import ConfigError

    if not shapes:
        return check_derivative(claim, of, wrt, where, sum_to_one=sum_to_one)
    others = [repr(item) for item in where if item not in shapes] + (
        ["--sum-to-one"] if sum_to_one else [])
    if others:
        raise ConfigError("with declared shapes (--where 'x: 3'), --where takes only shapes "
                          "and --sum-to-one is not used; got " + ", ".join(others))
    return check_gradient(claim, of, wrt, shapes)
