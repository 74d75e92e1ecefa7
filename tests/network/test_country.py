"""Country of a subject: phone prefix beats a VPN IP; conflicting evidence is kept and shown."""

from __future__ import annotations

import json

from clew.network import pipeline, query
from network.fixtures import add_entities, identifier, person


def test_conflicting_evidence_shows_both(store) -> None:
    add_entities(store, [person("p1"), person("p2"), person("p3", country=["gb"])])
    identifier(store, "p1", "phone:+639171234567", "PH", "phone-prefix", 0.95)
    identifier(store, "p1", "ip:185.1.2.3", "NL", "ip-registry", 0.9)  # a VPN exit
    identifier(store, "p2", "phone:+447700900123", "GB", "phone-prefix", 0.95)
    pipeline.run(store)
    rows = list(store.select("subject_countries", {"subject_id": "p1"}, order_by=["-chosen"]))
    assert [(r["country"], r["chosen"]) for r in rows] == [("PH", 1), ("NL", 0)]
    assert rows[0]["confidence"] < rows[0]["support"]  # the NL evidence lowers confidence
    assert json.loads(rows[1]["evidence"])[0]["rule"] == "ip-registry"
    view = query.subject(store, "p1")
    assert [c["country"] for c in view["countries"]] == ["PH", "NL"]
    chosen = {r["subject_id"]: r["country"] for r in store.select("subject_countries", {"chosen": 1})}
    assert chosen == {"p1": "PH", "p2": "GB", "p3": "GB"}


def test_foreign_sim_outweighed_by_two_home_numbers(store) -> None:
    add_entities(store, [person("p1")])
    identifier(store, "p1", "phone:+639171234567", "PH", "phone-prefix", 0.95)
    identifier(store, "p1", "phone:+639181234567", "PH", "phone-prefix", 0.95)
    identifier(store, "p1", "phone:+4915112345678", "DE", "phone-prefix", 0.95)
    pipeline.run(store)
    rows = {r["country"]: r for r in store.select("subject_countries", {"subject_id": "p1"})}
    assert rows["PH"]["chosen"] == 1 and rows["DE"]["chosen"] == 0
    assert rows["PH"]["support"] > rows["DE"]["support"]


def test_evidence_names_the_same_record_on_every_run(store) -> None:
    """Two records of one subject mention one number: the evidence names the smaller id, not
    whichever a hash-ordered set offered first (which changed from process to process)."""
    account = {"id": "acc-9", "schema": "UserAccount", "properties": {"owner": ["p1"]}}
    add_entities(store, [person("p1"), account])
    for entity in ("p1", "acc-9"):
        identifier(store, entity, "phone:+639171234567", "PH", "phone-prefix", 0.95)
    pipeline.run(store)
    row = next(store.select("subject_countries", {"subject_id": "p1"}))
    assert [e["entity"] for e in json.loads(row["evidence"])] == ["acc-9"]


def test_kyc_residence_beats_a_foreign_sim(store) -> None:
    add_entities(store, [person("kyc-1", country=["de"])])
    identifier(store, "kyc-1", "phone:+639171234567", "PH", "phone-prefix", 0.95)
    identifier(store, "kyc-1", "phone:+639181234567", "PH", "phone-prefix", 0.95)
    pipeline.run(store)
    rows = {r["country"]: r for r in store.select("subject_countries", {"subject_id": "kyc-1"})}
    assert rows["DE"]["chosen"] == 1 and rows["PH"]["chosen"] == 0
    assert rows["DE"]["confidence"] < rows["DE"]["support"]  # the SIMs are listed and lower it


def test_a_vpn_exit_ip_does_not_decide_a_country(store) -> None:
    people = [f"u{i}" for i in range(6)]
    add_entities(store, [person(p) for p in people])
    for p in people:  # one exit address in NL for six unrelated people
        identifier(store, p, "ip:185.1.2.3", "NL", "ip-registry", 0.9)
    identifier(store, "u0", "ip:81.2.69.160", "GB", "ip-registry", 0.9)
    pipeline.run(store)
    rows = {r["country"]: r for r in store.select("subject_countries", {"subject_id": "u0"})}
    assert rows["GB"]["chosen"] == 1 and rows["NL"]["chosen"] == 0
    piece = json.loads(rows["NL"]["evidence"])[0]
    assert "VPN" in piece["shared_exit"] and piece["confidence"] < 0.2


def test_a_country_that_is_none_places_no_one(store) -> None:
    """A Person's `country: xx` is kept raw by ingest (no clean value), and analyses read the raw
    text: the subject was placed in "XX" and `clew leads build --all` made a package LP-…-XX."""
    add_entities(
        store, [person("p1", country=["xx"]), person("p2", country=["zz"]), person("p3", country=["xk"])]
    )
    pipeline.run(store)
    chosen = {r["subject_id"]: r["country"] for r in store.select("subject_countries", {"chosen": 1})}
    assert chosen == {"p3": "XK"}
