"""Spec 5: what a workbook holds is shown as text, in the terminal and on pages."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from builders import rewrite_zip, site_row, write_data

from stockham_analytics.cli import main
from stockham_analytics.pages import markup as display
from stockham_analytics.pages.charts import plain
from stockham_analytics.text import visible

SHEET = "xl/worksheets/sheet1.xml"


def _put_in_register(folder: Path, placeholder: str, xml_text: str) -> None:
    """Replace ``placeholder`` (an inline or shared string) with raw XML text."""
    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        for name in (SHEET, "xl/sharedStrings.xml"):
            if name in parts:
                parts[name] = parts[name].replace(placeholder.encode(), xml_text.encode())
        return parts
    rewrite_zip(folder / "approval_register.xlsx", change)


def test_visible_marks_controls_overrides_and_zero_widths() -> None:
    """ESC, NUL, DEL, U+202E, U+200B and U+FEFF become marks; letters and line breaks stay."""
    assert visible("a\x1b[2Jb") == "a⟨U+001B⟩[2Jb"
    assert visible("x\x00\x7f") == "x⟨U+0000⟩⟨U+007F⟩"
    assert visible("SM\u202e10-\u200bA\ufeff") == "SM⟨U+202E⟩10-⟨U+200B⟩A⟨U+FEFF⟩"
    assert visible("Écôle 中学 – ok\nnext") == "Écôle 中学 – ok\nnext"
    assert visible("one\ntwo", lines=False) == "one⟨U+000A⟩two"
    assert visible(os.fsdecode(b"data\xff")) == "data⟨U+DCFF⟩"


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A Status cell that would clear the screen and fake success is shown as marks."""
    folder = write_data(tmp_path, register=[site_row(Status="PLACEHOLDER")])
    _put_in_register(folder, "PLACEHOLDER",
                     "_x001B_[2J_x001B_[HThe workbooks are valid._x001B_[8m")
    assert main(["validate", "--data", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err
    assert "⟨U+001B⟩[2J⟨U+001B⟩[HThe workbooks are valid." in err
    assert err.rstrip().endswith("Nothing was written.")


def test_a_right_to_left_override_cannot_pass_for_another_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Site ID spelled with U+202E is refused and the message shows the override."""
    folder = write_data(tmp_path, register=[site_row(**{"Site ID": "PLACEHOLDER"})],
                        objectives=[], activity=[])
    _put_in_register(folder, "PLACEHOLDER", "SM-\u202e10")
    assert main(["validate", "--data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "\u202e" not in err and "SM-⟨U+202E⟩10" in err


def test_pages_show_hidden_characters_and_never_carry_nul_or_esc() -> None:
    """The pages' escaping shows NUL, ESC and bidi overrides as marks (and still escapes)."""
    html = str(display.text("<b>Year 5\x00\x1b[31m\u202eblog</b>"))
    assert "\x00" not in html and "\x1b" not in html and "\u202e" not in html
    assert html == "&lt;b&gt;Year 5⟨U+0000⟩⟨U+001B⟩[31m⟨U+202E⟩blog&lt;/b&gt;"
    assert plain("A\u200bB") == "A⟨U+200B⟩B"


def test_text_the_console_cannot_show_is_escaped(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Under an ASCII console a school name with accents is printed escaped, not a crash."""
    folder = write_data(tmp_path, school_toml='[school]\nname = "Écôle Stöckham"\n')
    console = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", console)
    assert main(["validate", "--data", str(folder)]) == 0
    console.flush()
    assert b"Settings: school.toml (\\xc9c\\xf4le St\\xf6ckham)" in console.buffer.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always text")
def test_a_folder_name_that_is_not_utf8(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """validate reads a data folder named with a non-UTF-8 byte; report refuses it clearly."""
    folder = write_data(Path(os.fsdecode(os.fsencode(tmp_path) + b"/data\xff")))
    assert main(["validate", "--data", str(folder)]) == 0
    out = tmp_path / "out"
    assert main(["report", "--data", str(folder), "--term", "Autumn 2026", "--out",
                 str(out), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "data⟨U+DCFF⟩" in err and "rename the folder" in err and "Traceback" not in err
    assert not out.exists()
