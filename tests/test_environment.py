"""The declared environment stays in step, and the dependency audit cannot give a false green.

environment.yml is parsed with a small line parser (its layout is a flat list of
``  - name>=version`` items plus a ``pip:`` sub-list), so this test needs no YAML library.
The audit script ``.ci/audit.py`` is exercised offline with hand-written PyPI and
pip-audit answers.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
NOT_PACKAGES = {"python", "pip"}  # environment.yml lines that are not project dependencies


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lower_bound(spec: str) -> str | None:
    found = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
    return found.group(1) if found else None


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pyproject_deps() -> dict[str, str | None]:
    project = _pyproject()["project"]
    reqs = [*project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        reqs.extend(extra)
    deps: dict[str, str | None] = {}
    for text in reqs:
        req = Requirement(text)
        deps[_norm(req.name)] = _lower_bound(str(req.specifier))
    return deps


def _environment_items() -> tuple[list[str], list[str]]:
    """The conda items and the pip items of environment.yml."""
    conda: list[str] = []
    pip: list[str] = []
    target = None
    for raw in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not line.startswith(" "):
            target = conda if line.startswith("dependencies:") else None
            continue
        item = re.match(r"^(\s*)-\s*(.+)$", line)
        if item is None or target is None:
            continue
        if item.group(2).strip() == "pip:":
            target = pip
            continue
        if target is pip and len(item.group(1)) <= 2:
            target = conda  # back at the top level of the list
        target.append(item.group(2).strip())
    return conda, pip


def _environment_deps() -> dict[str, str | None]:
    conda, _ = _environment_items()
    deps: dict[str, str | None] = {}
    for item in conda:
        name = re.split(r"[<>=!~ ]", item, maxsplit=1)[0]
        if _norm(name) not in NOT_PACKAGES:
            deps[_norm(name)] = _lower_bound(item)
    return deps


def test_environment_yml_lists_the_same_packages_as_pyproject() -> None:
    """environment.yml names exactly the packages pyproject.toml declares (with extras)."""
    assert sorted(_environment_deps()) == sorted(_pyproject_deps())


def test_environment_yml_lower_bounds_match_pyproject() -> None:
    """Each package has the same lower bound in environment.yml as in pyproject.toml."""
    env, py = _environment_deps(), _pyproject_deps()
    differ = {n: (py[n], env.get(n)) for n in py if env.get(n) != py[n]}
    assert differ == {}


def test_every_dependency_has_a_lower_bound() -> None:
    """No dependency is left unbounded (a fresh clone must not pick an ancient release)."""
    assert [n for n, bound in _pyproject_deps().items() if bound is None] == []


def test_environment_yml_python_matches_requires_python() -> None:
    """The conda Python version matches requires-python."""
    conda, _ = _environment_items()
    python = [i for i in conda if re.split(r"[<>=!~ ]", i, maxsplit=1)[0] == "python"]
    assert [_lower_bound(p) for p in python] == [_lower_bound(_pyproject()["project"]["requires-python"])]


def test_environment_yml_installs_the_project_itself() -> None:
    """The pip section installs this project in editable mode."""
    _, pip = _environment_items()
    assert "-e ." in pip


def _constraints() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[_norm(name)] = version.strip()
    return pins


def test_constraints_pin_every_dependency_at_or_above_its_lower_bound() -> None:
    """constraints.txt pins each declared package at a version its lower bound allows."""
    pins = _constraints()
    bad = {n: (b, pins.get(n)) for n, b in _pyproject_deps().items()
           if n not in pins or (b is not None and Version(pins[n]) < Version(b))}
    assert bad == {}


def test_make_test_runs_the_audit() -> None:
    """`make test` (and so CI) depends on the `audit` target, which runs .ci/audit.py."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_line = re.search(r"^test:(.*)$", makefile, re.MULTILINE)
    audit_rule = re.search(r"^audit:.*\n\t(.*)$", makefile, re.MULTILINE)
    assert test_line is not None and "audit" in test_line.group(1).split()
    assert audit_rule is not None and ".ci/audit.py" in audit_rule.group(1)


def _rule(makefile: str, target: str) -> tuple[list[str], str]:
    """The prerequisites of ``target`` and its recipe."""
    found = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.MULTILINE)
    assert found is not None, target
    return found.group(1).split("|")[0].split(), found.group(2)


