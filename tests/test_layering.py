"""The layering rule, read from the source: lower layers never import higher ones.

    errors ← ops, data ← nn ← calculus ← explain, check ← render, viz ← teach ← cli

Every ``import`` and ``from … import`` of every module under ``src/chainrule`` is parsed with
:mod:`ast` (function bodies and ``TYPE_CHECKING`` blocks included). The one accepted exception
is a display method of a result object — a function named ``to_*`` or ``_repr_*`` (``to_html``,
``_repr_html_``) — which may import its renderer lazily, so that the lower layer never needs it
until a user asks for that display.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "chainrule"
LAYERS = {
    "errors": 0, "_lazy": 0, "ops": 1, "data": 1, "nn": 2, "calculus": 3, "explain": 4, "check": 4,
    "render": 5, "viz": 5, "teach": 6, "cli": 7,
}  # fmt: skip
DISPLAY_PREFIXES = ("to_", "_repr_")


def _modules() -> list[Path]:
    top_level = ("errors", "_lazy")  # the package's own modules below every layer
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem in top_level)


def _layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imported(node: ast.Import | ast.ImportFrom, path: Path) -> list[str]:
    """The chainrule modules an import statement names, as dotted paths."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: resolve against the module's own package
        package = ["chainrule", *path.relative_to(PACKAGE).parent.parts]
        base = ".".join(package[: len(package) - node.level + 1])
        module = f"{base}.{node.module}" if node.module else base
    else:
        module = node.module or ""
    if module == "chainrule":  # from chainrule import viz
        return [f"chainrule.{alias.name}" for alias in node.names]
    return [module]


def _target_layer(module: str) -> str | None:
    """The layer a dotted module belongs to; "chainrule" for the root facade; None if outside."""
    parts = module.split(".")
    if parts[0] != "chainrule":
        return None
    if len(parts) == 1:
        return "chainrule"
    return parts[1] if parts[1] in LAYERS else "chainrule"


class _Imports(ast.NodeVisitor):
    """Each chainrule import with the name of the function it sits in (or None)."""

    def __init__(self, path: Path) -> None:
        self.path, self.function, self.found = path, None, []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for module in _imported(node, self.path):
            self.found.append((node.lineno, module, self.function))

    visit_ImportFrom = visit_Import


def violations(path: Path, source: str | None = None) -> list[str]:
    """``file:line: layer imports module`` for each import of a higher layer (or the root)."""
    layer = _layer_of(path)
    visitor = _Imports(path)
    text = path.read_text(encoding="utf-8") if source is None else source
    visitor.visit(ast.parse(text, filename=str(path)))
    out = []
    for line, module, function in visitor.found:
        target = _target_layer(module)
        if target is None or target == layer:
            continue
        display = function is not None and function.startswith(DISPLAY_PREFIXES)
        too_high = target == "chainrule" or LAYERS[target] > LAYERS[layer]
        if too_high and not display:
            where = f" (in {function})" if function else ""
            out.append(f"{path.relative_to(PACKAGE)}:{line}: {layer} imports {module}{where}")
    return out


def test_every_module_is_in_a_layer() -> None:
    assert {_layer_of(p) for p in _modules()} <= set(LAYERS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_lower_layer_imports_a_higher_one(path: Path) -> None:
    assert violations(path) == []


def test_the_checker_sees_violations_and_the_display_exception() -> None:
    probe = PACKAGE / "nn" / "_probe.py"  # not a file: the source is given
    source = (
        "from chainrule.viz.notebook import trace_html\n"
        "import chainrule as cr\n"
        "from chainrule import render\n"
        "from ..calculus import parse\n"
        "from . import dense\n"
        "from chainrule.ops import affine\n"
        "import numpy\n"
        "def fit():\n    from chainrule.explain import explain\n"
        "class Trace:\n    def _repr_html_(self):\n        from chainrule.viz import notebook\n"
        "    def to_html(self):\n        from chainrule.render import render\n"
    )
    assert violations(probe, source) == [
        "nn/_probe.py:1: nn imports chainrule.viz.notebook",
        "nn/_probe.py:2: nn imports chainrule",
        "nn/_probe.py:3: nn imports chainrule.render",
        "nn/_probe.py:4: nn imports chainrule.calculus",
        "nn/_probe.py:9: nn imports chainrule.explain (in fit)",
    ]
