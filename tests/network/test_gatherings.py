"""A chat group written by another tool as a plain ``Organization`` (issue 11): no Clew topic, a
legal form and a sector of the tool's choosing, five members and messages posted to it. Known by
nothing a register knows it by, it is a gathering — its members tied to each other, the group no
node, subject, syndicate member or key player — while an ``Organization`` with a registration
number stays a party tied to its member. Synthetic people only."""

from __future__ import annotations

import json

from clew.ingest import ingest_paths
from clew.model.entity import Record
from clew.model.kinds import EntityKind, kind_of_record
from clew.network import inputs
from clew.pipeline import run_all
from clew.resolve import subject_map

PEOPLE = ["Ana Lind", "Ben Okoro", "Cai Novak", "Dara Price", "Eli Stone", "Fay Moreau"]
ROWS = [
    {"id": "grp-x", "schema": "Organization",
     "properties": {"name": ["harbour night chat"], "legalForm": ["group chat"], "sector": ["messaging"]}},
    {"id": "org-reg", "schema": "Organization",
     "properties": {"name": ["Quayside Trust"], "registrationNumber": ["CH-4411-09"]}},
    *({"id": f"p-{i}", "schema": "Person", "properties": {"name": [n]}} for i, n in enumerate(PEOPLE, 1)),
    *({"id": f"m-{i}", "schema": "Membership", "properties": {
        "member": [f"p-{i}"], "organization": ["grp-x"], "role": ["admin" if i == 1 else "member"]}}
      for i in range(1, 6)),
    {"id": "msg-1", "schema": "Message", "properties": {"sender": ["p-1"], "recipients": ["grp-x"]}},
    {"id": "msg-2", "schema": "Message", "properties": {"sender": ["p-6"], "recipients": ["grp-x"]}},
    {"id": "m-reg", "schema": "Membership", "properties": {"member": ["p-1"], "organization": ["org-reg"]}},
]  # fmt: skip


def _ingested(store, tmp_path):
    path = tmp_path / "other" / "groups.ftm.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    ingest_paths(store, [path])
    return store


def test_an_organisation_without_legal_identity_is_a_gathering() -> None:
    def kind(**props):
        return kind_of_record(Record("x", "Organization", {k: [v] for k, v in props.items()}))

    assert kind(name="night chat", legalForm="group chat", sector="messaging") == EntityKind.CHAT_GROUP
    assert kind(name="night chat", topics="clew.chatgroup", phone="+447700900123") == EntityKind.CHAT_GROUP
    assert kind(name="Quayside Trust", registrationNumber="CH-4411-09") == EntityKind.ORGANISATION
    assert kind(name="Quayside Trust", address="1 Quay Road, Harbourtown") == EntityKind.ORGANISATION
    company = Record("y", "Company", {"name": ["Acme"]})
    assert kind_of_record(company) == EntityKind.ORGANISATION  # a company is never a gathering


def test_members_are_tied_to_each_other_not_to_the_group(store, tmp_path) -> None:
    data = inputs.read(_ingested(store, tmp_path))
    assert "grp-x" in data.groups and "grp-x" not in data.actors
    assert "org-reg" in data.actors and "org-reg" not in data.groups
    members = {m for m, g, _, _ in data.memberships if g == "grp-x"}
    assert members == {f"p-{i}" for i in range(1, 7)}  # p-6 only posted to it
    assert not [t for t in data.interactions if "grp-x" in t[1:3]]
    assert ("link", "p-1", "org-reg", "m-reg") in data.interactions


def test_the_group_is_no_subject_syndicate_member_or_key_player(store, tmp_path) -> None:
    run_all(_ingested(store, tmp_path), only=["resolve", "network"])
    of = subject_map(store)
    group = {r["subject_id"] for r in store.select("gathering_members", {"gathering_id": "grp-x"})}
    assert group == {of.get(f"p-{i}", f"p-{i}") for i in range(1, 7)}
    placed = {r["subject_id"] for r in store.select("syndicate_members")}
    assert "grp-x" not in placed and "grp-x" not in of.values()
    for row in store.select("syndicates"):
        assert "grp-x" not in json.loads(row["key_players"]) + json.loads(row["admins"])
    edges = {(r["left_id"], r["right_id"]): json.loads(r["kinds"]) for r in store.select("graph_edges")}
    assert not [pair for pair in edges if "grp-x" in pair]
    two, three = sorted((of.get("p-2", "p-2"), of.get("p-3", "p-3")))
    assert "group" in edges[(two, three)]
