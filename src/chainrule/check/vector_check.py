r"""The free form with declared shapes: is CLAIM the gradient of a scalar EXPR by a vector or
matrix VAR, as in ``∂(xᵀAx)/∂x = (A + Aᵀ)x`` or ``∂‖Wx − y‖²/∂W = 2(Wx − y)xᵀ``?

Every declared name becomes a matrix of component symbols; the true gradient is computed entry
by entry with ``sympy.diff`` and laid out with the shape of VAR (entry (i, j) is ∂f/∂VAR_ij,
the layout of the matrix cookbook's denominator convention); the claim is evaluated on the same
components and each entry's difference is proven 0, or shown non-zero at a point.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from chainrule.calculus.budget import CHECK_SECONDS, deadline
from chainrule.check.display import value_text
from chainrule.check.vector_eval import Value, components, evaluate, read_shapes, shape_of
from chainrule.errors import ConfigError, ShapeError, TooLargeError

_EXIT = {"correct": 0, "incorrect": 1, "probably_correct": 4}
_POINTS = 3  # random points tried when no proof is found
_PROOF_SECONDS = 1.5  # of the check's budget, for SymPy's proof; the rest finds a point


@dataclass(frozen=True)
class VectorCheck:
    """The verdict on a claimed gradient: ``verdict`` (correct, incorrect, probably_correct)
    and the lines that say how the claim was read and why."""

    verdict: str
    lines: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"

    @property
    def exit_code(self) -> int:
        return _EXIT[self.verdict]

    def __str__(self) -> str:
        return "\n".join(self.lines)


def check_gradient(claim: str, of: str, wrt: str, shapes: list[str]) -> VectorCheck:
    """Check ``claim`` as the gradient of the scalar ``of`` by the declared ``wrt``.

    Parameters
    ----------
    claim, of : str
        Formulas of the declared names, e.g. ``"(A + A^T) x"`` and ``"x^T A x"``.
    wrt : str
        A declared name, e.g. ``"x"``.
    shapes : list of str
        Declarations ``"x: 3"`` (a column vector of 3) or ``"W: 2x3"`` (a 2×3 matrix).

    Returns
    -------
    VectorCheck
        Correct (every entry proven), incorrect (with a point where an entry differs, and
        "this is the transpose" when it is), or probably correct (no proof in time).

    Raises
    ------
    ShapeError
        If the claim's shape is not the variable's (both named), or shapes do not fit.
    ConfigError, ParseError
        If a name is undeclared, ``of`` is not a number, or a formula cannot be read.
    """
    with deadline(CHECK_SECONDS, "to check"):
        declared = read_shapes(shapes)
        if wrt.strip() not in declared:
            raise ConfigError(f"--wrt {wrt.strip()} has no declared shape; declare it with "
                              f"--where '{wrt.strip()}: 3' (declared: {', '.join(declared)})")
        matrices = {name: components(name, shape) for name, shape in declared.items()}
        variable = matrices[wrt.strip()]
        function = evaluate(of, matrices)
        if isinstance(function, sympy.MatrixBase):
            raise ShapeError(f"--of must be a number to have a gradient; {of!r} is "
                             f"{shape_of(function)}")
        truth = variable.applyfunc(lambda entry: sympy.diff(function, entry))
        claimed = evaluate(claim, matrices)
        name = wrt.strip()
        entry = "entry i is" if truth.cols == 1 else "entry (i, j) is"
        index = "i" if truth.cols == 1 else "ij"
        read = [_reading(declared), f"the gradient ∂({of})/∂{name} is laid out with the shape "
                f"of {name}, {shape_of(truth)}: {entry} ∂({of})/∂{name}_{index}"]
        return _decide(claim, claimed, truth, read, sorted(_symbols(matrices), key=str))


def _decide(claim: str, claimed: Value, truth: sympy.Matrix, read: list[str],
            symbols: list[sympy.Symbol]) -> VectorCheck:  # fmt: skip
    if not isinstance(claimed, sympy.MatrixBase) or claimed.shape != truth.shape:
        if isinstance(claimed, sympy.MatrixBase) and claimed.shape == truth.T.shape \
                and _proven(claimed - truth.T):
            return VectorCheck("incorrect", (*read, f"incorrect: {claim} is the transpose of "
                                             f"the gradient: it is {shape_of(claimed)}, the "
                                             f"gradient {shape_of(truth)}; transpose it"))
        raise ShapeError(f"the claim {claim!r} is {shape_of(claimed)} but the gradient has "
                         f"the shape of the variable, {shape_of(truth)}")
    if _proven(claimed - truth):
        return VectorCheck("correct", (*read, f"correct: {claim} is the gradient, proven "
                                       f"entry by entry ({len(truth)} entries)"))
    point = _counterexample(claimed - truth, symbols)
    if point is None:
        return VectorCheck("probably_correct", (*read, f"probably correct: {claim} agrees "
                                                f"with the gradient at {_POINTS} random "
                                                "points, not proven in time"))
    values, entry = point
    at = ", ".join(f"{s} = {value_text(float(v))}" for s, v in values.items())
    i, j = entry
    lines = [*read, f"incorrect: {claim} is not the gradient",
             f"  at {at}",
             f"  entry ({i + 1}, {j + 1}) of the claim is "
             f"{value_text(float(claimed[i, j].subs(values)))}, of the gradient "
             f"{value_text(float(truth[i, j].subs(values)))}"]
    if truth.is_square and _proven(claimed - truth.T):
        lines.append("  this is the transpose of the gradient")
    return VectorCheck("incorrect", tuple(lines))


def _proven(difference: sympy.Matrix) -> bool:
    """Whether every entry of ``difference`` is 0: expanded, else simplified within budget."""
    try:
        with deadline(_PROOF_SECONDS, "to prove"):
            return all(sympy.expand(d) == 0 or sympy.simplify(d) == 0 for d in difference)
    except TooLargeError:
        return False


def _counterexample(difference: sympy.Matrix, symbols: list[sympy.Symbol]
                    ) -> tuple[dict[sympy.Symbol, sympy.Rational], tuple[int, int]] | None:
    """A point (small whole numbers and halves) and an entry where ``difference`` is not 0."""
    draw = random.Random(0)
    for _ in range(_POINTS):
        values = {s: sympy.Rational(draw.randint(-6, 6), draw.choice((1, 2))) for s in symbols}
        for i in range(difference.rows):
            for j in range(difference.cols):
                value = difference[i, j].subs(values)
                if value.is_extended_real and value.is_finite and abs(sympy.N(value)) > 1e-9:
                    return values, (i, j)
    return None


def _symbols(matrices: dict[str, sympy.Matrix]) -> set[sympy.Symbol]:
    return {entry for matrix in matrices.values() for entry in matrix}


def _reading(declared: dict[str, tuple[int, int]]) -> str:
    parts = [f"{name} as a column vector of {rows} ({name}_1 … {name}_{rows})" if columns == 1
             else f"{name} as a {rows}×{columns} matrix ({name}_11 … {name}_{rows}{columns})"
             for name, (rows, columns) in declared.items()]
    return "read " + ", ".join(parts)
