"""A learner's own names for a network's quantities: ``--symbols "out_{o1}=o_5,E_{total}=E"``.

The items of ``symbols`` whose key is a field of a notation (``loss=J``, ``post=h``) change the
notation; any other ``name=quantity`` item names a quantity of the network in the notation's
spelling, and the learner's ``name`` is read as that quantity (and the output says so).
"""

from __future__ import annotations

import re

from chainrule.errors import ConfigError
from chainrule.explain.notation import CUSTOM_KEYS


def split_symbols(symbols: str | None) -> tuple[str | None, dict[str, str]]:
    """``(notation symbols or None, {learner's name: the notation's name})`` as written."""
    if not symbols:
        return symbols, {}
    fields, aliases = [], {}
    for item in filter(None, (part.strip() for part in symbols.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise ConfigError(f"a symbol must look like `name=symbol`; got {item!r}")
        if key.strip() in CUSTOM_KEYS:
            fields.append(item)
        else:
            aliases[key.strip()] = value.strip()
    return (",".join(fields) or None), aliases


def key_text(written: str) -> str:
    """A name reduced to compare spellings: ``out_{o1}`` and ``out_o1``, ``A^{[1]}`` and
    ``A^(1)``, ``dZ2`` and ``dZ_2``."""
    text = re.sub(r"[\s{}\\]", "", written)
    text = re.sub(r"^([A-Za-z]+)(\d+)$", r"\1_\2", text)
    return re.sub(r"\^\[([^\]]*)\]", r"^(\1)", text)


def renamed(name: str, aliases: dict[str, str]) -> tuple[str, str | None]:
    """``name`` as the quantity the learner's ``aliases`` map it to, with the line that says
    so (``read out_{o1} as o_5 (--symbols)``), or as it is and None."""
    table = {key_text(key): value for key, value in aliases.items()}
    value = table.get(key_text(name))
    if value is None:
        return name, None
    return value, f"read {name.strip()} as {value} (--symbols)"
