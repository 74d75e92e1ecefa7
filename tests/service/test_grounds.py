"""What a role rests on (``service.grounds``): each stored value said for what it is, nothing added."""

from __future__ import annotations

from clew.service.grounds import ITEMS, grounds


def _sid(store, entity: str) -> str:
    return next(iter(store.select("subject_members", {"entity_id": entity})))["subject_id"]


def test_records_subjects_words_and_figures_as_stored(people) -> None:
    maria = _sid(people, "p-maria")
    evidence = {
        "accounts": [{"account": "bank-jose", "score": 0.667, "passes_on": True, "share": 1}],
        "payers": [maria],
        "rule": "paid by many",
        "missing": None,
    }
    (found,) = grounds(people, [evidence])
    items = [(g.key, g.value, g.kind) for g in found.items]
    assert items == [
        ("accounts · account", "bank-jose", "record"),
        ("accounts · score", "0.667", "figure"),
        ("accounts · passes on", "yes", "figure"),
        ("accounts · share", "1", "figure"),  # a count of 1 is a number, not "yes"
        ("payers", maria, "subject"),
        ("rule", "paid by many", "words"),
        ("missing", "none", "figure"),
    ]
    assert found.items[0].label == "BankAccount" and found.more == 0


def test_withheld_evidence_has_no_items_and_long_evidence_is_counted(people) -> None:
    withheld, long = grounds(people, [None, {"ids": [f"x{n}" for n in range(ITEMS + 7)]}])
    assert withheld.items == () and withheld.more == 0
    assert len(long.items) == ITEMS and long.more == 7
