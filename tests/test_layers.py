"""The layers of the house: no module of ``src/clew`` imports from a layer above its own.

Every ``import``/``from … import`` in every module is checked, at any depth (imports inside
functions — the lazy ones — included), so data flows one way: storage below ingest, ingest
below the analyses, the analyses below leads, leads below the interfaces. Modules of one
layer may import each other. A new top-level module or package of ``clew`` must be given a
layer here, or this test fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("clew", "clew.model", "clew.errors", "clew.runtime", "clew.vocabulary"),
    ("clew.identifiers",),
    ("clew.store",),
    ("clew.access",),
    ("clew.ingest",),
    ("clew.resolve",),
    ("clew.network", "clew.money", "clew.media"),
    ("clew.leads", "clew.cases"),
    ("clew.pipeline", "clew.evaluation"),
    ("clew.demo",),
    ("clew.service",),
    ("clew.api", "clew.web", "clew.cli", "clew.__main__"),
)
"""Lowest first. ``clew`` is the package's own ``__init__``; ``pipeline`` chains the analyses and
leads; ``evaluation`` scores them against a ground truth; ``demo`` generates, ingests and runs the
pipeline; the service layer answers the interfaces, which hold no logic."""


def layer_of(module: str) -> int:
    """The index in ``LAYERS`` of the longest prefix naming ``module``'s package."""
    best, found = -1, None
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, found = len(name), i
    if found is None:
        raise LookupError(f"{module}: in no layer; give its package a layer in tests/test_layers.py")
    return found


def module_name(path: Path, root: Path = SRC) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path = SRC) -> list[tuple[int, str]]:
    """``(line, imported module)`` for every import in the file, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.append((node.lineno, base))
            out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names if base == "clew"]
    return out


def _modules() -> list[Path]:
    return sorted(SRC.joinpath("clew").rglob("*.py"))


def violations(path: Path, root: Path = SRC) -> list[str]:
    own = layer_of(module_name(path, root))
    found = []
    for line, target in imports(path, root):
        if target != "clew" and not target.startswith("clew."):
            continue
        if layer_of(target) > own:
            found.append(f"{path.relative_to(root)}:{line}: imports {target} (a layer above)")
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_runs_up_the_layers(path: Path) -> None:
    assert violations(path) == []


def test_the_check_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    """An import inside a function body counts as much as one at the top."""
    path = tmp_path / "clew" / "network" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text("def f():\n    from clew.leads import priority\n    from ..demo import truth\n")
    assert violations(path, tmp_path) == [
        "clew/network/x.py:2: imports clew.leads (a layer above)",
        "clew/network/x.py:3: imports clew.demo (a layer above)",
    ]


def test_every_module_has_a_layer() -> None:
    for path in _modules():
        layer_of(module_name(path))


ANALYSES = (
    "clew.identifiers", "clew.ingest", "clew.resolve", "clew.network", "clew.money", "clew.media",
    "clew.leads", "clew.cases", "clew.pipeline", "clew.evaluation",
)  # fmt: skip
"""The packages that do the work (the pipeline that chains them and the scores of their results
included): the interfaces reach them only through ``clew.service``, so the command line, the
API and the web app cannot compute anything differently."""

INTERFACES = ("cli", "api", "web")
"""The packages under ``clew`` that hold no logic: the command line, the REST API, the web app."""

DECLARED_DATA: dict[str, str] = {
    "clew.money": "PATTERNS, the --pattern choices: a tuple in the package's __init__, no code",
    "clew.media": "MODES and HASHLIST_KINDS, the --mode/--kind choices: tuples in __init__, no code",
    "clew.leads.vocabulary": "TLP labels for --tlp: the leads vocabulary, declared as data",
}
"""Modules of those packages the interfaces may import, each with why: declared data (click
needs choices when the command is defined, forms and templates the same lists), no logic to run."""


def _modules_imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """``imports`` with ``from package import submodule`` read as the submodule: ``from
    clew.money import query`` imports ``clew.money.query``, not the declared-data ``clew.money``."""
    out = []
    for line, target in imports(path, root):
        out.append((line, target))
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                sub = root.joinpath(*node.module.split("."), alias.name)
                if sub.is_dir() or sub.with_suffix(".py").exists():
                    out.append((node.lineno, f"{node.module}.{alias.name}"))
    return sorted(out)


def interface_violations(root: Path = SRC) -> list[str]:
    """``file:line: imports X`` for every import of an analysis package by a module of an
    interface (``INTERFACES``; lazy imports included), declared-data modules excepted."""
    found = []
    paths = sorted(p for name in INTERFACES for p in root.joinpath("clew", name).rglob("*.py"))
    for path in paths:
        for line, target in _modules_imported(path, root):
            analysis = any(target == a or target.startswith(a + ".") for a in ANALYSES)
            if analysis and target not in DECLARED_DATA:
                found.append(f"{path.relative_to(root)}:{line}: imports {target}")
    return found


def test_the_interfaces_reach_analyses_only_through_the_service() -> None:
    assert interface_violations() == []


@pytest.mark.parametrize("interface", INTERFACES)
def test_the_interface_check_sees_lazy_imports_and_allows_declared_data(
    tmp_path: Path, interface: str
) -> None:
    path = tmp_path / "clew" / interface / "routes" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "from clew.money import PATTERNS\n"
        "def f():\n    from clew.network import query\n    from clew.service import network\n"
        "    from clew.money import rates\n    from clew import pipeline\n"
    )
    (tmp_path / "clew" / "money").mkdir()
    (tmp_path / "clew" / "money" / "rates.py").write_text("")
    assert interface_violations(tmp_path) == [
        f"clew/{interface}/routes/x.py:3: imports clew.network",
        f"clew/{interface}/routes/x.py:5: imports clew.money.rates",
        f"clew/{interface}/routes/x.py:6: imports clew.pipeline",
    ]


def test_declared_data_modules_hold_no_imports_of_code() -> None:
    """A declared-data module stays data: it imports nothing of clew (so importing it runs no
    analysis code; a package's ``__init__`` counts, since importing a submodule runs it)."""
    for name in DECLARED_DATA:
        module = SRC.joinpath(*name.split("."))
        paths = [module / "__init__.py" if module.is_dir() else module.with_suffix(".py")]
        paths += [
            p / "__init__.py" for p in module.parents if p != SRC and SRC.joinpath("clew") in (p, *p.parents)
        ]
        for path in paths:
            assert path.exists(), name
            assert [t for _, t in imports(path) if t.startswith("clew")] == [], (name, path)