def test_make_report_installs_the_runtime_alone() -> None:
    """`make report` needs only the runtime stamp, whose recipe installs the project with no extra."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    prerequisites, _ = _rule(makefile, "report")
    _, recipe = _rule(makefile, "$(RUNTIME)")
    assert prerequisites == ["$(RUNTIME)"]
    assert "-c constraints.txt" in makefile and "$(PIP) -e .\n" in recipe and "[" not in recipe


def test_make_test_and_lab_add_their_extras_on_top_of_the_runtime() -> None:
    """The test and lab stamps build on the runtime one and add `.[test,lab]` (the tests drive
    JupyterLab) and `.[lab]`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_pre, test_recipe = _rule(makefile, "$(TESTING)")
    lab_pre, lab_recipe = _rule(makefile, "$(LAB)")
    assert (test_pre, lab_pre) == (["$(RUNTIME)"], ["$(RUNTIME)"])
    assert "'.[test,lab]'" in test_recipe and "'.[lab]'" in lab_recipe
    assert "$(TESTING)" in _rule(makefile, "test")[0] and "$(LAB)" in _rule(makefile, "lab")[0]


def test_ci_runs_the_fast_suite_again_on_the_portable_paths() -> None:
    """.ci/run runs `make test` then `make test-portable`, which sets STOCKHAM_PORTABLE=1 for the fast suite."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    _, recipe = _rule((ROOT / "Makefile").read_text(encoding="utf-8"), "test-portable")
    assert ci.index("make test") < ci.index("make test-portable")
    assert "STOCKHAM_PORTABLE=1" in recipe and '-m "not slow"' in recipe


# --------------------------------------------------------------------------- .ci/audit.py


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    """The audit script, imported as a module."""
    spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ci_audit"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def _doc(version: str, vulns: list[dict[str, Any]]) -> dict[str, Any]:
    return {"info": {"version": version}, "vulnerabilities": vulns}


VULN = {"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2026-0001"], "fixed_in": ["2.0.1"],
        "withdrawn": None}


def test_latest_release_with_a_vulnerability_is_audited_and_reported(audit: ModuleType) -> None:
    """An installed latest release takes PyPI's vulnerability list."""
    result = audit.Audit()
    audit.from_pypi_json(audit.Fetched("demo", document=_doc("2.0.0", [VULN])), "2.0.0", result)
    assert (list(result.audited), [v.vuln_id for v in result.vulnerabilities]) == (
        ["demo"], ["GHSA-aaaa-bbbb-cccc"])


def test_older_release_is_not_auditable_never_clean(audit: ModuleType) -> None:
    """An installed release older than the latest is reported not auditable, not audited."""
    result = audit.Audit()
    audit.from_pypi_json(audit.Fetched("demo", document=_doc("3.0.0", [])), "2.0.0", result)
    assert (result.audited, list(result.not_auditable)) == ({}, ["demo"])


def test_package_pypi_does_not_know_is_not_auditable(audit: ModuleType) -> None:
    """A 404 from PyPI leaves the package not auditable."""
    result = audit.Audit()
    audit.from_pypi_json(audit.Fetched("demo", http_status=404), "1.0", result)
    assert "HTTP 404" in result.not_auditable["demo"]


def test_withdrawn_advisory_is_ignored(audit: ModuleType) -> None:
    """A withdrawn advisory is not a vulnerability."""
    result = audit.Audit()
    withdrawn = {**VULN, "withdrawn": "2026-01-01T00:00:00Z"}
    audit.from_pypi_json(audit.Fetched("demo", document=_doc("2.0.0", [withdrawn])), "2.0.0", result)
    assert (list(result.audited), result.vulnerabilities) == (["demo"], [])


def test_pip_audit_skips_do_not_count_as_audited(audit: ModuleType) -> None:
    """pip-audit's "not found on PyPI" skips are not taken as clean results."""
    report = {"dependencies": [
        {"name": "Skipped_Pkg", "skip_reason": "Dependency not found on PyPI"},
        {"name": "real-pkg", "version": "1.0", "vulns": [
            {"id": "PYSEC-2026-1", "aliases": [], "fix_versions": ["1.1"]}]},
    ]}
    result = audit.Audit()
    audit.from_pip_audit(report, {"skipped-pkg": "1.0", "real-pkg": "1.0"}, result)
    assert (list(result.audited), [v.vuln_id for v in result.vulnerabilities]) == (
        ["real-pkg"], ["PYSEC-2026-1"])


