r"""A notation's name as a small tree: a base with a subscript, a superscript and a style.

The names of a network's quantities (``w₅₃``, ``s₁⁽ᴸ⁾``, ``(W₂)₁₂``, ``dW^[2]``, ``netⱼ``,
``ŷ₁``, ``𝐱⁽ˡ⁾``) are held as :class:`MathName` s and printed by each printer of the family
(:mod:`chainrule.calculus.printing`): text, LaTeX and MathML are written from the tree, never
read back from LaTeX.

>>> MathName("w", sub="53", sup="(2)").canonical
'w_53^(2)'
>>> MathName(MathName("W", sub="2"), sub="12").canonical  # (W₂)₁₂, an entry of W₂
'W_12^(2)'
>>> str(MathName("net", sub="5", upright=True))  # its LaTeX
'\\mathrm{net}_{5}'
"""

from __future__ import annotations

from dataclasses import dataclass

from chainrule._display import writer
from chainrule.calculus.symbols import GREEK_BY_LETTER, symbol_name
from chainrule.errors import ConfigError, one_of

#: The accents a name's base may carry.
ACCENT_NAMES = ("", "hat", "bar", "tilde", "dot")


@dataclass(frozen=True)
class MathName:
    """One name of a notation.

    Attributes
    ----------
    base : str or MathName
        The letters in Unicode (``"w"``, ``"δ"``, ``"net"``, ``"dW"``), or a name whose entry
        this is: ``MathName(MathName("z", sub="2"), sub="1")`` is ``(z₂)₁``.
    sub : str
        The subscript as text, indices as they are written: ``"53"``, ``"n,j"``, ``"l+1"``.
    sup : str
        The superscript as text, with its brackets: ``"(2)"``, ``"[l]"``, ``"(L-1)"``.
    accent : str
        One of :data:`ACCENT_NAMES` over the base: ``"hat"`` for ``ŷ``.
    upright : bool
        The base in upright letters (``net``, Mitchell; the loss ``e`` in LFD).
    bold : bool
        The base in bold (a vector, LFD and Mitchell).
    prefix : str
        Letters written before the base, in italic, whatever its style: the ``d`` of a
        gradient's name (``dŷ``, ``dW^[2]``, ``dz₂`` in CS231n and Andrew Ng's course).
    """

    base: str | MathName
    sub: str = ""
    sup: str = ""
    accent: str = ""
    upright: bool = False
    bold: bool = False
    prefix: str = ""

    def __post_init__(self) -> None:
        if self.accent not in ACCENT_NAMES:
            raise one_of("accent", self.accent, ACCENT_NAMES)
        if isinstance(self.base, MathName):
            if self.accent or self.upright or self.bold or self.prefix:
                raise ConfigError("an entry (x₂)₁ takes no accent, style or prefix of its own")
        elif not self.base or not all(c.isalnum() for c in self.base):
            raise ConfigError(f"a name's base must be letters or digits; got {self.base!r}")
        if not all(c.isalpha() for c in self.prefix):
            raise ConfigError(f"a name's prefix must be letters; got {self.prefix!r}")

    @property
    def entry(self) -> bool:
        """Whether this is an entry of another name, written ``(z₂)₁``."""
        return isinstance(self.base, MathName)

    @property
    def raised(self) -> bool:
        """Whether the name carries a superscript (a power of it needs parentheses)."""
        return bool(self.sup) or (isinstance(self.base, MathName) and self.base.raised)

    def with_scripts(self, sub: str | None = None, sup: str | None = None) -> MathName:
        """The same name with its subscript and/or superscript replaced."""
        return MathName(self.base, self.sub if sub is None else sub,
                        self.sup if sup is None else sup, self.accent, self.upright, self.bold,
                        self.prefix)

    @property
    def canonical(self) -> str:
        """The symbol name the formula parser gives this name (:mod:`~chainrule.calculus.
        symbols`): ``w_12^(L)``, ``delta_j^(l+1)``, ``yhat_1``, ``net_5``, ``dz_2``; an entry
        ``(z₂)₁`` is ``z_1^(2)``, its vector's subscript moved into the layer tag."""
        name, layer = self, self.sup
        if isinstance(self.base, MathName):
            name, layer = self.base, f"({self.base.sub})"
        if isinstance(name.base, MathName) or (layer and layer[0] + layer[-1] not in ("()", "[]")):
            raise ConfigError(f"{self} has no name of its own in the formula parser")
        base = name.prefix + "".join(GREEK_BY_LETTER.get(c, c) for c in name.base) + name.accent
        return symbol_name(base, self.sub, layer[1:-1])

    def __str__(self) -> str:
        """The name's LaTeX (a symbol's SymPy name, a learner's spelling to match); formulas
        hold the name itself. The LaTeX printer, which imports this module, is found by name
        (no import circle)."""
        return writer("math_name.latex")(self)
