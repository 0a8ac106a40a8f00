"""The tree a matrix claim is read into: its names and its nodes (the vocabulary shared by
the reader, :mod:`chainrule.check.matrix_read` and :mod:`chainrule.check.matrix_calls`, and
the modules that bind, evaluate and prove a claim)."""

from __future__ import annotations

from dataclasses import dataclass

FUNCTIONS = ("tanh", "exp", "log")  # the functions a claim calls by name
#: The letters that are the activation in a claim about a network, when called.
LETTERS = ("theta", "sigma", "g", "f")


@dataclass(frozen=True)
class Name:
    """A name with its scripts: ``base`` (``W``, ``dz``, ``delta``, ``yhat``), ``sub``, ``tag``
    (the layer tag without brackets), and ``pos`` in the claim."""

    base: str
    sub: str
    tag: str
    pos: int

    def __str__(self) -> str:
        shown = {"delta": "δ", "yhat": "ŷ", "sigma": "σ", "theta": "θ"}.get(self.base, self.base)
        sub = f"_{self.sub}" if self.sub else ""
        return f"{shown}{sub}" + (f"^({self.tag})" if self.tag else "")


Node = tuple  # ("num", v) ("name", Name) ("add"|"sub"|"matmul"|"emul"|"div", a, b, pos)
# ("neg", a) ("T", a) ("pow", a, k) ("sum", a, axis, pos) ("call", name, primes, a, pos)
