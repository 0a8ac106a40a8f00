r"""Sums over a set of units named as Mitchell's Machine Learning (ch. 4) names them:
:math:`\delta_h = o_h(1 - o_h) \sum_{k \in outputs} w_{kh} \delta_k` and
:math:`\sum_{k \in Downstream(j)} \delta_k w_{kj}`.

A δ's sum runs over the units of the layer above its unit, which is what ``Downstream(h)``
names. ``outputs`` names the output units: the same units when the layer above is the output
layer (Mitchell's network of one hidden layer), and a different set otherwise, which is refused
rather than read as the layer above.
"""

from __future__ import annotations

import sympy

from chainrule.calculus.functions import IndexSum, UnitSet
from chainrule.check.claim_names import ClaimNames
from chainrule.errors import ConfigError


def _sets(formula: sympy.Expr) -> list[IndexSum]:
    return [node for node in sympy.preorder_traversal(formula)
            if isinstance(node, IndexSum) and isinstance(node.upper, UnitSet)]


def _outputs(names: ClaimNames) -> str:
    return ", ".join(names.written_unit(names.L, k) for k in range(names.widths[-1]))


def unit_set_readings(formula: sympy.Expr, names: ClaimNames) -> list[str]:
    """How each named set was read: "k runs over the output units 5, 6"."""
    lines = []
    for node in _sets(formula):
        set_name, *unit = (str(arg) for arg in node.upper.args)
        if set_name == "downstream":
            lines.append(f"{node.index} runs over Downstream({unit[0]}), the units of the layer "
                         f"above {unit[0]}, whose inputs include {unit[0]}'s output")
        else:
            lines.append(f"{node.index} runs over the output units {_outputs(names)}")
    return lines


def resolve_unit_sets(formula: sympy.Expr, names: ClaimNames, above: int | str | None,
                      unit: str) -> sympy.Expr:  # fmt: skip
    """``formula`` with each named set checked to be the layer ``above`` the claim's ``unit``
    (the units its δ's sum runs over) and then dropped, the sum left over that layer.

    Raises
    ------
    ConfigError
        If the set is not those units: outputs for a unit two layers or more below them, or
        Downstream of another unit than the claim's.
    """
    replacements = {}
    for node in _sets(formula):
        set_name, *argument = (str(arg) for arg in node.upper.args)
        if set_name == "downstream" and above is None:
            raise ConfigError(f"unit {unit} is an output unit: no unit is downstream of it")
        if set_name == "downstream" and argument[0] != unit:
            raise ConfigError(f"the sum runs over Downstream({argument[0]}), but the claim is "
                              f"about unit {unit}: write Downstream({unit})")
        below_outputs = above in (None, names.L) or (isinstance(above, str) and names.L == 2)
        if set_name != "downstream" and not below_outputs:
            raise ConfigError(f"the sum runs over the output units ({_outputs(names)}), but "
                              f"the weights w_k{unit} join unit {unit} to the layer above it, "
                              f"not to the outputs; write the sum over Downstream({unit})")
        replacements[node] = IndexSum(node.body, node.index)
    return formula.xreplace(replacements) if replacements else formula


def require_no_unit_sets(formula: sympy.Expr) -> None:
    """Refuse a named set where no δ's sum is being checked (a local factor ∂z/∂w)."""
    if _sets(formula):
        raise ConfigError("a sum over outputs or Downstream(h) is read in a δ or a gradient "
                          "of the loss; write this sum's terms out")
