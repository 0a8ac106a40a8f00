"""The checker of learners' own formulas: is this derivative right, and if not, why not.

(The numeric gradient check of a network's backprop is :func:`chainrule.nn.gradcheck.gradcheck`.)

The package is callable: ``chainrule.check(claim, of=..., wrt=...)`` (free form) or
``chainrule.check(claim, network= | example= | model=, notation=...)`` (a claim about a
network) is :func:`chainrule.check.dispatch.check`. Both return a :class:`CheckResult`: a verdict,
and for a wrong formula a diagnosis, a counterexample and the right formula in the learner's
own symbols. The two forms are also :func:`check_derivative` and :func:`check_network_claim`.

>>> import chainrule as cr
>>> cr.check("2h", of="(y-h)^2", wrt="h").verdict
'incorrect'
"""

from chainrule._lazy import callable_module
from chainrule.check.dispatch import check
from chainrule.check.freeform import check_derivative
from chainrule.check.network_claim import check_network_claim
from chainrule.check.result import DIAGNOSES, CheckResult, Counterexample, Diagnosis

__all__ = ["DIAGNOSES", "CheckResult", "Counterexample", "Diagnosis", "check",
           "check_derivative", "check_network_claim"]

callable_module(__name__, "chainrule.check.dispatch:check")
