"""The layering rule, read from the source: lower layers never import higher ones.

    errors ← _lazy ← _display ← ops ← data ← nn ← calculus ← explain ← check ← render ← viz
    ← teach ← cli

Every package has its own place in the order, so no two packages can import each other: the
import graph between packages has no circle. Nor has the graph between modules: no module
imports, even inside a function, a module that imports it back, directly or round a longer
circle (imports under ``if TYPE_CHECKING:`` name types only and never run, so they do not
count there). Every ``import`` and ``from … import`` of every
module under ``src/chainrule`` is parsed with :mod:`ast` (function bodies and ``TYPE_CHECKING``
blocks included), with no exception: a result whose display is written by a higher package
(a derivation's ``to_latex``, a network's ``_repr_html_``) finds its writer by name through
:mod:`chainrule._display`, where the root package registers it.
"""

from __future__ import annotations

import ast
from functools import cache
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


def _from_module(node: ast.ImportFrom, path: Path) -> str:
    """The module after ``from``, a relative one resolved against the module's own package."""
    if not node.level:
        return node.module or ""
    package = ["chainrule", *path.relative_to(PACKAGE).parent.parts]
    base = ".".join(package[: len(package) - node.level + 1])
    return f"{base}.{node.module}" if node.module else base


def _imported(node: ast.Import | ast.ImportFrom, path: Path) -> list[str]:
    """The chainrule modules an import statement names, as dotted paths."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    module = _from_module(node, path)
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
    """Each chainrule import with the name of the function it sits in (or None); with
    ``run_only``, the imports under ``if TYPE_CHECKING:`` are left out."""

    def __init__(self, path: Path, run_only: bool = False) -> None:
        self.path, self.function, self.found, self.run_only = path, None, [], run_only

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        typing_only = getattr(test, "id", getattr(test, "attr", "")) == "TYPE_CHECKING"
        run = node.orelse if self.run_only and typing_only else [test, *node.body, *node.orelse]
        for child in run:
            self.visit(child)

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


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _all_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _importing(node: ast.Import | ast.ImportFrom, path: Path) -> list[str]:
    """The modules of the package an import statement runs: ``from chainrule.nn import io``
    and ``from . import io`` the module ``chainrule.nn.io``; ``from chainrule.nn.io import
    save`` the module ``chainrule.nn.io``."""
    known = _all_modules()
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names]
    else:
        base = _from_module(node, path)
        modules = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                   for alias in node.names]
    return [module for module in modules if module in known]


class _RunImports(_Imports):
    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.found.extend(_importing(node, self.path))

    visit_ImportFrom = visit_Import


def module_imports() -> dict[str, set[str]]:
    """Each module of the package with the modules it imports when it runs (at module level
    or in a function; a package's ``__init__`` is the package's own name)."""
    edges = {}
    for name, path in _all_modules().items():
        visitor = _RunImports(path, run_only=True)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        edges[name] = set(visitor.found) - {name}
    return edges


def test_the_module_import_graph_has_no_circle() -> None:
    assert circle(module_imports()) == []


def test_an_import_inside_a_function_makes_a_circle() -> None:
    probe = PACKAGE / "nn" / "network.py"  # the source is given
    source = (
        "from typing import TYPE_CHECKING\n"
        "from chainrule.nn import dense, model_formats\n"
        "from chainrule.nn.layer import Layer\n"
        "if TYPE_CHECKING:\n    from chainrule.nn.history import History\n"
        "else:\n    from chainrule.nn import layout\n"
        "def save(self):\n    from chainrule.nn.io import save\n"
        "def load():\n    from . import io as files\n"
    )
    visitor = _RunImports(probe, run_only=True)
    visitor.visit(ast.parse(source))
    assert visitor.found == ["chainrule.nn.dense", "chainrule.nn.model_formats",
                             "chainrule.nn.layer", "chainrule.nn.layout", "chainrule.nn.io",
                             "chainrule.nn.io"]
    edges = {**module_imports(), "chainrule.nn.network": set(visitor.found)}
    found = circle(edges)  # network → io → network, or a longer way round through io
    assert found[0] == found[-1] and {"chainrule.nn.network", "chainrule.nn.io"} <= set(found)
