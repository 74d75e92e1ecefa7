"""Start-up stays light: commands that should answer at once import no heavy library.

Not a timed test (the time is measured by ``bench/startup.py``): it runs the command in a fresh
interpreter and lists the heavy libraries found in ``sys.modules`` afterwards. ``clew --help``
needs only click and rich; ``clew status`` also the store (SQLAlchemy, the audit log's signing),
never the analyses' libraries (followthemoney alone cost 0.8 s of every command's start).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clew.store import Workspace

HEAVY = (
    "followthemoney", "numpy", "pandas", "scipy", "igraph", "leidenalg", "networkit", "splink", "duckdb",
    "faiss", "av", "pdqhash", "PIL", "schwifty", "phonenumbers", "openpyxl", "yaml", "rich.progress",
    "sqlalchemy.dialects.postgresql",
)  # fmt: skip
CHECK = """
import sys
from clew.cli.main import main
code = main(sys.argv[2:])
print("exit", code, sorted(m for m in sys.argv[1].split(",") if m in sys.modules))
"""


def loaded(argv: list[str], modules: tuple[str, ...] = HEAVY) -> str:
    env_src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run(
        [sys.executable, "-c", CHECK, ",".join(modules), *argv],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": env_src, "PATH": ""},
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def test_help_loads_no_heavy_library_nor_the_store() -> None:
    assert loaded(["--help"], (*HEAVY, "sqlalchemy", "cryptography", "clew.store.sql")) == "exit 0 []"
    assert loaded(["--help"], ("click", "sqlalchemy")) == "exit 0 ['click']"  # the check sees modules


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"]])
def test_status_loads_no_analysis_library(tmp_path: Path, argv: list[str]) -> None:
    Workspace.init(tmp_path / "ws", operation="test-op")
    assert loaded(["-w", str(tmp_path / "ws"), *argv]) == "exit 0 []"


def test_search_loads_no_analysis_library(tmp_path: Path) -> None:
    """A query is normalised as a number, an IBAN… (phonenumbers, schwifty) and looked up in the
    text index: followthemoney's model and the analyses' libraries stay unloaded (the first
    search of a workspace builds the index from the records, which needs the model)."""
    Workspace.init(tmp_path / "ws", operation="test-op")
    argv = ["-w", str(tmp_path / "ws"), "search", "+63 917 555 0101"]
    assert "followthemoney" in loaded(argv)  # builds the index
    assert loaded(argv) == "exit 0 ['phonenumbers', 'schwifty']"


def test_every_commands_module_is_registered_by_name() -> None:
    """``clew.cli.main.COMMANDS`` (what the lazy group loads) names exactly the commands each
    module declares: a command added to a module but not to the map would be unreachable."""
    import importlib

    from clew.cli.main import COMMAND_MODULES, COMMANDS

    declared = {c.name: m for m in COMMAND_MODULES for c in importlib.import_module(m).COMMANDS}
    assert declared == COMMANDS
    folder = Path(__file__).parents[1] / "src/clew/cli"
    modules = {f"clew.cli.{p.stem}" for p in folder.glob("*.py")} - {"clew.cli.main"}
    assert {m for m in modules if hasattr(importlib.import_module(m), "COMMANDS")} == set(COMMAND_MODULES)


def test_a_command_loads_only_its_own_module(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws", operation="test-op")
    others = ("clew.cli.leads", "clew.cli.money", "clew.cli.server", "clew.cli.demo", "clew.cli.media")
    assert loaded(["-w", str(tmp_path / "ws"), "status"], others) == "exit 0 []"
