"""Score the ``hands-on`` and ``children-at-risk`` roles against a demo's ground truth.

A true hands-on person has ``hands-on`` among the roles of the loaded truth (``people.csv``
writes ``hands_on``; :mod:`clew.evaluation.truth` gives every role its vocabulary name); a true
child at risk has ``children-at-risk`` (declared access to children, in the network). People are matched to
subjects as for syndicates (``clew.evaluation.network.person_of_subjects``); a role found on a
subject counts for the person most of its records belong to.
"""

from __future__ import annotations

from typing import Any

from clew.evaluation import precision_recall_f1
from clew.evaluation.network import _table, person_of_subjects
from clew.store.base import Store
from clew.vocabulary import CHILDREN_AT_RISK, HANDS_ON

ROLES = (HANDS_ON, CHILDREN_AT_RISK)


def evaluate(store: Store, truth: Any) -> dict[str, Any]:
    people = _table(truth, "people")
    subject_person, _ = person_of_subjects(store, _table(truth, "records"))
    out: dict[str, Any] = {}
    for role in ROLES:
        actual = {p["person_id"] for p in people if role in (p["roles"] or "").split(";")}
        found = {
            subject_person[r["subject_id"]]
            for r in store.select("subject_roles", {"role": role}, columns=["subject_id"])
            if r["subject_id"] in subject_person
        }
        hits = len(found & actual)
        p, r, f1 = precision_recall_f1(hits, len(found), len(actual))
        out[role] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "predicted": len(found),
            "true": len(actual),
        }
    return out
