r"""``chainrule.check(...)``: one entry point for both forms of the checker.

The package :mod:`chainrule.check` is callable: ``cr.check(claim, of=..., wrt=...)`` is this
module's :func:`check`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import sympy

from chainrule.check.freeform import check_derivative
from chainrule.check.network_claim import check_network_claim
from chainrule.check.result import CheckResult
from chainrule.errors import ConfigError
from chainrule.explain.notation import Notation

Formula = str | sympy.Expr


def check(
    claim: str | sympy.Eq,
    of: Formula | None = None,
    wrt: str | sympy.Symbol | None = None,
    where: Mapping[str, Formula] | Iterable[str] | None = None,
    *,
    network: Any = None,
    example: str | None = None,
    model: str | Path | None = None,
    notation: str | Notation | None = None,
    symbols: str | None = None,
    sum_to_one: Iterable[str] = (),
    per_sample: bool | None = None,
) -> CheckResult:
    r"""Is a learner's derivative right? A verdict, and for a wrong one what is wrong and where.

    Two forms. **Free form** — ``of`` and ``wrt`` given: is ``claim`` the derivative of
    ``of`` with respect to ``wrt`` (:func:`~chainrule.check.check_derivative`)? **Network
    form** — ``network``, ``example``, ``model`` or ``notation`` given: ``claim`` is an
    equation ``"<quantity> = <formula>"`` about a network, in a course's notation
    (:func:`~chainrule.check.check_network_claim`).

    Parameters
    ----------
    claim : str or sympy.Expr or sympy.Eq
        The learner's formula, plain math or LaTeX: ``"2(x-y)(1-x^2)"``; in the network form
        with its left side, ``"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)"``.
    of : str or sympy.Expr, optional
        Free form: the function differentiated, e.g. ``"(y-h)^2"``.
    wrt : str or sympy.Symbol, optional
        Free form: the variable, e.g. ``"h"``.
    where : mapping or list of ``"NAME=EXPR"``, optional
        Free form: intermediates the claim may use, e.g. ``{"a": "sigmoid(z)"}``.
    network : chainrule.Network, optional
        Network form: the network the claim is about.
    example : str, optional
        Network form: one of the learners' example networks, ``lfd``, ``nielsen``,
        ``mitchell``, ``jhz`` or ``cs231n``.
    model : str or Path, optional
        Network form: a network saved with ``Network.save`` or ``chainrule train --save``.
    notation : str or Notation, optional
        Network form: the claim's notation (``lfd``, ``nielsen``, ``mitchell``, ``cs231n``,
        ``ng``, ``jhz``, ``custom``); the example's own by default. Alone, it picks the example of
        that name.
    symbols : str, optional
        Network form: custom symbols, e.g. ``"loss=J,post=h,pre=z"``.
    sum_to_one : iterable of str
        Targets assumed to sum to 1, e.g. ``["y"]`` for ``y_1 + y_2 = 1`` (one-hot targets).
    per_sample : bool, optional
        Network form, a network whose loss is the mean over a batch: the claim is for one
        sample's loss (True) or the batch mean (False); by default either, and the verdict
        names the convention that holds.

    Returns
    -------
    CheckResult
        ``verdict`` (``"correct"``, ``"incorrect"`` or ``"conditional"``), ``diagnosis``,
        ``counterexample`` and ``correct_text``; ``str()`` is the terminal form,
        ``to_latex()`` and Jupyter's display the typeset form.

    Raises
    ------
    ParseError
        If a formula cannot be read (with the position and a suggestion).
    ConfigError
        If both forms or neither are given, or a name is not one the network has.

    Examples
    --------
    >>> import chainrule as cr
    >>> result = cr.check("2h", of="(y-h)^2", wrt="h")
    >>> result.verdict
    'incorrect'
    >>> result.correct_text
    '2(h − y)'
    >>> print(result.counterexample)
    at h = 0.55, y = −0.72
      the claim is 1.1
      the true value is 2.54
    >>> cr.check("a(1-a)", of="1/(1+exp(-z))", wrt="z", where={"a": "sigmoid(z)"}).verdict
    'correct'
    >>> claim = r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)"
    >>> print(cr.check(claim, example="lfd"))
    read x₁⁽ᴸ⁾ as the output of unit 1 of layer L
    read yₙ as the target
    correct: δ₁⁽ᴸ⁾ (∂e/∂s₁⁽ᴸ⁾) = 2(x₁⁽ᴸ⁾ − yₙ)(1 − (x₁⁽ᴸ⁾)²)
      checked at 200 random points; SymPy confirms it symbolically
    """
    about_network = any(v is not None for v in (network, example, model, notation, symbols))
    free = of is not None or wrt is not None or where is not None
    if about_network and free:
        raise ConfigError("give either of/wrt/where (free form) or network/example/model/"
                          "notation (a claim about a network); got both")
    if about_network:
        targets = tuple(sum_to_one)
        return check_network_claim(claim, network, example=example, model=model,
                                   notation=notation, symbols=symbols,
                                   targets_sum_to_one=targets if targets else False,
                                   per_sample=per_sample)
    if of is None or wrt is None:
        raise ConfigError("expected of= and wrt= (free form), or network=, example= or model= "
                          "(a claim about a network); got " +
                          ("neither" if of is wrt else "only one of of= and wrt="))
    if isinstance(claim, sympy.Eq):
        raise ConfigError("the free form takes a formula, not an equation: give its right side")
    return check_derivative(claim, of, wrt, where, sum_to_one=sum_to_one)
