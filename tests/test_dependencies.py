"""Every third-party package that src/ imports is declared (pinned) in pyproject.toml.

A package that only arrives as somebody else's dependency (or with the test extras) breaks a
fresh `bash scripts/demo.sh` when that somebody changes; this catches it.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules() -> set[str]:
    found: set[str] = set()
    for path in ROOT.joinpath("src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"clew", "__future__"}


def _declared() -> set[str]:
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    extras = project["optional-dependencies"]
    specs += [spec for extra, group in extras.items() if extra != "test" for spec in group]
    return {re.split(r"[\[=<>!~ ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


def test_every_imported_package_is_declared() -> None:
    distributions = packages_distributions()
    declared = _declared()
    missing = {}
    for module in sorted(_imported_modules()):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & declared:
            missing[module] = sorted(names)
    assert not missing, f"imported by src/ but not declared in pyproject.toml: {missing}"


def test_every_dependency_is_pinned() -> None:
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"]:
        assert "==" in spec, f"{spec} is not pinned"
