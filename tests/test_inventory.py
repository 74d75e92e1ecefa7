"""Inventory: every command and every input format must be documented.

Fails when a command is added to the CLI, or a reader to the ingest registry, without a
word about it in README.md or docs/*.md.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from clew.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


def _docs() -> str:
    texts = [ROOT.joinpath("README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.joinpath("docs").glob("*.md"))]
    return "\n".join(texts)


def _commands(group: click.Group, prefix: str = "clew") -> list[str]:
    out = []
    for name in group.list_commands(None):  # the root group loads its commands lazily
        command = group.get_command(None, name)
        path = f"{prefix} {name}"
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(_commands(command, path))
    return out


@pytest.mark.parametrize("command", _commands(cli))
def test_command_is_documented(command: str) -> None:
    assert f"`{command}" in _docs(), f"{command} is not documented in README.md or docs/"


def test_every_ingest_format_is_documented() -> None:
    from clew.ingest import registry

    docs = ROOT.joinpath("docs", "formats.md").read_text(encoding="utf-8")
    for name in registry.names():
        assert f"<!-- format: {name} -->" in docs, f"ingest format {name!r} not in docs/formats.md"
