"""Audit the installed Python packages for known vulnerabilities (run by `make test`, so by CI).

Why not plain ``pip-audit``: in some networks (this school's registry proxy among
them) pip-audit's per-version look-ups, ``https://pypi.org/pypi/NAME/VERSION/json``,
answer 404 and OSV (api.osv.dev) cannot be reached. pip-audit then skips every
package with "Dependency not found on PyPI" and still prints "No known
vulnerabilities found": a false green. This script never reports a package as
clean unless something really audited it.

Method, per installed distribution of the environment running this script
(``importlib.metadata``; run it with ``.venv/bin/python``):

1. ``pip-audit --format json`` runs first. A package it really audited (its
   JSON entry has a ``vulns`` list, not a ``skip_reason``) takes pip-audit's result.
2. Every package pip-audit skipped is looked up at the unversioned endpoint
   ``https://pypi.org/pypi/NAME/json``, whose ``vulnerabilities`` list belongs
   to the latest release (``info.version``). When the installed version IS that
   release the list applies and the package counts as audited. When it is an
   older release the endpoint cannot say which of its vulnerabilities (if any)
   affect it, so the package is reported "not auditable", never as clean.
   A package PyPI does not know (404) is also "not auditable".
3. Withdrawn advisories are ignored. A known vulnerability fails the audit
   (exit 1) unless ``audit-exceptions.toml`` (repository root) lists its id, or
   one of its aliases, with a ``reason`` (and, optionally, an ``until`` date
   after which the exception lapses).

Exit codes: 0 no known vulnerability outside the exceptions; 1 at least one;
2 ``audit-exceptions.toml`` is malformed. Deliberate choice: when the network is
down entirely (pip-audit audits nothing and PyPI cannot be reached at all) the
audit cannot run; it prints a loud WARNING and exits 0, because a network
outage must not turn CI red. That outcome is never silent: the summary line
says "audit could not run". ``--strict`` also fails (exit 1) when any package
could not be audited or the audit could not run.

The summary line always reads
``audited N packages, M not auditable, K vulnerabilities``.
Requests use short timeouts and a thread pool, so the audit takes well under 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import re
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS_FILE = ROOT / "audit-exceptions.toml"
PROJECT = "stockham-analytics"  # this project: not on PyPI, not audited
PYPI_JSON = "https://pypi.org/pypi/{name}/json"
PIP_AUDIT_TIMEOUT_S = 40
REQUEST_TIMEOUT_S = 8
WORKERS = 24


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Vulnerability:
    """One known vulnerability of an installed package."""

    package: str
    version: str
    vuln_id: str
    aliases: tuple[str, ...] = ()
    fixed_in: tuple[str, ...] = ()
    source: str = ""

    @property
    def ids(self) -> set[str]:
        """The advisory id and its aliases, upper-cased."""
        return {self.vuln_id.upper(), *(a.upper() for a in self.aliases)}


@dataclass
class Audit:
    """What is known about each installed package."""

    audited: dict[str, str] = field(default_factory=dict)  # name -> "pip-audit" / "pypi-json"
    not_auditable: dict[str, str] = field(default_factory=dict)  # name -> why
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    unreachable: bool = False  # nothing could be fetched at all


@dataclass(frozen=True)
class Exception_:
    """An accepted vulnerability from ``audit-exceptions.toml``."""

    vuln_id: str
    reason: str
    package: str | None = None
    until: dt.date | None = None

    def covers(self, vuln: Vulnerability, today: dt.date) -> bool:
        """Whether this exception accepts ``vuln`` today."""
        if self.until is not None and today > self.until:
            return False
        if self.package is not None and normalise(self.package) != normalise(vuln.package):
            return False
        return self.vuln_id.upper() in vuln.ids


# --------------------------------------------------------------------------- inputs


def installed() -> dict[str, str]:
    """Installed distributions of this environment: normalised name -> version."""
    found: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(normalise(name), dist.version)
    found.pop(PROJECT, None)
    return dict(sorted(found.items()))


def load_exceptions(path: Path) -> list[Exception_]:
    """Read ``audit-exceptions.toml``; raises ValueError on an entry without id or reason."""
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = data.get("exception", [])
    if not isinstance(entries, list):
        raise ValueError(f"{path.name}: write each exception as an [[exception]] table")
    return [_exception(entry, path.name, n) for n, entry in enumerate(entries, start=1)]


def _exception(entry: Any, file: str, n: int) -> Exception_:
    if not isinstance(entry, dict):
        raise ValueError(f"{file}: exception {n} is not a table")
    vuln_id, reason = entry.get("id"), entry.get("reason")
    if not isinstance(vuln_id, str) or not vuln_id.strip():
        raise ValueError(f"{file}: exception {n} needs an id (e.g. id = \"GHSA-...\")")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(f"{file}: exception {n} ({vuln_id}) needs a reason saying why it is safe")
    until = entry.get("until")
    if until is not None and not isinstance(until, dt.date):
        raise ValueError(f"{file}: exception {n} ({vuln_id}): until must be a date, e.g. 2027-01-31")
    package = entry.get("package")
    return Exception_(vuln_id.strip(), reason.strip(), package, until)


# --------------------------------------------------------------------------- pip-audit


def run_pip_audit() -> Mapping[str, Any] | None:
    """pip-audit's JSON report of this environment, or None when it could not run."""
    with tempfile.TemporaryDirectory(prefix="audit-cache-") as cache:
        command = [
            sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off",
            "--timeout", str(REQUEST_TIMEOUT_S), "--cache-dir", cache,
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PIP_AUDIT_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return None
    return report if isinstance(report, dict) else None


def from_pip_audit(report: Mapping[str, Any], versions: Mapping[str, str], audit: Audit) -> None:
    """Take pip-audit's result for every package it really audited."""
    for dep in report.get("dependencies", []):
        name = normalise(str(dep.get("name", "")))
        if name not in versions or "vulns" not in dep:
            continue  # skipped ("not found on PyPI") or not ours: left for the fallback
        audit.audited[name] = "pip-audit"
        for vuln in dep["vulns"]:
            audit.vulnerabilities.append(
                Vulnerability(
                    name, str(dep.get("version", versions[name])), str(vuln["id"]),
                    tuple(vuln.get("aliases", ())), tuple(vuln.get("fix_versions", ())),
                    "pip-audit",
                )
            )


# --------------------------------------------------------------------------- PyPI JSON fallback


@dataclass(frozen=True)
class Fetched:
    """The answer of the unversioned PyPI JSON endpoint for one package."""

    name: str
    document: Mapping[str, Any] | None = None
    http_status: int | None = None  # set on an HTTP error (e.g. 404)
    network_error: str | None = None  # set when PyPI could not be reached


def fetch(name: str) -> Fetched:
    """Ask PyPI about ``name``, once more after a network error (DNS hiccups happen)."""
    answer = _fetch_once(name)
    return _fetch_once(name) if answer.network_error is not None else answer


def _fetch_once(name: str) -> Fetched:
    request = urllib.request.Request(
        PYPI_JSON.format(name=name), headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as answer:
            return Fetched(name, document=json.load(answer))
    except urllib.error.HTTPError as error:
        return Fetched(name, http_status=error.code)
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Fetched(name, network_error=str(getattr(error, "reason", error)))


def from_pypi_json(fetched: Fetched, installed_version: str, audit: Audit) -> None:
    """Classify one package from its unversioned PyPI JSON answer."""
    name = fetched.name
    if fetched.document is None:
        why = (f"PyPI answered HTTP {fetched.http_status}" if fetched.http_status is not None
               else f"PyPI could not be reached ({fetched.network_error})")
        audit.not_auditable[name] = why
        return
    latest = str(fetched.document.get("info", {}).get("version", ""))
    if latest != installed_version:
        audit.not_auditable[name] = (
            f"installed {installed_version} is not the latest release ({latest}); "
            "PyPI lists vulnerabilities for the latest release only"
        )
        return
    audit.audited[name] = "pypi-json"
    for vuln in fetched.document.get("vulnerabilities") or []:
        if vuln.get("withdrawn"):
            continue
        audit.vulnerabilities.append(
            Vulnerability(
                name, installed_version, str(vuln.get("id")), tuple(vuln.get("aliases") or ()),
                tuple(vuln.get("fixed_in") or ()), "pypi-json",
            )
        )


def fallback(names: Sequence[str], versions: Mapping[str, str], audit: Audit) -> None:
    """Look up every package pip-audit did not audit, in parallel."""
    if not names:
        return
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(fetch, names))
    if all(a.network_error is not None for a in answers) and not audit.audited:
        audit.unreachable = True
    for answer in answers:
        from_pypi_json(answer, versions[answer.name], audit)


# --------------------------------------------------------------------------- verdict


def unexcepted(
    vulns: Iterable[Vulnerability], exceptions: Sequence[Exception_], today: dt.date
) -> list[Vulnerability]:
    """The vulnerabilities no exception accepts."""
    return [v for v in vulns if not any(e.covers(v, today) for e in exceptions)]


def summary_line(audit: Audit) -> str:
    """The one-line result CI logs show."""
    line = (f"audited {len(audit.audited)} packages, {len(audit.not_auditable)} not auditable, "
            f"{len(audit.vulnerabilities)} vulnerabilities")
    return f"audit could not run: {line}" if audit.unreachable else line


def verdict(audit: Audit, exceptions: Sequence[Exception_], today: dt.date, strict: bool) -> int:
    """Print the findings; return the exit code."""
    failing = unexcepted(audit.vulnerabilities, exceptions, today)
    for vuln in audit.vulnerabilities:
        accepted = "" if vuln in failing else " (accepted in audit-exceptions.toml)"
        fixed = f", fixed in {', '.join(vuln.fixed_in)}" if vuln.fixed_in else ""
        print(f"VULNERABLE {vuln.package} {vuln.version}: {vuln.vuln_id}{fixed}{accepted}")
    for name, why in sorted(audit.not_auditable.items()) if not audit.unreachable else ():
        print(f"not auditable: {name}: {why}")
    if audit.unreachable:
        print("WARNING: THE DEPENDENCY AUDIT COULD NOT RUN: neither pip-audit nor "
              "https://pypi.org could be reached. No package was checked. "
              "Run `make audit` again once the network is back.", file=sys.stderr)
    print(summary_line(audit))
    if failing:
        print(f"FAILED: {len(failing)} known vulnerabilit{'y' if len(failing) == 1 else 'ies'} "
              "not listed in audit-exceptions.toml; upgrade the package or add an exception "
              "with a reason.")
        return 1
    if strict and (audit.not_auditable or audit.unreachable):
        print("FAILED (--strict): some packages could not be audited.")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the audit; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true",
                        help="also fail when a package could not be audited")
    parser.add_argument("--exceptions", type=Path, default=EXCEPTIONS_FILE)
    args = parser.parse_args(argv)
    try:
        exceptions = load_exceptions(args.exceptions)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    versions = installed()
    audit = Audit()
    report = run_pip_audit()
    if report is not None:
        from_pip_audit(report, versions, audit)
    fallback([n for n in versions if n not in audit.audited], versions, audit)
    return verdict(audit, exceptions, dt.date.today(), args.strict)


if __name__ == "__main__":
    sys.exit(main())
