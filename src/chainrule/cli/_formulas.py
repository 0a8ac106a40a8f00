"""The formula options of `derive` and `check`, refused by name when empty or malformed."""

from __future__ import annotations

from chainrule.errors import ConfigError

#: Where a claim that starts with '-' must go: after `--`, so it is not read as an option.
DASH_HINT = ("a claim that starts with '-' goes last, after `--`, e.g. chainrule check "
             "--of '(t-a)^2/2' --wrt a -- '-(t-a)'")


def require_text(value: str | None, option: str, example: str) -> None:
    """Refuse an empty ``option`` (``None``, not given, is left to the command)."""
    if value is not None and not value.strip():
        raise ConfigError(f"{option} must not be empty, e.g. {option} {example}; got {value!r}")


def where_pairs(where: list[str]) -> list[tuple[str, str]]:
    """``["a=tanh(s)"]`` → ``[("a", "tanh(s)")]``; an item without a name or formula is refused."""
    pairs = []
    for item in where:
        name, equals, value = item.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise ConfigError(f"--where takes NAME=EXPR, e.g. --where 'a=tanh(s)'; got {item!r}")
        pairs.append((name.strip(), value.strip()))
    return pairs
