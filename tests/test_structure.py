"""The package's imports run one way, down the layers a newcomer reads in order, and there is no cycle."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
MODULES = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}
#: Modules whose objects show themselves in Jupyter through the templates.
DISPLAYS = {"schema", "finding", "comparison"}
#: The layers, bottom first (the order of analysis/__init__.py's docstring). A module imports only modules of
#: its own layer or of layers below it, at module level and inside functions alike.
LAYERS = (
    {"errors", "defaults", "resources", "prose", "templating"},
    {"databases"},
    {"io"},
    {"schema"},
    {"manufacturers", "datecodes", "regions"},
    {"enrich"},
    {"chpl"},
    {"finding", "datasets"},
    {"aggregate"},
    {"comparison"},
    {"plots"},
    {"output", "report"},
    {"cli"},
)
RANK = {module: rank for rank, layer in enumerate(LAYERS) for module in layer}
#: The only imports that point up, each inside the one function that needs it, and why.
CONVENIENCES = {
    ("templating", "regions"): "the `country` filter names a country when a template asks for one; regions "
    "reads only a reference table, so nothing comes back up",
    ("prose", "regions"): 'a sentence names a country ("the United States"); regions reads only a reference '
    "table, so nothing comes back up",
    ("finding", "aggregate"): "Finding.summary() and Finding.assembled_not_before*: a finding's own figures, "
    "one call in a notebook",
    ("finding", "plots"): "Finding.plot.origins() etc.: a finding's charts, one call in a notebook",
    ("finding", "comparison"): "Finding.compare(): analysis.compare(finding, ...) as a method",
    ("comparison", "plots"): "Comparison.plot.shares() and .years(): a comparison's charts, one call in a notebook",
}


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


def test_every_module_has_a_layer():
    assert set(RANK) == MODULES, "place a new module in LAYERS (and in analysis/__init__.py's docstring)"


def test_the_package_docstring_lists_the_layers_in_order():
    import analysis

    lines = [line.split(":")[0] for line in analysis.__doc__.splitlines() if line.startswith("- ")]
    assert [{name.strip("`,") for name in line.split()[1:]} for line in lines] == list(LAYERS)


def test_the_reader_of_imports_sees_the_known_edges():
    assert {"finding", "io", "templating"} <= _imports("report", top_level_only=True)
    assert "comparison" in _imports("finding", top_level_only=False)  # Finding.compare, inside the method
    assert "comparison" not in _imports("finding", top_level_only=True)
    assert "errors" in _imports("schema", top_level_only=True)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_it(module):
    upward = {
        name
        for name in _imports(module, top_level_only=False)
        if RANK[name] > RANK[module] and (module, name) not in CONVENIENCES
    }
    assert not upward, f"{module} imports {sorted(upward)}, above it: move the code, or document a convenience"


def test_conveniences_point_up_and_are_used_only_inside_functions():
    for importer, imported in CONVENIENCES:
        assert RANK[imported] > RANK[importer], (importer, imported)
        assert imported in _imports(importer, top_level_only=False), f"{importer} no longer needs {imported}"
        assert imported not in _imports(importer, top_level_only=True), (importer, imported)


def test_no_cycle_anywhere_but_through_a_convenience():
    graph = {
        module: {name for name in _imports(module, top_level_only=False) if (module, name) not in CONVENIENCES}
        for module in MODULES
    }
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError on a cycle, inside functions too


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


def test_the_version_is_the_installed_distributions():
    import subprocess
    import sys
    from importlib.metadata import version

    import analysis

    assert analysis.__version__ == version("component-origins")
    shown = subprocess.run([sys.executable, "-m", "analysis.cli", "--version"], capture_output=True, text=True)
    assert shown.stdout.split()[-1] == version("component-origins"), shown


def test_each_shared_constant_has_one_home():
    """BASES, the --after default and the earliest day are written in analysis/defaults.py and nowhere else."""
    for module in MODULES - {"defaults"}:
        text = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        for literal in ('"2022-02-24"', '"1970-01-01"', '("brand", "owner")', '"0.1.0"'):
            assert literal not in text, f"{module} types {literal}: import it from analysis.defaults"
