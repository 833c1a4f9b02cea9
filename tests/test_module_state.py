"""No module-level mutable state: nothing the package keeps between calls.

A run of every stage in one process (load, validate, evaluate, every page section, the
frames, summary.json, the interrupt guards) leaves every module-level value bound and
holding what it held; no module declares a name ``global`` or changes a module-level
container in its functions (read from the source); and no function of the package keeps a
cache (``functools.cache``/``lru_cache``): what a call returns
depends on its arguments only, so a notebook's Run All, a second term in the same kernel
and the tests see the same results.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, ModuleType

import pytest

import stockham_analytics as sa

DATA = Path(__file__).resolve().parent.parent / "data"
AS_OF = "2026-12-10"  # the demo snapshot's day (authoring/demo.py AS_OF)


def _modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(sa.__path__, "stockham_analytics.")
             if not m.name.endswith("__main__")]
    return [importlib.import_module(n) for n in names]


def _shown(value: object) -> str | None:
    """What a module-level value holds, for comparison; None for what cannot hold state
    (modules, classes, functions, typing constructs)."""
    if isinstance(value, ModuleType | type | FunctionType | BuiltinFunctionType):
        return None
    if type(value).__module__.startswith("stockham_analytics") and hasattr(value, "__dict__"):
        return f"{type(value).__name__}{vars(value)!r}"
    if isinstance(value, dict | list | set | frozenset | tuple | bytearray | str | bytes | int
                  | float | bool | None):
        return repr(value)
    return None


def _state() -> dict[str, tuple[int, str]]:
    """Every module-level value of the package that could hold state: its identity (a name
    bound again shows) and what it holds (a container changed in place shows)."""
    found: dict[str, tuple[int, str]] = {}
    for name, module in sorted(sys.modules.items()):
        if name.split(".")[0] != "stockham_analytics" or module is None:
            continue
        for attr, value in vars(module).items():
            shown = None if attr.startswith("__") else _shown(value)
            if shown is not None:
                found[f"{name}.{attr}"] = (id(value), shown)
    return found


def _run_every_stage() -> None:
    from stockham_analytics.pack.interrupt import deferred_interrupts, handle_interrupts
    from stockham_analytics.pack.summary_json import history_summary, site_summary
    from stockham_analytics.pages import overview, sitepage
    from stockham_analytics.pages.notebook import load_context

    sa.validate(DATA, as_of=AS_OF)
    dataset = sa.load(DATA)
    report = sa.evaluate(dataset, "Autumn 2026", as_of=AS_OF)
    report.frames()
    dataset.frames()
    ctx = load_context(DATA, "Autumn 2026", AS_OF)
    for _, section in inspect.getmembers(overview, inspect.isfunction):
        if section.__module__ == overview.__name__ and list(
                inspect.signature(section).parameters) == ["ctx"]:
            section(ctx)
    for _, section in inspect.getmembers(sitepage, inspect.isfunction):
        if section.__module__ == sitepage.__name__ and list(
                inspect.signature(section).parameters) == ["ctx", "site_id"]:
            for site in ctx.report.sites:
                section(ctx, site.site_id)
    for site in report.sites:
        site_summary(site)
    history_summary(report)
    with handle_interrupts(), deferred_interrupts():
        pass


def test_a_run_of_every_stage_changes_no_module_level_state() -> None:
    """Load, validate, evaluate, every page section, the frames, summary.json and the
    interrupt guards leave every module-level value bound and holding as it was."""
    _modules()
    before = _state()
    assert len(before) > 100, "the scan found too few module-level values"
    _run_every_stage()
    after = _state()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == []


def _own_functions(module: ModuleType) -> list[tuple[str, object]]:
    """The module's own functions and classes, with the classes' members."""
    found: list[tuple[str, object]] = []
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__:
            continue
        found.append((name, value))
        if isinstance(value, type):
            found += [(f"{name}.{attr}", member) for attr, member in vars(value).items()]
    return found


def test_no_function_keeps_a_cache() -> None:
    """No function or method of the package is wrapped in functools.cache or lru_cache."""
    cached = [f"{module.__name__}.{name}" for module in _modules()
              for name, value in _own_functions(module) if hasattr(value, "cache_info")]
    assert cached == [], "keep what must be remembered on an object the caller owns"


def test_the_same_call_twice_gives_the_same_report() -> None:
    """Evaluating twice in one process gives equal reports (nothing carried over)."""
    first = sa.evaluate(sa.load(DATA), "Autumn 2026", as_of=AS_OF)
    assert sa.evaluate(sa.load(DATA), "Autumn 2026", as_of=AS_OF) == first


#: Methods that change a dict, list or set in place.
MUTATORS = {"append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear",
            "remove", "add", "discard"}


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def state_problems(source: str, name: str) -> list[str]:
    """Where ``source`` keeps state at module level: ``global``, a cache decorator, or a
    function changing a module-level container."""
    tree = ast.parse(source)
    shared = _module_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{name}:{node.lineno} declares {node.names} global")
        elif isinstance(node, ast.FunctionDef):
            found += [f"{name}:{node.lineno} caches {node.name} with {ast.unparse(d)}"
                      for d in node.decorator_list if "cache" in ast.unparse(d)]
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            found += [f"{name}:{node.lineno} changes module-level {t.value.id}"
                      for t in targets if isinstance(t, ast.Subscript | ast.Attribute)
                      and isinstance(t.value, ast.Name) and t.value.id in shared]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name)
              and node.func.value.id in shared):
            found.append(f"{name}:{node.lineno} changes module-level {node.func.value.id}")
    return found


def test_no_module_keeps_state_in_its_source() -> None:
    """No module of the package declares a global, caches a function or changes a
    module-level container."""
    package = Path(sa.__file__).parent
    found = [p for path in sorted(package.rglob("*.py"))
             for p in state_problems(path.read_text(encoding="utf-8"),
                                     str(path.relative_to(package)))]
    assert found == []


@pytest.mark.parametrize("source", [
    "_sent = False\ndef f():\n    global _sent\n    _sent = True\n",
    "import functools\n@functools.lru_cache\ndef f():\n    return 1\n",
    "SEEN = {}\ndef f(k):\n    SEEN[k] = 1\n",
    "SEEN = []\ndef f(k):\n    SEEN.append(k)\n",
    "class S:\n    n = 0\nSTATE = S()\ndef f():\n    STATE.n = 1\n",
])
def test_the_source_scan_sees_each_kind_of_state(source: str) -> None:
    """Each way of keeping module-level state is found by the scan."""
    assert len(state_problems(source, "probe.py")) == 1
