"""The vocabulary is declared once (``clew.vocabulary``) and used everywhere.

AST checks over ``src/clew``: every audit entry is written with an ``AuditAction`` and every run
is started with a ``RunKind`` (no string spelled again at a call site); every action is
documented; role weights and display order come from the one table.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from clew import vocabulary as v

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "clew"


def _calls(method: str) -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == method
            ):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def _named(node: ast.Call, enum: str) -> bool:
    first = node.args[0] if node.args else None
    return isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name) and first.value.id == enum


def test_every_audit_entry_names_a_declared_action() -> None:
    calls = [(where, c) for where, c in _calls("audit") if c.args]
    assert len(calls) > 20
    spelled = [where for where, c in calls if not _named(c, "AuditAction")]
    assert spelled == [], "audit actions spelled as strings instead of clew.vocabulary.AuditAction"
    used = {c.args[0].attr for _, c in calls}  # type: ignore[attr-defined]
    assert used <= set(v.AuditAction.__members__)


def test_every_run_is_started_with_a_declared_kind() -> None:
    calls = [(where, c) for where, c in _calls("run") if c.args and "store" in ast.unparse(c.func)]
    assert len(calls) >= 8
    assert [where for where, c in calls if not _named(c, "RunKind")] == []
    assert [w for w, _ in _calls("start_run") if "src/clew/store/base.py" not in w] == []


def test_actions_follow_one_scheme_and_are_documented() -> None:
    docs = ROOT.joinpath("docs", "architecture.md").read_text(encoding="utf-8")
    for action in v.AuditAction:
        assert action.value == action.value.lower() and "." in action.value and "_" not in action.value
        assert f"`{action.value}`" in docs, f"audit action {action.value} not in docs/architecture.md"


@pytest.mark.parametrize("old", sorted(v.LEGACY_ACTIONS))
def test_old_spellings_are_read_as_todays(old: str) -> None:
    assert v.action_of(old) == v.LEGACY_ACTIONS[old] and v.action_of(v.LEGACY_ACTIONS[old]) is not None
    assert v.action_of("no.such-action") is None


def test_roles_weights_and_order_come_from_the_one_table() -> None:
    names = [r.name for r in v.ROLES]
    assert len(set(names)) == len(names)
    assert {"hands-on", "children-at-risk"} <= set(names) and "hands_on" not in names
    assert v.role_weight("hands-on") == max(r.weight for r in v.ROLES)
    assert v.role_weight("undeclared") == v.DEFAULT_ROLE_WEIGHT
    assert sorted(["member", "zeta", "admin", "hands-on"], key=v.role_order) == [
        "hands-on",
        "admin",
        "member",
        "zeta",
    ]
    assert set(v.roles_of("money")) == {
        "seller",
        "collector",
        "structuring",
        "pass-through",
        "foreign-funds",
        "buyer",
    }
