"""Quality of the money roles against the demo's ground truth.

Two levels, for sellers and collectors:
- **account**: accounts flagged ``seller``/``collector`` (``money_patterns``), and every other
  account held by a subject with that money role (the role is a person's, so all their
  accounts carry it, as in the truth), against ``truth/accounts.csv`` ``money_role``; every
  account in the truth file is in the universe.
- **person**: the owners (``accounts.csv`` ``person_id``) of flagged accounts against the
  people whose ``people.csv`` roles include the role and who hold an account in the truth;
  **person, paid** restricts both sides to people with at least one payment *into* one of
  their accounts (a collector whose accounts never received money cannot be found from money);
  **person, 2+ payers** to people paid by at least two distinct payers (people, or accounts of
  no known person): a market is more than one relationship — an account one payer pays many
  times is, from the money alone, a friend, a landlord or a seller alike (the same line as
  ``Rules.chain_min_payers``), so this level is the recall the money can reach at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clew.evaluation import precision_recall_f1
from clew.evaluation.truth import Truth, load
from clew.store.base import Store
from clew.vocabulary import COLLECTOR, SELLER, AuditAction, RunKind

ROLES = (SELLER, COLLECTOR)
MARKET_PAYERS = 2  # distinct payers that make a market (module docstring)


def _score(predicted: set[str], actual: set[str]) -> dict[str, Any]:
    """Scores with the misses named; predicting nothing where there was something scores precision 0."""
    hit = len(predicted & actual)
    precision, recall, f1 = precision_recall_f1(hit, len(predicted), len(actual), float(not actual))
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "predicted": len(predicted),
        "true": len(actual),
        "false_positives": sorted(predicted - actual)[:20],
        "missed": sorted(actual - predicted)[:20],
    }


def _flagged(store: Store) -> dict[str, set[str]]:
    """role -> accounts flagged with it, or held by a subject with that money role."""
    flagged: dict[str, set[str]] = {role: set() for role in ROLES}
    for row in store.select("money_patterns", {"pattern": list(ROLES)}, columns=["pattern", "account_id"]):
        flagged[row["pattern"]].add(row["account_id"])
    with_role: dict[str, set[str]] = {role: set() for role in ROLES}
    for row in store.select("subject_roles", {"analysis": RunKind.MONEY, "role": list(ROLES)}):
        with_role[row["role"]].add(row["subject_id"])
    for row in store.select("money_accounts", columns=["account_id", "subject_id"]):
        for role in ROLES:
            if row["subject_id"] in with_role[role]:
                flagged[role].add(row["account_id"])
    return flagged


def evaluate(store: Store, truth: Truth | str | Path) -> dict[str, Any]:
    """Precision/recall of sellers and collectors, per account and per person (module docstring).

    ``truth`` is a ``clew.evaluation.truth.Truth`` or a folder holding one.
    """
    if isinstance(truth, str | Path):
        truth = load(Path(truth))
    owner = {a["account_id"]: a["person_id"] for a in truth.accounts}
    holders = {p for p in owner.values() if p}
    flagged = _flagged(store)
    payers: dict[str, set[str]] = {}
    for r in store.select("money_payments", columns=["payer_account", "beneficiary_account"]):
        if owner.get(r["beneficiary_account"]):
            payer = owner.get(r["payer_account"]) or r["payer_account"]
            payers.setdefault(owner[r["beneficiary_account"]], set()).add(payer)
    paid_people = set(payers)
    market = {p for p, who in payers.items() if len(who) >= MARKET_PAYERS}
    table = []
    for role in ROLES:
        actual = {a["account_id"] for a in truth.accounts if a["money_role"] == role}
        predicted = flagged[role] & set(owner)
        table.append({"role": role, "level": "account", **_score(predicted, actual)})
        actual_people = {
            p["person_id"]
            for p in truth.people
            if role in p["roles"].split(";") and p["person_id"] in holders
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
        table.append(
            {
                "role": role,
                "level": "person, 2+ payers",
                **_score(predicted_people & market, actual_people & market),
            }
        )
    store.audit(AuditAction.EVALUATE_MONEY, None, {r["role"] + "/" + r["level"]: r["f1"] for r in table})
    return {"table": table, "accounts_in_truth": len(owner)}
