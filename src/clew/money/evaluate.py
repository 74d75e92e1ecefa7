"""Quality of the money roles against the demo's ground truth.

Two levels, for sellers and collectors:
- **account**: accounts flagged ``seller``/``collector`` (``money_patterns``), and every other
  account held by a subject with that money role (the role is a person's, so all their
  accounts carry it, as in the truth), against ``truth/accounts.csv`` ``money_role``; every
  account in the truth file is in the universe.
- **person**: the owners (``accounts.csv`` ``person_id``) of flagged accounts against the
  people whose ``people.csv`` roles include the role and who hold an account in the truth;
  **person, paid** restricts both sides to people with at least one payment *into* one of
  their accounts (a collector whose accounts never received money cannot be found from money).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from clew.store.base import Store

ROLES = ("seller", "collector")


def _rows(table: Any) -> list[dict[str, Any]]:
    if table is None:
        return []
    if isinstance(table, dict):
        return [{"id": k, **v} if isinstance(v, dict) else {"id": k, "value": v} for k, v in table.items()]
    return [dict(r) for r in table]


def _score(predicted: set[str], actual: set[str]) -> dict[str, Any]:
    hit = len(predicted & actual)
    precision = hit / len(predicted) if predicted else (1.0 if not actual else 0.0)
    recall = hit / len(actual) if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "predicted": len(predicted),
        "true": len(actual),
        "false_positives": sorted(predicted - actual)[:20],
        "missed": sorted(actual - predicted)[:20],
    }


def _roles(value: str | Iterable[str] | None) -> set[str]:
    if not value:
        return set()
    if isinstance(value, str):
        return {r.strip() for r in value.split(";") if r.strip()}
    return set(value)


def evaluate(store: Store, truth: Any) -> dict[str, Any]:
    """Precision/recall of sellers and collectors, per account and per person.

    ``truth`` is a ``clew.demo.truth.Truth`` or a folder holding one.
    """
    if isinstance(truth, str | Path):
        from clew.demo.truth import load

        truth = load(Path(truth))
    accounts = _rows(getattr(truth, "accounts", None))
    people = _rows(getattr(truth, "people", None))
    owner = {str(a.get("account_id") or a.get("id")): str(a.get("person_id") or "") for a in accounts}
    holders = {p for p in owner.values() if p}
    flagged: dict[str, set[str]] = {role: set() for role in ROLES}
    for row in store.select("money_patterns", {"pattern": list(ROLES)}, columns=["pattern", "account_id"]):
        flagged[row["pattern"]].add(row["account_id"])
    with_role: dict[str, set[str]] = {role: set() for role in ROLES}
    for row in store.select("subject_roles", {"analysis": "money", "role": list(ROLES)}):
        with_role[row["role"]].add(row["subject_id"])
    for row in store.select("money_accounts", columns=["account_id", "subject_id"]):
        for role in ROLES:
            if row["subject_id"] in with_role[role]:
                flagged[role].add(row["account_id"])
    paid = {r["beneficiary_account"] for r in store.select("money_payments", columns=["beneficiary_account"])}
    paid_people = {owner[a] for a in paid if owner.get(a)}
    table = []
    for role in ROLES:
        actual = {str(a.get("account_id") or a.get("id")) for a in accounts if a.get("money_role") == role}
        predicted = flagged[role] & set(owner)
        table.append({"role": role, "level": "account", **_score(predicted, actual)})
        actual_people = {
            str(p.get("person_id") or p.get("id"))
            for p in people
            if role in _roles(p.get("roles")) and str(p.get("person_id") or p.get("id")) in holders
        }
        predicted_people = {owner[a] for a in predicted if owner.get(a)}
        table.append({"role": role, "level": "person", **_score(predicted_people, actual_people)})
        table.append(
            {
                "role": role,
                "level": "person, paid",
                **_score(predicted_people & paid_people, actual_people & paid_people),
            }
        )
    store.audit("money.evaluate", None, {r["role"] + "/" + r["level"]: r["f1"] for r in table})
    return {"table": table, "accounts_in_truth": len(owner)}
