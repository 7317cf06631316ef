"""The package's import graph runs one way: nothing below the report imports it, and there is no cycle."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
MODULES = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}
#: Modules whose objects show themselves in Jupyter through the templates.
DISPLAYS = {"schema", "finding", "comparison"}


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(module: str, *, top_level_only: bool) -> set[str]:
    """The package's modules that ``module`` imports: at import time only, or anywhere (inside functions too)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                continue
            if isinstance(child, ast.ImportFrom) and (top or not top_level_only):
                base = child.module or ""
                if child.level == 1 or base.startswith("analysis"):
                    name = base.removeprefix("analysis").lstrip(".")
                    if name:
                        found.add(name.split(".")[0])
                    else:  # from . import x: x is a module or a name of the package's __init__
                        found.update(alias.name for alias in child.names if alias.name in MODULES)
            elif isinstance(child, ast.Import) and (top or not top_level_only):
                found.update(a.name.split(".")[1] for a in child.names if a.name.startswith("analysis."))
            nested = top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, nested)

    visit(tree, True)
    return found & MODULES


def _reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for name in _imports(todo.pop(), top_level_only=False) - seen:
            seen.add(name)
            todo.append(name)
    return seen


def test_the_reader_of_imports_sees_the_known_edges():
    assert {"finding", "io", "templating"} <= _imports("report", top_level_only=True)
    assert "comparison" in _imports("finding", top_level_only=False)  # Finding.compare, inside the method
    assert "comparison" not in _imports("finding", top_level_only=True)


def test_module_level_imports_have_no_cycle():
    graph = {module: _imports(module, top_level_only=True) for module in MODULES}
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
    assert order.index("schema") < order.index("finding") < order.index("report")


@pytest.mark.parametrize("module", sorted(MODULES - {"cli"}))
def test_nothing_below_the_command_line_imports_the_report_or_the_cli(module):
    above = {"cli"} if module == "report" else {"report", "cli"}
    assert not _imports(module, top_level_only=False) & above, f"{module} imports a layer above it"


def test_the_displays_render_through_the_bottom_module():
    for module in DISPLAYS:
        assert "templating" in _imports(module, top_level_only=False)
    below = _reachable("templating")
    assert not below & (DISPLAYS | {"templating", "report", "cli", "plots", "aggregate"}), below
