"""The documentation stays true: the guide's tables match the code, every link resolves inside the repository.

The guide's column and check tables are generated from the schema and the check
catalogue between ``<!-- generated: NAME -->`` and ``<!-- end generated -->``
markers; ``python tests/test_docs.py`` rewrites them after a change, and the
tests here fail until it has been run.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from stockham_analytics import cli
from stockham_analytics.authoring.entry_templates import required_text, what_to_type
from stockham_analytics.evaluation.catalogue import ALL_CHECKS, SiteCheckDef
from stockham_analytics.pack.interrupt import SIGNALS
from stockham_analytics.pages.policy_page import policy_lines
from stockham_analytics.workbooks.schema import SHEETS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide.md"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"(<!-- generated: (\S+) -->\n)(.*?)(<!-- end generated -->)", re.DOTALL)
_MD_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_LINK = re.compile(r"(?:href|src)=\"([^\"{}]+)\"")
_SKIP_DIRS = {".git", ".venv", "build", "dist", "reports", "__pycache__", ".mypy_cache",
              ".hypothesis", ".pytest_cache", "node_modules"}
_TEXT_SUFFIXES = {".md", ".txt", ".html", ".j2", ".css", ".ipynb", ".toml", ".yml", ".cfg", ".py", ""}


def _cell(value: str) -> str:
    return " ".join(value.replace("|", "\\|").split()) or "–"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def generated_blocks() -> dict[str, str]:
    """Every generated table of the guide, by block name."""
    blocks = {}
    for sheet in SHEETS:
        rows = [[f"**{c.header}**", what_to_type(c), required_text(c), c.clause,
                 "never shown to governors" if c.personal else ""] for c in sheet.columns]
        blocks[f"columns:{sheet.file}:{sheet.name}"] = _table(
            ["Column", "What to type", "Required", "Clause", "Privacy"], rows)
    rows = [[f"`{c.check_id}`", c.scope, c.clause, c.title, c.asks,
             c.severity if isinstance(c, SiteCheckDef) else "", c.fix]
            for c in ALL_CHECKS]
    blocks["checks"] = _table(["Check", "Of each", "Clause", "Title", "What it asks",
                               "A Fail makes the site", "What to do when it fails"], rows)
    return blocks


def _guide_blocks(text: str) -> dict[str, str]:
    return {m.group(2): m.group(3) for m in _BLOCK.finditer(text)}


def rewrite_guide() -> None:
    """Write the generated tables into docs/guide.md (run this file as a script)."""
    blocks = generated_blocks()
    text = GUIDE.read_text(encoding="utf-8")
    text = _BLOCK.sub(lambda m: m.group(1) + blocks[m.group(2)] + m.group(4), text)
    GUIDE.write_text(text, encoding="utf-8")


# --- the guide ---------------------------------------------------------------------------


def test_guide_tables_match_the_schema_and_the_check_catalogue() -> None:
    """Each workbook sheet and the check catalogue appear in the guide exactly as the code declares them."""
    assert _guide_blocks(GUIDE.read_text(encoding="utf-8")) == generated_blocks()


def test_guide_names_every_check_with_its_clause() -> None:
    """Every check id appears in the guide's check table beside its clause (read back from the table rows)."""
    text = _guide_blocks(GUIDE.read_text(encoding="utf-8")).get("checks", "")
    pairs = set(re.findall(r"^\| `([A-Z-]+)` \| \w+ \| ([^|]+) \|", text, re.MULTILINE))
    assert pairs == {(c.check_id, c.clause) for c in ALL_CHECKS}


def test_guide_lists_every_exit_code_the_command_returns() -> None:
    """The exit-code table names exactly the codes cli.py defines, 0 to 6, and 130 and 143
    (128 + the signal's number, the shells' convention for a run stopped by a signal)."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    listed = sorted(int(code) for code in re.findall(r"^\| (\d+) \|", section, re.MULTILINE))
    defined = sorted({cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_FOLDER,
                      cli.EXIT_REPORT, cli.EXIT_OTHER, cli.EXIT_NO_BROWSER,
                      *(128 + signum for signum in SIGNALS)})
    assert listed == defined == [0, 1, 2, 3, 4, 5, 6, 130, 143]


def test_every_clause_the_checks_cite_has_an_anchor_in_the_policy_page() -> None:
    """Each numbered clause a check cites (7.3, A5.4, 9.3, ...) is an id in policy.html."""
    anchors = {line.anchor for line in policy_lines((ROOT / "docs" / "policy.txt").read_text(
        encoding="utf-8"))}
    cited = {part.strip() for c in ALL_CHECKS for part in c.clause.split(",")}
    numbered = {c for c in cited if re.fullmatch(r"A?\d+\.\d+", c)}
    assert numbered and numbered - anchors == set()


# --- links -----------------------------------------------------------------------------


def _relative_targets(file: Path) -> list[str]:
    text = file.read_text(encoding="utf-8")
    targets = _MD_LINK.findall(text) + _HTML_LINK.findall(text)
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:|^#", t)]


def test_every_relative_link_in_the_readme_and_docs_resolves() -> None:
    """Each relative link in README.md and docs/*.md names a file or folder of the repository."""
    broken = [(f.name, t) for f in DOCS for t in _relative_targets(f)
              if not (f.parent / t.split("#", 1)[0]).exists()]
    assert broken == []


def _slugs(markdown: Path) -> set[str]:
    """GitHub's anchors for the headings of ``markdown``."""
    headings = re.findall(r"^#+\s+(.*)$", markdown.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_anchor_into_a_markdown_file_names_a_heading() -> None:
    """Links such as docs/guide.md#exit-codes land on a heading of that file."""
    missing = []
    for file in DOCS:
        for target in _relative_targets(file):
            path, _, anchor = target.partition("#")
            if anchor and path.endswith(".md") and anchor not in _slugs(file.parent / path):
                missing.append((file.name, target))
    assert missing == []


def _project_files() -> list[Path]:
    files = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
        for name in names:
            path = Path(folder) / name
            if path.suffix in _TEXT_SUFFIXES and path.stat().st_size < 2_000_000:
                files.append(path)
    return files


def test_no_file_links_outside_the_repository() -> None:
    """No link in a project file climbs out of the repository (a clone has nothing beside it)."""
    outside = "../" + "shared"
    escaping = []
    for file in _project_files():
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if outside in text:
            escaping.append((file.relative_to(ROOT).as_posix(), outside))
        if file.suffix in {".md", ".html", ".j2", ".txt", ".ipynb"}:
            for target in _relative_targets(file):
                resolved = (file.parent / target.split("#", 1)[0]).resolve()
                if not resolved.is_relative_to(ROOT):
                    escaping.append((file.relative_to(ROOT).as_posix(), target))
    assert escaping == []


if __name__ == "__main__":
    rewrite_guide()
    sys.exit(0)
