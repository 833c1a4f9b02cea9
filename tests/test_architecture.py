"""The package's tree is the pipeline: stage packages, and nothing imports from a later stage.

Read with :mod:`ast` from the source files, so nothing is imported and every import counts,
at module level, under ``TYPE_CHECKING`` or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stockham_analytics"
NAME = "stockham_analytics"

#: The stages in pipeline order. A module may import from its own stage or an earlier one.
ORDER = ("basics", "workbooks", "authoring", "evaluation", "pages", "pack", "entry")

#: The stage packages (folders); the first and last stages are top-level modules.
STAGE_PACKAGES = ("workbooks", "authoring", "evaluation", "pages", "pack")

#: Top-level modules: the basics every stage may use, and the entry points that use them all.
TOP_LEVEL = {
    "errors": "basics",
    "columns": "basics",
    "records": "basics",
    "terms": "basics",
    "policy": "basics",
    "text": "basics",
    "resources": "basics",
    "cli": "entry",
    "api": "entry",
    "frames": "entry",
    "__init__": "entry",
    "__main__": "entry",
}

#: Names a module may take from the package root itself.
ROOT_NAMES = {"__version__"}

#: Imports inside a function that go back up the pipeline, each with its reason.
DEFERRED = {
    ("records", "frames"): "Dataset.frames() is the API's convenience; frames needs records' types",
    ("evaluation.results", "frames"): "TermReport.frames() likewise",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1]) if parts[-1] == "__init__" and len(parts) > 1 else ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> str:
    head = module.split(".")[0]
    if head in STAGE_PACKAGES:
        return head
    if module not in TOP_LEVEL:
        raise AssertionError(
            f"{NAME}/{module}.py is a top-level module of no declared stage: move it into a "
            f"stage package or add it to TOP_LEVEL in tests/test_architecture.py"
        )
    return TOP_LEVEL[module]


def _targets(node: ast.Import | ast.ImportFrom, modules: set[str]) -> list[str]:
    """The package modules an import statement reaches (a stage package counts as itself)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif node.level:
        raise AssertionError(f"relative import at line {node.lineno}: write it absolute")
    elif node.module == NAME:
        names = [f"{NAME}.{a.name}" for a in node.names if a.name not in ROOT_NAMES]
        names = [n if n.removeprefix(f"{NAME}.") in modules else f"{NAME}.__init__" for n in names]
    else:
        base = node.module or ""
        names = [f"{base}.{a.name}" if f"{base}.{a.name}".removeprefix(f"{NAME}.") in modules
                 else base for a in node.names]
    return [n.removeprefix(f"{NAME}.") for n in names if n.startswith(f"{NAME}.")]


def _imports(path: Path, modules: set[str]) -> list[tuple[str, int, bool]]:
    """(module imported, line, inside a function) for every import of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend((t, child.lineno, in_function) for t in _targets(child, modules))
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, nested)

    visit(tree, False)
    return found


def _violations() -> list[str]:
    modules = _modules()
    found = []
    for module, path in modules.items():
        here = ORDER.index(_stage(module))
        for target, line, in_function in _imports(path, set(modules)):
            if ORDER.index(_stage(target)) <= here:
                continue
            if in_function and (module, target) in DEFERRED:
                continue
            found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {_stage(module)} "
                         f"module {module} imports {target}, of the later stage {_stage(target)}")
    return found


def test_nothing_imports_from_a_later_stage() -> None:
    """Each import goes to the module's own stage or an earlier one in the pipeline."""
    assert _violations() == []


def test_the_check_sees_a_backward_import(tmp_path: Path) -> None:
    """A workbooks module importing from evaluation is reported, even inside a function."""
    source = tmp_path / "probe.py"
    source.write_text(
        "def f():\n    from stockham_analytics.evaluation.engine import evaluate\n",
        encoding="utf-8",
    )
    modules = set(_modules())
    assert _imports(source, modules) == [("evaluation.engine", 2, True)]
    assert ORDER.index(_stage("evaluation.engine")) > ORDER.index(_stage("workbooks.load"))


def test_package_root_names_resolve_to_modules() -> None:
    """``from stockham_analytics.pages import overview`` reaches the module pages.overview."""
    node = ast.parse("from stockham_analytics.pages import overview").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _targets(node, set(_modules())) == ["pages.overview"]


@pytest.mark.parametrize("stage", STAGE_PACKAGES)
def test_each_stage_package_states_its_api(stage: str) -> None:
    """Each stage is a folder whose ``__init__`` docstring says what the stage does."""
    init = PACKAGE / stage / "__init__.py"
    assert init.is_file(), f"{init} is missing"
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring and len(docstring.splitlines()) >= 3, f"{init} needs a docstring stating its API"


def test_top_level_is_thin() -> None:
    """Only the declared basics and entry points sit beside the stage packages."""
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat <= set(TOP_LEVEL), f"undeclared top-level modules: {sorted(flat - set(TOP_LEVEL))}"
