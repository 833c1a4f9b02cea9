"""What is installed is what is used: every declared dependency is imported, every import declared.

Imports are read with :mod:`ast` from the package and the notebooks' code
cells; a module name is mapped to the distribution that installs it with
:func:`importlib.metadata.packages_distributions`. A dependency may instead be
*run* as a module or a command (``python -m ipykernel_launcher``, ``mypy``);
:data:`RUN_NOT_IMPORTED` names each such one with the text that runs it.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "stockham_analytics"

#: Dependencies run rather than imported -> (file that runs it, the text that does).
RUN_NOT_IMPORTED: dict[str, tuple[str, str]] = {
    "ipykernel": ("stockham_analytics/pack/execute.py", '"-m", "ipykernel_launcher"'),
    "pip-audit": (".ci/audit.py", '"-m", "pip_audit"'),
    "mypy": ("Makefile", "$(BIN)/mypy"),
    "ruff": ("Makefile", "$(BIN)/ruff check ."),
    "jupyterlab": ("Makefile", "$(BIN)/jupyter lab"),
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"runtime": project["dependencies"], **project["optional-dependencies"]}
    return {group: {_norm(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in reqs}
            for group, reqs in groups.items()}


def _top_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def _notebook_code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def _imported_distributions(sources: list[str]) -> set[str]:
    """Third-party distributions that ``sources`` import (the standard library and this package left out)."""
    modules = set().union(*(_top_modules(s) for s in sources))
    modules -= set(sys.stdlib_module_names) | {"stockham_analytics", "__future__"}
    owners = importlib.metadata.packages_distributions()
    return {_norm(dist) for module in modules for dist in owners.get(module, [module])}


def _package_sources() -> list[str]:
    files = sorted(PACKAGE.rglob("*.py"))
    return [f.read_text(encoding="utf-8") for f in files] + [
        _notebook_code(nb) for nb in sorted((ROOT / "notebooks").glob("*.ipynb"))]


def _runs(name: str) -> bool:
    file, text = RUN_NOT_IMPORTED[name]
    return text in (ROOT / file).read_text(encoding="utf-8")


def test_every_runtime_dependency_is_used_by_the_package() -> None:
    """Each package in [project] dependencies is imported by the package or its notebooks (or run by it)."""
    used = _imported_distributions(_package_sources())
    unused = {d for d in _declared()["runtime"] if d not in used
              and not (d in RUN_NOT_IMPORTED and _runs(d))}
    assert unused == set()


def test_everything_the_package_imports_is_a_declared_runtime_dependency() -> None:
    """No import in the package or its notebooks relies on a package installed only by chance
    (the pdf extra's packages are imported by pdf.py alone)."""
    optional = _declared()["pdf"]
    assert _imported_distributions(_package_sources()) - _declared()["runtime"] - optional == set()
    others = [f.read_text(encoding="utf-8") for f in sorted(PACKAGE.rglob("*.py"))
              if f.name != "pdf.py"]
    assert _imported_distributions(others) & optional == set()


def test_every_test_and_lab_extra_is_used() -> None:
    """Each package of the test and lab extras is imported by the tests or .ci, or run by make."""
    sources = [f.read_text(encoding="utf-8") for f in [*(ROOT / "tests").rglob("*.py"),
                                                        *(ROOT / ".ci").glob("*.py")]]
    used = _imported_distributions(sources)
    extras = _declared()["test"] | _declared()["lab"]
    unused = {d for d in extras if d not in used and not (d in RUN_NOT_IMPORTED and _runs(d))}
    assert unused == set()


def test_a_report_needs_no_test_tool() -> None:
    """The runtime dependencies hold none of the test tools or JupyterLab (`make report` stays lean)."""
    declared = _declared()
    assert declared["runtime"] & (declared["test"] | declared["lab"]) == set()
