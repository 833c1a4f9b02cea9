"""The same inputs give the same pack: summary.json byte for byte, and every page identical
except for the day it was generated (see :data:`adversarial.GENERATED`, the one regex used).

The two runs differ in everything that should not matter: the output folder's path and
Python's string-hash seed (``PYTHONHASHSEED``), so that an iteration over a set or the
order of a dict built from one shows up as a difference.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from adversarial import DEMO_DATA, GENERATED, pack_files, run_report, without_stamp, write_injection_data

pytestmark = pytest.mark.slow


def _build(data: Path, out: Path, seed: str) -> dict[str, bytes]:
    done = run_report(data, out, env={"PYTHONHASHSEED": seed})
    assert done.returncode == 0, done.stderr
    return pack_files(out)


def _first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at byte {at}: {a[max(0, at - 80):at + 80]!r} != {b[max(0, at - 80):at + 80]!r}"


def _differences(one: dict[str, bytes], two: dict[str, bytes]) -> dict[str, str]:
    """File name -> where the two packs first differ (pages compared without their stamp)."""
    if sorted(one) != sorted(two):
        return {"(file list)": "\n".join(difflib.unified_diff(sorted(one), sorted(two), lineterm=""))}
    differ = {}
    for name in one:
        a, b = one[name], two[name]
        if name.endswith(".html"):
            a, b = without_stamp(a)[0], without_stamp(b)[0]
        if a != b:
            differ[name] = _first_difference(a, b)
    return differ


@pytest.mark.parametrize("kind", ["demo", "injection"])
def test_two_runs_give_the_same_pack(kind: str, tmp_path: Path) -> None:
    """Two runs on the same inputs differ in nothing but the pages' generation date."""
    data = DEMO_DATA if kind == "demo" else write_injection_data(tmp_path / "data")
    one = _build(data, tmp_path / "first" / "pack", seed="1")
    two = _build(data, tmp_path / "second-run" / "out", seed="2")
    assert _differences(one, two) == {}


def test_summary_json_is_byte_identical(tmp_path: Path) -> None:
    """summary.json (which carries no generation time) is byte-identical across runs."""
    one = _build(DEMO_DATA, tmp_path / "a", seed="3")
    two = _build(DEMO_DATA, tmp_path / "b", seed="4")
    assert one["summary.json"] == two["summary.json"]


def test_every_page_carries_the_stamp_the_normaliser_removes(tmp_path: Path) -> None:
    """Each page holds its generation date where the regex expects it (and nowhere else is touched)."""
    pages = {n: b for n, b in _build(DEMO_DATA, tmp_path / "p", seed="5").items()
             if n.endswith(".html") and n != "policy.html"}  # the policy page is not generated: no stamp
    counts = {name: without_stamp(body)[1] for name, body in pages.items()}
    assert (len(pages) > 1, {n: c for n, c in counts.items() if c == 0}, GENERATED.pattern[:12]) == (
        True, {}, rb"(\bgenerated")


def test_normaliser_replaces_only_the_generation_date() -> None:
    """The regex replaces the stamp's date and leaves other dates alone."""
    page = (b"<p>generated 24 Nov 2026</p><p>Closed 3 Sep 2026</p>"
            b"<p>Built by stockham-analytics 0.1.0 on 1 Jan 2027 from</p>")
    assert without_stamp(page) == (
        b"<p>generated <DATE></p><p>Closed 3 Sep 2026</p><p>Built by stockham-analytics 0.1.0 on <DATE> from</p>", 2)
