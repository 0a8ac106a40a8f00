"""Checks: numeric gradient checks of networks, and learners' own formulas.

``check_derivative(claim, of, wrt, where=...)`` (free form) and ``check_network_claim(claim,
net | example= | model=, notation=...)`` (a claim about a network, in explain's notations)
return a :class:`CheckResult`: a verdict, and for a wrong formula a diagnosis, a counterexample
and the right formula in the learner's own symbols.
"""

from chainrule.check.freeform import check_derivative
from chainrule.check.network import check_network_claim
from chainrule.check.result import DIAGNOSES, CheckResult, Counterexample, Diagnosis

__all__ = ["DIAGNOSES", "CheckResult", "Counterexample", "Diagnosis", "check_derivative",
           "check_network_claim"]
