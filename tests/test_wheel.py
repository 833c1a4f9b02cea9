"""A wheel installed without -e carries its notebooks and templates and builds the pack from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _env(temp: Path | None = None) -> dict[str, str]:
    """This environment without anything that would put the checkout on the path."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    if temp is not None:  # a temporary folder of its own: other runs on this machine keep out
        env["TMPDIR"] = env["TEMP"] = env["TMP"] = str(temp)
    return env


def _script(env_dir: Path, name: str) -> Path:
    folder = env_dir / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def _run(args: list[str | Path], cwd: Path, temp: Path | None = None
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=_env(temp), capture_output=True,
                          text=True, check=False, timeout=900)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built by pip from the checkout."""
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, ROOT], out)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("stockham_analytics-*.whl")
    return built


def test_wheel_carries_the_notebooks_templates_and_policy(wheel: Path) -> None:
    """The notebooks, the page and Excel templates and the policy text are inside the package."""
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {"stockham_analytics/_notebooks/termly_report.ipynb",
              "stockham_analytics/_notebooks/site_report.ipynb",
              "stockham_analytics/_templates/governors/index.html.j2",
              "stockham_analytics/_templates/governors/static/governors.css",
              "stockham_analytics/_templates/excel/breach_log.xlsx",
              "stockham_analytics/_docs/policy.txt",
              "stockham_analytics/py.typed"}
    assert wanted - names == set()


def test_installed_wheel_builds_the_demo_pack_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    """pip install of the wheel (no -e) into a fresh venv, then `report` run elsewhere, writes a whole pack."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = _script(env_dir, "python")
    done = _run([python, "-m", "pip", "install", "--quiet", "-c", ROOT / "constraints.txt", wheel],
                tmp_path)
    assert done.returncode == 0, done.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run([python, "-c", "import stockham_analytics; print(stockham_analytics.__file__)"],
                 elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout
    out, temp = tmp_path / "pack", tmp_path / "tmp"
    temp.mkdir()
    done = _run([_script(env_dir, "stockham-analytics"), "report", "--data", ROOT / "data",
                 "--term", "Autumn 2026", "--out", out, "--quiet"], elsewhere, temp)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    pages = sorted(p.stem for p in (out / "sites").glob("*.html"))
    assert pages == sorted(site["site_id"] for site in summary["sites"]) and pages
    overview = (out / "index.html").read_text(encoding="utf-8")
    assert "For the governors" in overview and 'src="assets/plotly.min.js"' in overview
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000  # shipped, not fetched
    assert 'id="A5.4"' in (out / "policy.html").read_text(encoding="utf-8")
    assert (list(elsewhere.iterdir()), list(temp.iterdir())) == ([], [])
