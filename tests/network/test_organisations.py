"""FtM from another tool (issue 9 item 14): a Company/Organization/LegalEntity is an organisation —
not a person, not a chat group; an entity's own country reads its national numbers; every
identifier says which entity it came through."""

from __future__ import annotations

import json

from clew.ingest import ingest_paths
from clew.model.kinds import EntityKind, kind_of
from clew.network import inputs
from clew.pipeline import run_all
from clew.resolve.frame import load_actors
from clew.service.subject import subject

ROWS = [
    {"id": "co-1", "schema": "Company",
     "properties": {"name": ["Acme Trading Ltd"], "country": ["ph"], "phone": ["0917 123 4567"]}},
    {"id": "org-1", "schema": "Organization",
     "properties": {"name": ["Helping Hands Foundation"], "country": ["gb"], "phone": ["020 7946 0018"]}},
    {"id": "le-1", "schema": "LegalEntity", "properties": {"name": ["Blue Sky Holdings"], "country": ["de"]}},
    {"id": "chat-1", "schema": "Organization",
     "properties": {"name": ["night chat"], "topics": ["clew.chatgroup"]}},
    {"id": "p-1", "schema": "Person",
     "properties": {"name": ["Test Person One"], "phone": ["0917 765 4321"]}},
    {"id": "p-2", "schema": "Person", "properties": {"name": ["Another Person Two"]}},
    {"id": "dir-1", "schema": "Directorship", "properties": {"director": ["p-1"], "organization": ["co-1"]}},
    {"id": "mem-1", "schema": "Membership", "properties": {"member": ["p-1"], "organization": ["org-1"]}},
    {"id": "mem-2", "schema": "Membership", "properties": {"member": ["p-2"], "organization": ["org-1"]}},
    {"id": "mem-3", "schema": "Membership", "properties": {"member": ["p-1"], "organization": ["chat-1"]}},
    {"id": "mem-4", "schema": "Membership", "properties": {"member": ["p-2"], "organization": ["chat-1"]}},
    {"id": "own-1", "schema": "Ownership", "properties": {"owner": ["p-1"], "asset": ["co-1"]}},
    {"id": "own-2", "schema": "Ownership", "properties": {"owner": ["p-2"], "asset": ["co-1"]}},
    {"id": "acct-1", "schema": "BankAccount", "properties": {"iban": ["DE89370400440532013000"]}},
    {"id": "own-3", "schema": "Ownership", "properties": {"owner": ["co-1"], "asset": ["acct-1"]}},
]  # fmt: skip


def _ingest(store, tmp_path, country: str | None = "ES") -> None:
    path = tmp_path / "aleph" / "export.ftm.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    ingest_paths(store, [path], country=country)


def test_kinds_are_data() -> None:
    assert [kind_of(s) for s in ("Company", "Organization", "LegalEntity", "PublicBody")] == [
        EntityKind.ORGANISATION
    ] * 4
    assert kind_of("Organization", ["clew.chatgroup"]) == EntityKind.CHAT_GROUP
    assert kind_of("Company", ["clew.chatgroup"]) == EntityKind.ORGANISATION  # a company is never a chat
    assert kind_of("Person") == EntityKind.PERSON and kind_of("Payment") is None


def test_entity_country_reads_its_national_numbers(store, tmp_path) -> None:
    _ingest(store, tmp_path)  # the source says ES; the company says PH, the charity GB
    phones = {r["key"]: r for r in store.select("attributions") if r["key"].startswith("phone:")}
    company = phones["phone:+639171234567"]
    assert company["country"] == "PH" and company["rule"] == "phone-entity-country"
    assert "country PH that entity co-1 itself states" in company["evidence"]
    assert phones["phone:+442079460018"]["country"] == "GB"
    # the person states no country: its number is read against the source's ES, not as PH
    assert "phone:+639177654321" not in phones


def test_organisations_are_parties_not_people_or_chat_groups(store, tmp_path) -> None:
    _ingest(store, tmp_path)
    actors = {a.id for a in load_actors(store)}
    assert {"p-1", "p-2"} <= actors and not actors & {"co-1", "org-1", "le-1"}  # never merged into a person
    data = inputs.read(store)
    assert set(data.groups) == {"chat-1"}  # the company and the charity are not chat groups
    assert {"co-1", "org-1", "le-1"} <= set(data.actors)  # they are parties of the network
    links = {(a, b) for kind, a, b, _ in data.interactions if kind == "link"}
    assert {("p-1", "co-1"), ("p-1", "org-1"), ("p-2", "org-1")} <= links  # tied to, not through
    assert {m[1] for m in data.memberships} == {"chat-1"}


def test_evidence_through_a_company_is_not_a_persons_own(store, tmp_path) -> None:
    _ingest(store, tmp_path)
    run_all(store, only=["resolve", "network"])
    one = subject(store, "p-1")
    two = subject(store, "p-2")
    assert one.subject_id != two.subject_id  # owning one company does not make two people one
    assert one.kind == "person" and "+639171234567" not in {i.value for i in one.identifiers}
    company = subject(store, "co-1")
    assert company.kind == "organisation"
    ids = {i.value: i for i in company.identifiers}
    assert ids["+639171234567"].through == ("co-1, source 1 line 1",)
    iban = ids["DE89370400440532013000"]
    assert iban.through == ("acct-1 (held through own-3), source 1 line 14",)
    assert company.countries and company.countries[0].country == "PH"
