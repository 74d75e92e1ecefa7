"""An identity document's number joins one person's records, as a phone number does (issue 11;
the fixture is ``tests/data/ftm_forms/other_tool.ftm.jsonl``, see tests/ftm_forms.py)."""

from __future__ import annotations

from clew.resolve.frame import load_actors
from ftm_forms import other_tool, subject_of  # noqa: F401  (a fixture)


def test_a_passport_number_counts_for_its_holder(other_tool) -> None:  # noqa: F811
    keys = {a.id: a.keys for a in load_actors(other_tool)}
    assert keys["p-dev"]["document:X0000001"] == "asset:pass-1"  # Passport.number, holder p-dev
    assert keys["kyc-dev"]["document:X0000001"] == "passportNumber"
    assert keys["p-eli"]["document:T0000002"] == "asset:ident-1"  # Identification (ID card)


def test_the_same_document_joins_records_of_one_person(other_tool) -> None:  # noqa: F811
    assert subject_of(other_tool, "kyc-dev") == subject_of(other_tool, "p-dev")


def test_the_same_number_under_another_full_name_is_shared_not_joined(other_tool) -> None:  # noqa: F811
    """Eli Marco Voss's ID card and Zed Harrow's idNumber read the same: two people, not one."""
    assert subject_of(other_tool, "kyc-zed") != subject_of(other_tool, "p-eli")
    shared = {r["key"] for r in other_tool.select("shared_identifiers", columns=["key"])}
    assert "document:T0000002" in shared
