"""The tree of an index-notation formula (:mod:`chainrule.check.index_read` reads it): its
nodes, the tree written back with every sum's extent in brackets, the arrays it reads, and the
tree with one index letter shifted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Affine:
    """An index expression ``Σ coefficient·letter + constant``."""

    terms: tuple[tuple[int, str], ...]
    constant: int


@dataclass(frozen=True)
class Access:
    """``name[index, ...]`` (no brackets: ``indices`` is empty) at ``pos``."""

    name: str
    indices: tuple[Affine, ...]
    pos: int


@dataclass(frozen=True)
class IndexOp:
    """``kind`` is ``+ - * / ^ neg sqrt tanh``; ``args`` the operands."""

    kind: str
    args: tuple


@dataclass(frozen=True)
class Sum:
    letters: tuple[str, ...]
    body: object
    pos: int


def shifted(node: object, letter: str, by: int) -> object:
    """``node`` with ``letter`` replaced by ``letter + by`` in every index (``dc[n,t-1,j] =
    F(t)`` is ``dc[n,t,j] = F(t+1)``); a summed letter of that name is left alone."""
    if isinstance(node, Access):
        return Access(node.name, tuple(Affine(a.terms, a.constant + by * sum(
            k for k, name in a.terms if name == letter)) for a in node.indices), node.pos)
    if isinstance(node, Sum):
        return node if letter in node.letters else Sum(node.letters,
                                                       shifted(node.body, letter, by), node.pos)
    if isinstance(node, IndexOp):
        return IndexOp(node.kind, tuple(shifted(arg, letter, by) for arg in node.args))
    return node


def show(node: object) -> str:
    """The tree as text, every sum's extent in brackets: ``Σ_{i,j}[dY[i,j]·X[i+u,j+v]]``."""
    if isinstance(node, float):
        return f"{node:g}"
    if isinstance(node, Access):
        inside = ",".join(_affine_text(a) for a in node.indices)
        return f"{node.name}[{inside}]" if node.indices else node.name
    if isinstance(node, Sum):
        return f"Σ_{{{','.join(node.letters)}}}[{show(node.body)}]"
    assert isinstance(node, IndexOp)
    if node.kind == "neg":
        return f"−{show(node.args[0])}"
    if node.kind in ("sqrt", "tanh"):
        return f"{node.kind}({show(node.args[0])})"
    left, right = (f"({show(a)})" if node.kind in "/^" and isinstance(a, IndexOp) and a.kind == "*"
                   else show(a) for a in node.args)  # 1/(m·s), not 1/m·s
    if node.kind in ("+", "-"):
        return f"({left} {'+' if node.kind == '+' else '−'} {right})"
    op = {"*": "·", "/": "/", "^": "^"}[node.kind]
    return f"({left}{op}{right})" if node.kind != "*" else f"{left}{op}{right}"


def names(node: object) -> set[str]:
    """The names of the arrays ``node`` reads."""
    if isinstance(node, Access):
        return {node.name}
    if isinstance(node, Sum):
        return names(node.body)
    if isinstance(node, IndexOp):
        return {name for arg in node.args for name in names(arg)}
    return set()


def _affine_text(affine: Affine) -> str:
    parts = [f"{'-' if k < 0 else '+'}{'' if abs(k) == 1 else f'{abs(k)}*'}{letter}"
             for k, letter in affine.terms]
    if affine.constant:
        parts.append(f"{'-' if affine.constant < 0 else '+'}{abs(affine.constant)}")
    return "".join(parts).lstrip("+") or "0"
