"""One name, one thing: no module file name and no top-level class name is used twice, and
no module is longer than a reader takes in at once (300 lines).

A name that exists in two packages (``check/naming.py`` beside ``explain/naming.py``, two
``Context`` classes) makes a reader, a traceback and an import line ambiguous; each module and
class says what it does. Read from the source with :mod:`ast`, so the test needs no import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "chainrule"
MAX_LINES = 300


def _repeated(places: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: where for name, where in sorted(places.items()) if len(where) > 1}


def module_names(root: Path) -> dict[str, list[str]]:
    """Each module file name (``__init__.py`` aside) with the files that carry it."""
    places: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        if path.name != "__init__.py":
            places[path.name].append(str(path.relative_to(root)))
    return _repeated(places)


def class_names(root: Path) -> dict[str, list[str]]:
    """Each class defined at the top level of a module, with the modules that define it."""
    places: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                places[node.name].append(str(path.relative_to(root)))
    return _repeated(places)


def test_no_module_name_is_used_twice() -> None:
    assert module_names(PACKAGE) == {}


def test_no_class_name_is_used_twice() -> None:
    assert class_names(PACKAGE) == {}


def test_no_module_is_over_300_lines() -> None:
    long = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_checks_see_a_repeated_name(tmp_path: Path) -> None:
    for package, source in (("check", "class Context:\n    pass\n"),
                            ("explain", "import ast\n\nclass Context:\n    pass\n")):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
        (tmp_path / package / "naming.py").write_text(source)
    assert module_names(tmp_path) == {"naming.py": ["check/naming.py", "explain/naming.py"]}
    assert class_names(tmp_path) == {"Context": ["check/naming.py", "explain/naming.py"]}
