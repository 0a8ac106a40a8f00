"""The exception tree. Every error chainrule raises on purpose is a :class:`ChainruleError`.

A learner's *wrong formula* is not an error: the checker returns it as a result. These
exceptions are for input that cannot be used at all, and each message says what was
expected and what came.
"""

from __future__ import annotations

from collections.abc import Iterable


class ChainruleError(Exception):
    """Base of every error chainrule raises on purpose."""

    exit_code = 2  # what the CLI exits with: 2 = the input could not be used


class ConfigError(ChainruleError, ValueError):
    """An option, name or hyper-parameter has a value that is not allowed."""


class ShapeError(ChainruleError, ValueError):
    """An array has the wrong shape for the layer or loss that receives it."""


class DataError(ChainruleError, ValueError):
    """Data that cannot be used: NaN/Inf, labels out of range, a missing or malformed file."""


class ModelFileError(ChainruleError):
    """A saved model that is truncated, corrupted or of an incompatible format version."""


class DivergenceError(ChainruleError):
    """Training produced a non-finite loss or weight; the last good weights were kept."""

    exit_code = 1


class ParseError(ChainruleError, ValueError):
    """A formula that could not be parsed; carries the text and the position of the problem."""

    def __init__(self, message: str, text: str = "", position: int | None = None) -> None:
        self.reason = message
        self.text = text
        self.position = position
        super().__init__(self._render())

    def _render(self) -> str:
        if self.position is None or not self.text:
            return self.reason
        caret = " " * self.position + "^"
        return f"{self.reason} (at position {self.position + 1})\n  {self.text}\n  {caret}"


class TooLargeError(ChainruleError):
    """A formula readable but too costly to work with: refused by the cost model, or stopped
    at its time budget."""


class DerivationError(ChainruleError):
    """A derivation whose result disagrees with sympy.diff: a bug, reported loudly."""

    exit_code = 3


def one_of(name: str, value: object, allowed: Iterable[str]) -> ConfigError:
    """The standard 'must be one of' error, e.g. for a misspelt activation name."""
    choices = ", ".join(sorted(allowed))
    return ConfigError(f"`{name}` must be one of {choices}; got {value!r}")
