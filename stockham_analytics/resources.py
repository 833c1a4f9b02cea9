"""Where the notebooks, the templates and the policy text are, however the package was installed.

In the repository they sit at the top (``notebooks/``, ``templates/``,
``docs/policy.txt``), which is where an editable install (``pip install -e .``)
finds them. A wheel (``pip install .``, ``pipx install .``) carries copies inside
the package as ``_notebooks/``, ``_templates/`` and ``_docs/`` (pyproject.toml,
``force-include``). :func:`resource_dir` is the one place that knows both.
"""

from __future__ import annotations

from pathlib import Path

#: This package's folder.
PACKAGE = Path(__file__).resolve().parent

#: The folders the package needs at run time, as named in the repository.
RESOURCES = ("notebooks", "templates", "docs")


def resource_dir(name: str) -> Path:
    """The folder ``name`` (one of :data:`RESOURCES`): inside the installed package, else in the checkout."""
    if name not in RESOURCES:
        raise ValueError(f"{name!r} is not one of {', '.join(RESOURCES)}")
    installed = PACKAGE / f"_{name}"
    if installed.is_dir():
        return installed
    return PACKAGE.parent / name


def policy_text() -> Path:
    """The Social Media Policy as plain text (``docs/policy.txt``)."""
    return resource_dir("docs") / "policy.txt"


def stylesheet() -> Path:
    """The pages' stylesheet (``templates/governors/static/governors.css``): the pack copies it
    into ``assets/``; JupyterLab gets it scoped to the notebook's output."""
    return resource_dir("templates") / "governors" / "static" / "governors.css"
