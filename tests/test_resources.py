"""The notebooks, templates and policy are found in an installed wheel and in an editable checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockham_analytics import resources


def test_installed_copy_inside_the_package_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a wheel the package holds _notebooks/: that is the folder used."""
    package = tmp_path / "site-packages" / "stockham_analytics"
    (package / "_notebooks").mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE", package)
    assert resources.resource_dir("notebooks") == package / "_notebooks"


def test_checkout_folder_beside_the_package_is_used_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a checkout there is no _templates/ in the package: the repository's templates/ is used."""
    package = tmp_path / "repo" / "stockham_analytics"
    package.mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE", package)
    assert resources.resource_dir("templates") == tmp_path / "repo" / "templates"
    assert resources.policy_text() == tmp_path / "repo" / "docs" / "policy.txt"


def test_unknown_resource_is_refused() -> None:
    """Only the folders the wheel carries can be asked for."""
    with pytest.raises(ValueError, match="notebooks, templates, docs"):
        resources.resource_dir("data")


def test_this_checkout_finds_every_file_a_report_needs() -> None:
    """Both notebooks, the page template and stylesheet, and the policy text exist where resolved."""
    notebooks, templates = resources.resource_dir("notebooks"), resources.resource_dir("templates")
    needed = [notebooks / "termly_report.ipynb", notebooks / "site_report.ipynb",
              templates / "governors" / "index.html.j2",
              templates / "governors" / "static" / "governors.css", resources.policy_text()]
    assert [p for p in needed if not p.is_file()] == []
