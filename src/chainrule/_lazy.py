"""Names a package exports but imports only on first use, so importing it stays cheap."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``exports`` maps each public name to the
    module that defines it; a module name mapped to itself exports the module."""

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(exports[name])
        return module if exports[name] == f"{package}.{name}" else getattr(module, name)

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__


def callable_module(package: str, target: str) -> None:
    """Let the module ``package`` be called as the function ``target`` (``"module:name"``).

    ``chainrule.explain`` and ``chainrule.check`` are packages *and* the library's main
    functions: ``cr.explain(net, x, y, "w_12^(2)")``. An attribute alone cannot do it, because
    importing a submodule rebinds the package's attribute to the module; a module whose class
    has ``__call__`` keeps both. The function is imported on the first call.
    """
    module = sys.modules[package]
    where, name = target.split(":")

    class _CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module(where), name)(*args, **kwargs)

    _CallableModule.__call__.__doc__ = f"Call :func:`{where}.{name}`."
    module.__class__ = _CallableModule
