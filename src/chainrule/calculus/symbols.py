"""Readable symbol names: a base, a subscript and a layer tag, kept in one SymPy name.

A parsed symbol carries its structure in its name, in one canonical form::

    base[_subscript][^(layer)]      e.g.  x_1^(L)   w_12^(2)   delta_j^(l+1)   yhat_1

The base is a Latin letter, a run of letters (``net``), a Greek letter by name (``delta``) or a
letter with an accent (``yhat``). :func:`symbol_parts` takes a name apart again, so printers and
the sum expander never have to guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

#: Greek letters by name, as the parser accepts them and the text printer writes them.
GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

#: Unicode Greek letter -> canonical name (the first name listed for it wins).
GREEK_BY_LETTER: dict[str, str] = {}
for _name, _letter in GREEK.items():
    GREEK_BY_LETTER.setdefault(_letter, _name)
GREEK_BY_LETTER.update({"ϵ": "epsilon", "ϕ": "phi", "ς": "sigma"})

#: Accents the parser understands, as name suffixes: ``yhat`` is ŷ, ``xbar`` is x̄.
ACCENTS: tuple[str, ...] = ("hat", "bar", "tilde", "dot")

_NAME = re.compile(r"^(?P<base>[^_^]+)(?:_(?P<sub>[^^]+))?(?:\^\((?P<layer>[^()]+)\))?$")


@dataclass(frozen=True)
class SymbolParts:
    """The pieces of a symbol's name.

    Attributes
    ----------
    base : str
        The letter or name, e.g. ``"x"``, ``"delta"``, ``"net"``, ``"yhat"``.
    subscript : str
        The subscript as written, e.g. ``"1"``, ``"ij"``, ``"12"``; empty if none.
    layer : str
        The layer tag without its parentheses, e.g. ``"L"``, ``"l+1"``; empty if none.
    """

    base: str
    subscript: str = ""
    layer: str = ""

    @property
    def indices(self) -> tuple[str, ...]:
        """The subscript's indices: split at commas if it has any, else one per character."""
        if not self.subscript:
            return ()
        if "," in self.subscript:
            return tuple(self.subscript.split(","))
        return tuple(self.subscript)

    @property
    def accent(self) -> tuple[str, str]:
        """``(letter, accent)`` for an accented base such as ``yhat``; ``(base, "")`` else."""
        for accent in ACCENTS:
            if len(self.base) == len(accent) + 1 and self.base.endswith(accent):
                return self.base[0], accent
        return self.base, ""

    @property
    def name(self) -> str:
        """The canonical name these parts spell."""
        return symbol_name(self.base, self.subscript, self.layer)


def symbol_name(base: str, subscript: str = "", layer: str = "") -> str:
    """Spell a canonical symbol name, e.g. ``symbol_name("x", "1", "L") == "x_1^(L)"``."""
    name = base
    if subscript:
        name += f"_{subscript}"
    if layer:
        name += f"^({layer})"
    return name


def make_symbol(base: str, subscript: str = "", layer: str = "") -> sympy.Symbol:
    """A SymPy symbol with a canonical name; see :func:`symbol_name`."""
    return sympy.Symbol(symbol_name(base, subscript, layer))


def symbol_parts(symbol: sympy.Symbol | str) -> SymbolParts:
    """Take a symbol's name apart into base, subscript and layer tag.

    Parameters
    ----------
    symbol : sympy.Symbol or str
        A symbol (or its name). Names not in the canonical form give a bare base.

    Returns
    -------
    SymbolParts
        For example ``SymbolParts("w", "12", "2")`` for ``w_12^(2)``.
    """
    name = symbol if isinstance(symbol, str) else symbol.name
    match = _NAME.match(name)
    if match is None:
        return SymbolParts(name)
    return SymbolParts(match["base"], match["sub"] or "", match["layer"] or "")


def with_index(symbol: sympy.Symbol, index: str, value: str) -> sympy.Symbol:
    """The symbol with one subscript index replaced, e.g. ``w_ij`` with j = 2 is ``w_i2``.

    Used to expand a sum over a named index; symbols without that index are returned as they
    are. Indices are joined with commas when one of them is longer than one character.
    """
    parts = symbol_parts(symbol)
    if index not in parts.indices:
        return symbol
    indices = [value if part == index else part for part in parts.indices]
    joiner = "," if any(len(part) > 1 for part in indices) else ""
    return make_symbol(parts.base, joiner.join(indices), parts.layer)


def uses_index(symbol: sympy.Symbol, index: str) -> bool:
    """Whether ``symbol`` carries ``index``: in its subscript (``w_jk``) or as its name (``j``)."""
    parts = symbol_parts(symbol)
    if index in parts.indices:
        return True
    return parts.base == index and not parts.subscript and not parts.layer