def test_no_network_at_all_warns_loudly_and_passes(
    audit: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With PyPI unreachable the audit says it could not run, warns, and exits 0."""
    monkeypatch.setattr(audit, "fetch", lambda name: audit.Fetched(name, network_error="down"))
    result = audit.Audit()
    audit.fallback(["a", "b"], {"a": "1", "b": "2"}, result)
    code = audit.verdict(result, [], dt.date(2026, 11, 1), strict=False)
    out, err = capsys.readouterr()
    assert (code, "WARNING" in err, "audit could not run: audited 0 packages, 2 not auditable, "
            "0 vulnerabilities" in out) == (0, True, True)


def test_no_network_fails_under_strict(
    audit: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--strict turns an audit that could not run into a failure."""
    monkeypatch.setattr(audit, "fetch", lambda name: audit.Fetched(name, network_error="down"))
    result = audit.Audit()
    audit.fallback(["a"], {"a": "1"}, result)
    assert audit.verdict(result, [], dt.date(2026, 11, 1), strict=True) == 1


def test_known_vulnerability_fails_with_the_summary_line(
    audit: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """A known vulnerability without an exception exits 1 and is counted in the summary."""
    result = audit.Audit()
    audit.from_pypi_json(audit.Fetched("demo", document=_doc("2.0.0", [VULN])), "2.0.0", result)
    audit.from_pypi_json(audit.Fetched("old", document=_doc("9", [])), "1", result)
    code = audit.verdict(result, [], dt.date(2026, 11, 1), strict=False)
    out = capsys.readouterr().out
    assert (code, "audited 1 packages, 1 not auditable, 1 vulnerabilities" in out) == (1, True)


def _vuln(audit: ModuleType) -> Any:
    return audit.Vulnerability("demo", "2.0.0", "GHSA-aaaa-bbbb-cccc", ("CVE-2026-0001",))


def test_exception_with_reason_accepts_by_alias(audit: ModuleType, tmp_path: Path) -> None:
    """An exception naming an alias, with a reason, accepts the vulnerability."""
    file = tmp_path / "ex.toml"
    file.write_text('[[exception]]\nid = "cve-2026-0001"\nreason = "unused code path"\n')
    exceptions = audit.load_exceptions(file)
    assert audit.unexcepted([_vuln(audit)], exceptions, dt.date(2026, 11, 1)) == []


def test_lapsed_exception_no_longer_accepts(audit: ModuleType, tmp_path: Path) -> None:
    """An exception past its `until` date stops accepting the vulnerability."""
    file = tmp_path / "ex.toml"
    file.write_text('[[exception]]\nid = "GHSA-aaaa-bbbb-cccc"\nreason = "r"\nuntil = 2026-10-31\n')
    exceptions = audit.load_exceptions(file)
    assert len(audit.unexcepted([_vuln(audit)], exceptions, dt.date(2026, 11, 1))) == 1


def test_exception_for_another_package_does_not_apply(audit: ModuleType, tmp_path: Path) -> None:
    """An exception narrowed to another package does not accept this one."""
    file = tmp_path / "ex.toml"
    file.write_text('[[exception]]\nid = "GHSA-aaaa-bbbb-cccc"\npackage = "other"\nreason = "r"\n')
    exceptions = audit.load_exceptions(file)
    assert len(audit.unexcepted([_vuln(audit)], exceptions, dt.date(2026, 11, 1))) == 1


def test_exception_without_reason_is_refused(audit: ModuleType, tmp_path: Path) -> None:
    """An exception must say why the vulnerability is acceptable."""
    file = tmp_path / "ex.toml"
    file.write_text('[[exception]]\nid = "GHSA-aaaa-bbbb-cccc"\n')
    with pytest.raises(ValueError, match="needs a reason"):
        audit.load_exceptions(file)


def test_repository_exceptions_file_is_valid(audit: ModuleType) -> None:
    """audit-exceptions.toml parses and every entry has an id and a reason."""
    entries = audit.load_exceptions(ROOT / "audit-exceptions.toml")
    assert all(e.vuln_id and e.reason for e in entries)
