"""The demo operation: deterministic, valid identifiers, truth consistent with its files."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from pathlib import Path

import phonenumbers
import pytest
import schwifty

from clew.demo.generate import generate
from clew.evaluation.truth import load

SMALL = {"people": 300, "countries": 10, "syndicates": 5, "seed": 3}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    return generate(root / "demo-sources", root / "demo-truth", **SMALL)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


def test_same_seed_same_files_other_seed_other_files(small, tmp_path):
    again = generate(tmp_path / "a" / "s", tmp_path / "a" / "t", **SMALL)
    assert _digest(again.sources) == _digest(small.sources)
    assert _digest(again.truth) == _digest(small.truth)
    other = generate(tmp_path / "b" / "s", tmp_path / "b" / "t", **{**SMALL, "seed": 4})
    assert _digest(other.sources) != _digest(small.sources)


def test_every_phone_is_valid_for_its_persons_country(small):
    people = small.world.people
    assert len({p.country for p in people}) == SMALL["countries"]
    for p in people:
        for number in [*p.phones, p.family_phone]:
            if number:
                parsed = phonenumbers.parse(number)
                assert phonenumbers.is_valid_number(parsed), number
                assert phonenumbers.region_code_for_number(parsed) == p.country, (number, p.country)


def test_ibans_and_crypto_addresses_are_valid(small):
    wallets = [w for p in small.world.people for w in p.wallets]
    ibans = [w.number for w in wallets if w.kind == "bank"]
    assert ibans
    for iban in ibans:
        schwifty.IBAN(iban)  # raises when invalid
    from clew.identifiers import normalise

    for w in wallets:
        if w.kind == "crypto":
            assert normalise("crypto", w.number).valid, w.number


def test_truth_lists_exactly_the_actor_records_of_the_sources(small):
    truth = load(small.truth.parent)
    ids = {}
    for path in small.sources.rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            ids[e["id"]] = e["schema"]
    for path in small.sources.rglob("*.csv"):
        if path.parent.name in ("kyc",):
            ids.update({r["customer_id"]: "Person" for r in csv.DictReader(path.open(encoding="utf-8"))})
        if path.parent.parent.name == "platform-returns":
            ids.update({r["account_id"]: "UserAccount" for r in csv.DictReader(path.open(encoding="utf-8"))})
    actors = {i for i, schema in ids.items() if schema in ("Person", "UserAccount")}
    tip_and_p2p = set(truth.records) - actors  # ids the ingest derives (clew.ingest.ids)
    assert actors <= set(truth.records)
    assert len(tip_and_p2p) >= 5
    people = {p["person_id"] for p in truth.people}
    assert set(truth.records.values()) == people
    assert {a["money_role"] for a in truth.accounts} >= {"seller", "collector", "buyer", "shop"}
    assert any(m["possibly_new"] == "true" for m in truth.media)
    assert any(m["match"] == "pdq" for m in truth.media)


def test_each_persons_records_are_connected_by_strong_identifiers(small):
    """The truth is achievable: only the deliberately shared family numbers join two people."""
    sink = small.sink
    family = {f"phone:{p.family_phone}" for p in small.world.people if p.family_phone}
    owners = defaultdict(set)
    for entity_id, keys in sink.keys.items():
        assert keys, f"{entity_id} carries no strong identifier"
        for key in keys - family:
            owners[key].add(sink.records[entity_id])
    assert all(len(v) == 1 for v in owners.values()), [k for k, v in owners.items() if len(v) > 1][:5]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for entity_id, keys in sink.keys.items():
        for key in keys - family:
            parent[find(entity_id)] = find(key)
    components = defaultdict(set)
    for entity_id, person in sink.records.items():
        components[person].add(find(entity_id))
    relatives = {p.id for p in small.world.people if p.family_phone and p.kind == "outsider"}
    split = [p for p, c in components.items() if len(c) > 1 and p not in relatives]
    assert split == []


def test_background_checks_declare_access_for_offenders_and_innocent_contacts(small):
    """Members with a declared job with children are at risk in the truth; outsiders (benign
    contacts of arrested people) are checked too and have no role, so precision can fall."""
    truth = load(small.truth)
    roles = {p["person_id"]: p["roles"].split(";") for p in truth.people}
    kind = {p.id: p.kind for p in small.world.people}
    checked = [truth.records[e] for e in truth.records if e.startswith("check-")]
    outsiders = [p for p in checked if kind[p] == "outsider"]
    assert outsiders and all(roles[p] == [""] for p in outsiders)
    members = [p for p in checked if kind[p] == "syndicate"]
    assert members and all("children-at-risk" in roles[p] for p in members)
    assert len(checked) == len(outsiders) + len(members)


def test_contact_tips_report_what_the_platform_holds_of_the_account(small):
    """The planted contact-incident tips fill the reported account as the platform's other tips do
    (they once carried no e-mail, phone or name, so without a platform return nothing joined them
    to their person's other records)."""
    tips = [json.loads(p.read_text()) for p in sorted((small.sources / "tips").glob("TIP-2026-9*.tip.json"))]
    accounts = [a for t in tips for a in t["reported_accounts"]]
    assert accounts and any(a["emails"] or a["phones"] for a in accounts)
    assert any(a["display_name"] != a["username"] for a in accounts)
