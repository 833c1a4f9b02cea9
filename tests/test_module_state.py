"""No module-level mutable state: nothing the package keeps between calls.

A run of every stage in one process (load, validate, evaluate, every page section, the
frames) leaves every module-level dict, list and set as it found it, and no function of
the package keeps a cache (``functools.cache``/``lru_cache``): what a call returns
depends on its arguments only, so a notebook's Run All, a second term in the same kernel
and the tests see the same results.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import stockham_analytics as sa

DATA = Path(__file__).resolve().parent.parent / "data"
AS_OF = "2026-12-10"  # the demo snapshot's day (authoring/demo.py AS_OF)


def _modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(sa.__path__, "stockham_analytics.")
             if not m.name.endswith("__main__")]
    return [importlib.import_module(n) for n in names]


def _mutable_state() -> dict[str, str]:
    """repr of every module-level dict, list, set and bytearray of the package."""
    found: dict[str, str] = {}
    for name, module in sorted(sys.modules.items()):
        if name.split(".")[0] != "stockham_analytics" or module is None:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, dict | list | set | bytearray) and not attr.startswith("__"):
                found[f"{name}.{attr}"] = repr(value)
    return found


def _run_every_stage() -> None:
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


def test_a_run_of_every_stage_changes_no_module_level_state() -> None:
    """Load, validate, evaluate, every page section and the frames leave module dicts,
    lists and sets as they were."""
    _modules()
    before = _mutable_state()
    assert before, "the scan found no module-level containers at all"
    _run_every_stage()
    after = _mutable_state()
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
