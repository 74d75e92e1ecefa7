"""Periphery members: tied to a syndicate by one contact or a single group, not core — but not
"no syndicate" either; the subjects export says which, with a confidence."""

from __future__ import annotations

from clew.leads import export
from clew.network import pipeline, query
from network.fixtures import add_entities, add_source, group, person

A = [f"a{i}" for i in range(5)]
B = [f"b{i}" for i in range(5)]


def test_address_book_only_contact_gets_a_periphery_syndicate(store) -> None:
    add_entities(store, [person(p) for p in [*A, *B]])
    add_entities(store, group("ga", A) + group("gb", B) + group("ga2", A[:3]) + group("gb2", B[:3]))
    book = add_source(store, owner="a0")  # a0's seized phone: its address book holds "lone"
    add_entities(store, [person("lone", "Lone Contact")], source_id=book)
    add_entities(store, [person("far", "Far Away")])  # tied to nobody
    pipeline.run(store)
    syndicate = query.syndicate_of(store)
    assert syndicate["lone"] == syndicate["a0"] is not None
    assert syndicate.get("far") is None
    rows = {r["subject_id"]: r for r in export.subject_rows(store)}
    assert rows["lone"]["syndicate_role"] == "periphery"
    assert 0 < rows["lone"]["syndicate_confidence"] <= 1.0
    assert rows["a1"]["syndicate_role"] == "core" and rows["a1"]["syndicate_confidence"] == 1.0
    assert rows["far"]["syndicate_role"] == "" and rows["far"]["syndicate_confidence"] == ""


def _account(aid: str, holder: str) -> dict:
    return {"id": aid, "schema": "BankAccount", "properties": {"holder": [holder], "iban": [aid]}}


def test_wallet_only_payer_and_single_group_member_get_a_periphery_syndicate(store) -> None:
    """Known only by a KYC record and payments to one member of B (wallet-only buyer), or only by
    one shared group with a member of A: periphery of that syndicate, not nothing."""
    add_entities(store, [person(p) for p in [*A, *B, "payer", "visitor"]])
    add_entities(store, group("ga", A) + group("gb", B) + group("ga2", A[:3]) + group("gb2", B[:3]))
    add_entities(store, group("side", ["a4", "visitor"]))
    accounts = [_account("acc-payer", "payer"), _account("acc-b0", "b0")]
    payments = [
        {"id": f"pay-{i}", "schema": "Payment",
         "properties": {"payerAccount": ["acc-payer"], "beneficiaryAccount": ["acc-b0"], "amount": ["20"]}}
        for i in range(3)
    ]  # fmt: skip
    add_entities(store, accounts + payments)
    pipeline.run(store)
    syndicate = query.syndicate_of(store)
    assert syndicate["payer"] == syndicate["b0"] is not None
    assert syndicate["visitor"] == syndicate["a4"] is not None
    rows = {r["subject_id"]: r for r in export.subject_rows(store)}
    assert rows["payer"]["syndicate_role"] == rows["visitor"]["syndicate_role"] == "periphery"
