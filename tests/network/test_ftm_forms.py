"""Ties, names and countries as another tool's FtM states them reach the network (issue 11;
the fixture is ``tests/data/ftm_forms/other_tool.ftm.jsonl``, see tests/ftm_forms.py)."""

from __future__ import annotations

import json

import pytest

from clew.leads import jurisdiction
from clew.network import country, inputs
from ftm_forms import other_tool, subject_of  # noqa: F401  (a fixture)


def _kinds(store, a: str, b: str) -> dict[str, float]:
    left, right = sorted((subject_of(store, a), subject_of(store, b)))
    rows = list(store.select("graph_edges", {"left_id": left, "right_id": right}, columns=["kinds"]))
    return json.loads(rows[0]["kinds"]) if rows else {}


@pytest.mark.parametrize(
    ("a", "b", "kind", "record"),
    [
        ("p-alma", "p-bruno", "link", "Family person/relative"),
        ("p-kim", "p-lea", "link", "Associate person/associate"),
        ("p-carla", "p-dev", "link", "UnknownLink subject/object"),
        ("p-max", "org-club", "link", "Membership of an organisation (with a legal identity)"),
        ("p-jon", "co-acme", "link", "Employment employee/employer"),
        ("p-nia", "co-acme", "link", "Directorship director/organization"),
        ("p-lea", "p-nia", "link", "Representation agent/client"),
        ("p-ivo", "co-acme", "link", "Ownership of a company: a tie, not a holding"),
        ("p-gus", "p-jon", "call", "Call naming both sides by number only"),
        ("p-gus", "p-hana", "message", "Message senderAccount -> recipients"),
        ("p-dev", "p-ivo", "message", "Email naming both sides by address in from/to only"),
        ("p-hana", "p-kim", "event", "Event organizer + involved"),
        ("p-alma", "p-carla", "payment", "Payment payer/beneficiary as the people themselves"),
        ("p-eli", "p-fay", "payment", "Payment between wallets: CryptoWallet.holder, Ownership"),
        ("p-kim", "p-lea", "payment", "Payment from an owned BankAccount to a person"),
        ("p-max", "co-acme", "payment", "Payment to a company"),
    ],
)
def test_each_tie_reaches_the_network(other_tool, a: str, b: str, kind: str, record: str) -> None:  # noqa: F811
    assert kind in _kinds(other_tool, a, b), record


def test_owning_a_company_does_not_take_its_payments(other_tool) -> None:  # noqa: F811
    """The company is a party of its own: a payment to it ties the payer to the company, not to
    its owner (before issue 11 an Ownership of a company made the owner its holder)."""
    assert "payment" not in _kinds(other_tool, "p-max", "p-ivo")
    assert "co-acme" not in inputs.read(other_tool).holders


def test_names_from_parts_and_weak_aliases(other_tool) -> None:  # noqa: F811
    names = inputs.read(other_tool).names
    assert names["p-alma"] == ["Alma Reyes"]  # firstName + lastName, no name
    assert names["p-eli"] == ["Eli Marco Voss"]  # secondName in FtM's order
    assert names["p-gus"] == ["gizmo"]  # only a weakAlias: shown, never matched
    assert names["p-ivo"] == ["Ivo Kral", "Ivo Novak"]  # a previous name


@pytest.mark.parametrize(
    ("entity", "cc", "rule"),
    [
        ("p-alma", "PH", "country-property"),
        ("p-bruno", "MX", "mainCountry-property"),
        ("p-carla", "GB", "citizenship-property"),
        ("p-fay", "SE", "birthCountry-property"),
        ("co-acme", "CY", "jurisdiction-property"),
        ("p-dev", "IN", "identification-country"),  # a Passport whose holder is Dev
        ("p-eli", "DE", "identification-country"),  # an Identification (ID card)
        ("p-hana", "FR", "address-country"),  # an Address entity named by addressEntity
    ],
)
def test_each_country_statement_is_evidence(other_tool, entity: str, cc: str, rule: str) -> None:  # noqa: F811
    rows = list(other_tool.select("subject_countries", {"subject_id": subject_of(other_tool, entity)}))
    chosen = [r for r in rows if r["chosen"]]
    assert [r["country"] for r in chosen] == [cc]
    evidence = json.loads(chosen[0]["evidence"])
    assert [e["rule"] for e in evidence] == [rule]
    weight = country.RULE_WEIGHTS[rule]  # declared, not the default for unknown rules
    assert chosen[0]["support"] == pytest.approx(weight)


def test_a_linked_record_is_named_in_the_evidence(other_tool) -> None:  # noqa: F811
    row = next(other_tool.select("subject_countries", {"subject_id": subject_of(other_tool, "p-dev")}))
    evidence = json.loads(row["evidence"])[0]
    assert evidence["entity"] == "p-dev" and "pass-1" in evidence["evidence"]


def test_every_declaration_is_a_declared_location_in_a_lead(other_tool) -> None:  # noqa: F811
    """What a lead package calls ``declared-location``: any weight-1.0 declaration, not only ``country``."""
    assert {r for r, w in country.RULE_WEIGHTS.items() if w == 1.0} == country.DECLARED_RULES
    claims = jurisdiction.compute(other_tool, {subject_of(other_tool, "p-hana"), "co-acme"})
    rules = {s: [e.rule for c in j.countries for e in c.evidence] for s, j in claims.items()}
    assert rules == {
        subject_of(other_tool, "p-hana"): ["declared-location"],
        "co-acme": ["declared-location"],
    }
