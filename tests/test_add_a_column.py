"""Adding a register column is a one-place change: one field in ``records.py``.

The test copies the package (and the tests' record factories), adds one annotated field to
``Site`` and nothing else, and then, through that copy, writes the entry templates and the demo data, fills the new
column in, loads it, reads it back as a DataFrame column and has a bad value refused
with the cell named. Run in a subprocess so that the copy, not this checkout, is imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "stockham_analytics"

#: The whole change: one line in records.py, at the end of Site's columns (after Privacy
#: setting), where the README advises a new column to go.
NEW_FIELD = ('    budget: Annotated[Decimal | None, Column("Budget", "number", clause="A1.2", '
             'help="Pounds a term")]\n\n')
ANCHOR = "    @property\n    def youngest_pupil_age"

SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import openpyxl
    import stockham_analytics as sa
    from stockham_analytics.authoring.demo import write_demo
    from stockham_analytics.authoring.entry_templates import write_templates

    root, data, blank = (Path(a) for a in sys.argv[1:4])
    assert Path(sa.__file__).resolve().is_relative_to(root.resolve()), sa.__file__
    sys.path.insert(0, str(root / "tests"))
    import factories
    write_templates(blank)
    template = openpyxl.load_workbook(blank / "approval_register.xlsx")
    headers = [c.value for c in template["Register"][1]]
    instructions = [r[1] for r in template["Instructions"].iter_rows(values_only=True)]
    write_demo(data)

    def fill(value):
        book = openpyxl.load_workbook(data / "approval_register.xlsx")
        sheet = book["Register"]
        column = [c.value for c in sheet[1]].index("Budget") + 1
        sheet.cell(row=2, column=column, value=value)
        book.save(data / "approval_register.xlsx")
        return sheet.cell(row=2, column=column).coordinate

    blank_demo = sa.load(data).sites[0].budget
    fill(250)
    dataset = sa.load(data)
    cell = fill("lots")
    problems = [p for p in sa.validate(data, as_of="2026-12-10") if p.severity == "error"]
    print(json.dumps({
        "headers": headers, "instructions": instructions, "blank_demo": blank_demo,
        "factory": repr(factories.make_site().budget),
        "site": [dataset.sites[0].site_id, str(dataset.sites[0].budget)],
        "frame": float(dataset.frames()["register"]["budget"].iloc[0]),
        "cell": cell,
        "problems": [[p.file, p.sheet, p.cell, p.column, p.value] for p in problems],
    }))
""")


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What a user sees after adding the Budget field to Site and nothing else."""
    root = tmp_path_factory.mktemp("copy")
    shutil.copytree(PACKAGE, root / "stockham_analytics",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "tests").mkdir()
    shutil.copy(TESTS / "factories.py", root / "tests" / "factories.py")
    records = root / "stockham_analytics" / "records.py"
    text = records.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1, "the anchor line moved: update ANCHOR"
    records.write_text(text.replace(ANCHOR, NEW_FIELD + ANCHOR), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root)}
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), str(root / "data"), str(root / "blank")],
        capture_output=True, text=True, env=env, cwd=root, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    return result


def test_the_entry_template_has_the_new_column(added: dict[str, object]) -> None:
    """The blank Register ends with a Budget header, explained on the Instructions sheet."""
    headers = added["headers"]
    assert isinstance(headers, list)
    assert headers[-1] == "Budget" and headers.count("Budget") == 1
    assert "Budget" in added["instructions"]  # type: ignore[operator]


def test_the_demo_leaves_it_blank_and_the_value_typed_is_loaded(added: dict[str, object]) -> None:
    """A blank Budget loads as None; 250 typed in SM-01's row loads as 250 and a float column."""
    assert added["blank_demo"] is None
    assert added["factory"] == "None"  # the tests' record factories need no change either
    site_id, budget = added["site"]  # type: ignore[misc]
    assert (site_id, Decimal(budget)) == ("SM-01", Decimal(250))
    assert added["frame"] == 250.0


def test_a_bad_value_is_refused_naming_the_cell(added: dict[str, object]) -> None:
    """"lots" in the Budget column is one error naming the file, sheet, cell and column."""
    assert added["problems"] == [
        ["approval_register.xlsx", "Register", added["cell"], "Budget", "lots"]]
