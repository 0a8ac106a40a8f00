r"""A notation's letters read once into names: ``\mathrm{net}`` is the upright word net,
``\hat{y}`` is y with a hat, ``\delta`` is δ, ``y_{n}`` is y with the subscript n.

A notation writes its letters as a learner types them (``"loss=J,post=h"``, a preset's
``\theta``); each is read here, once, by the formula grammar (:func:`parse_name`: the letter
must be one name the checker can read) and into a
:class:`~chainrule.calculus.math_names.MathName`, so that no name is read back from LaTeX later.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from chainrule.calculus.math_names import MathName
from chainrule.calculus.symbols import GREEK
from chainrule.errors import ConfigError, ParseError

if TYPE_CHECKING:  # a type only: notation.py reads its custom letters here
    from chainrule.explain.notation import Notation

#: The letters a quantity's name is built from: they take the quantity's indices and layer.
LETTERS = ("pre", "post", "activation", "delta", "weight", "bias", "target", "input", "output",
           "weight_matrix")
#: The names a notation writes whole (they may carry their own scripts: ``C_0``, ``y_{n}``).
WHOLE = ("loss", "single_target")


def _script(name: str) -> str:
    """``_{…}`` or ``_x`` (``^`` the same), the script's text in group ``name`` or ``name1``."""
    return rf"(?:\{{(?P<{name}>[^{{}}]*)\}}|(?P<{name}1>[A-Za-z0-9]))"


_LETTER = re.compile(
    r"(?:\\(?P<accent>hat|bar|tilde|dot)\{(?P<accented>[^{}]+)\}"
    r"|\\(?P<style>mathrm|operatorname|mathbf|boldsymbol)\{(?P<styled>[^{}]+)\}"
    r"|(?P<plain>\\[A-Za-z]+|[^\W_]+))"
    rf"(?:_{_script('sub')})?(?:\^{_script('sup')})?")


@functools.lru_cache(maxsize=256)
def parse_name(latex: str) -> str:
    r"""The canonical name :func:`chainrule.calculus.parse` gives a notation's letter or name:
    ``\delta`` → ``delta``, ``\hat{y}`` → ``yhat``, ``\mathrm{net}`` → ``net``, ``C_0``,
    ``\mathrm{e}`` → ``e`` (the loss, not Euler's number).

    Raises
    ------
    ConfigError
        If the parser does not read ``latex`` as one symbol (a custom notation's letter).
    """
    from chainrule.calculus import parse

    try:
        value = parse(latex)
    except ParseError as error:
        raise ConfigError(f"the notation's name {latex!r} is not a name the formula parser "
                          f"reads: {error.reason}") from None
    if value.is_Symbol:
        return value.name
    if latex.replace(r"\mathrm", "").strip("{} ") == "e":  # the loss e, not Euler's number
        return "e"
    raise ConfigError(f"the notation's name {latex!r} is not one symbol to the formula parser; "
                      f"it reads {value}")


def _unicode(text: str, field: str, written: str) -> str:
    r"""``\delta`` → ``δ``, other letters as they are; an error for any other command."""
    def greek(match: re.Match[str]) -> str:
        if match[1] not in GREEK:
            raise ConfigError(f"the notation's {field} {written!r}: \\{match[1]} is not a "
                              "letter")
        return GREEK[match[1]]

    return re.sub(r"\\([A-Za-z]+)\s*", greek, text)


@functools.lru_cache(maxsize=256)
def read_name(field: str, written: str) -> MathName:
    r"""One letter or name of a notation as a :class:`MathName`: ``\mathrm{net}``, ``\theta``,
    ``\hat{y}``, ``dz``, ``C_0``, ``y_{n}``.

    Raises
    ------
    ConfigError
        If ``written`` is not one name the formula grammar reads, or (for a letter that takes
        indices, see :data:`LETTERS`) carries a subscript or superscript of its own.
    """
    try:
        parse_name(written)  # one symbol to the formula grammar
    except ConfigError as error:
        raise ConfigError(f"{field}={written}: {error}") from None
    match = _LETTER.fullmatch(written.strip())
    if match is None:
        raise ConfigError(f"the notation's {field} {written!r} is not one letter or word")
    letters = match["accented"] or match["styled"] or match["plain"]
    sub = match["sub"] if match["sub"] is not None else match["sub1"] or ""
    sup = match["sup"] if match["sup"] is not None else match["sup1"] or ""
    if field in LETTERS and (sub or sup):
        raise ConfigError(f"the notation's {field} {written!r} takes the quantity's indices "
                          "and layer: write it without a subscript or superscript")
    base = _unicode(letters, field, written).replace(" ", "")
    style = match["style"] or ""
    return MathName(base, _unicode(sub, field, written), _unicode(sup, field, written),
                    accent=match["accent"] or "", upright=style in ("mathrm", "operatorname"),
                    bold=style in ("mathbf", "boldsymbol"))


@functools.lru_cache(maxsize=64)
def letter(notation: Notation, field: str) -> MathName | None:
    """The notation's letter or name ``field`` (``"pre"``, ``"loss"``) as a name; None where
    the notation leaves it empty (``input``, ``output``, ``single_target``)."""
    written = getattr(notation, field)
    return read_name(field, written) if written else None
