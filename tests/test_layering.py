"""The layering rule, read from the source: lower layers never import higher ones.

    errors ← _lazy ← _display ← ops ← data ← nn ← calculus ← explain ← check ← render ← viz
    ← teach ← cli

Every package has its own place in the order, so no two packages can import each other: the
import graph between packages has no circle. Every ``import`` and ``from … import`` of every
module under ``src/chainrule`` is parsed with :mod:`ast` (function bodies and ``TYPE_CHECKING``
blocks included), with no exception: a result whose display is written by a higher package
(a derivation's ``to_latex``, a network's ``_repr_html_``) finds its writer by name through
:mod:`chainrule._display`, where the root package registers it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "chainrule"
ORDER = ("errors", "_lazy", "_display", "ops", "data", "nn", "calculus", "explain", "check",
         "render", "viz", "teach", "cli")
LAYERS = {name: rank for rank, name in enumerate(ORDER)}


def _modules() -> list[Path]:
    top_level = ("errors", "_lazy", "_display")  # the package's own modules below every layer
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
        if target == "chainrule" or LAYERS[target] > LAYERS[layer]:
            where = f" (in {function})" if function else ""
            out.append(f"{path.relative_to(PACKAGE)}:{line}: {layer} imports {module}{where}")
    return out


def test_every_module_is_in_a_layer() -> None:
    assert {_layer_of(p) for p in _modules()} <= set(LAYERS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_lower_layer_imports_a_higher_one(path: Path) -> None:
    assert violations(path) == []


def test_the_checker_sees_violations_even_in_display_methods() -> None:
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
        "nn/_probe.py:12: nn imports chainrule.viz (in _repr_html_)",
        "nn/_probe.py:14: nn imports chainrule.render (in to_html)",
    ]


def test_packages_on_the_same_level_are_ordered_too() -> None:
    source = "from chainrule.check.result import CheckResult\nfrom chainrule.viz import svg\n"
    assert violations(PACKAGE / "explain" / "_probe.py", source) == [
        "explain/_probe.py:1: explain imports chainrule.check.result",
        "explain/_probe.py:2: explain imports chainrule.viz",
    ]
    assert violations(PACKAGE / "check" / "_probe.py", "from chainrule.explain import model\n"
                      ) == []  # fmt: skip
    assert violations(PACKAGE / "ops" / "_probe.py", "from chainrule.data import moons\n") == [
        "ops/_probe.py:1: ops imports chainrule.data",
    ]


def package_imports() -> dict[str, set[str]]:
    """Each package (or top-level module) with the packages its modules import."""
    edges: dict[str, set[str]] = {layer: set() for layer in LAYERS}
    for path in _modules():
        visitor = _Imports(path)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for _, module, _ in visitor.found:
            target = _target_layer(module)
            if target is not None and target != _layer_of(path):
                edges[_layer_of(path)].add(target)
    return edges


def circle(edges: dict[str, set[str]]) -> list[str]:
    """A circle of the graph ``edges`` (each node's successors), or ``[]`` if it has none."""
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return []
        for successor in sorted(edges.get(node, ())):
            found = walk(successor, [*path, node])
            if found:
                return found
        done.add(node)
        return []

    for node in sorted(edges):
        found = walk(node, [])
        if found:
            return found
    return []


def test_the_package_import_graph_has_no_circle() -> None:
    assert circle(package_imports()) == []


def test_a_circle_is_found() -> None:
    assert circle({"nn": {"ops"}, "ops": set()}) == []
    assert circle({"nn": {"viz", "ops"}, "ops": set(), "viz": {"explain"}, "explain": {"nn"}}) == [
        "explain", "nn", "viz", "explain"]
