"""hands-on and children-at-risk derived from evidence (tip incidents, first shares, declared access)."""

from __future__ import annotations

import json

from clew.leads import risk
from network.fixtures import add_entities, person


def _account(aid: str, owner: str | None = None) -> dict:
    props = {"username": [aid], **({"owner": [owner]} if owner else {})}
    return {"id": aid, "schema": "UserAccount", "properties": props}


def _tip(eid: str, incident: str, involved: list[str]) -> dict:
    return {
        "id": eid,
        "schema": "Event",
        "properties": {"keywords": [incident], "involved": involved, "recordId": [f"TIP-{eid}"]},
    }


def _copy(store, item: str, subject: str, group: str, date: str | None) -> None:
    if date:
        add_entities(store, [{"id": item, "schema": "Image", "properties": {"date": [date]}}])
    store.insert(
        "media_matches",
        [{"item": item, "item_kind": "record", "holder": subject, "subject_id": subject,
          "match": "possibly-new", "category": group, "run_id": "t"}],
    )  # fmt: skip


def _roles(store) -> dict[tuple[str, str], dict]:
    return {(r["subject_id"], r["role"]): json.loads(r["evidence"]) for r in risk.derive(store)}


def test_contact_incident_makes_hands_on_possession_does_not(store) -> None:
    add_entities(store, [person("p1"), person("p2"), _account("acc1", "p1"), _account("acc2", "p2")])
    add_entities(store, [_tip("t1", "Online Enticement of Children", ["acc1"])])
    add_entities(store, [_tip("t2", "apparent-child-exploitation-material", ["acc2"])])
    roles = _roles(store)
    assert ("p1", "hands-on") in roles and roles["p1", "hands-on"]["contact-incident"][0][
        "report"
    ] == "TIP-t1"
    assert ("p2", "hands-on") not in roles


def test_incident_types_as_the_cybertipline_api_labels_them(store) -> None:
    """Real reports carry the reporting API's full labels; the rule once matched only the demo's
    shortened ``online-enticement-of-children``, so a real enticement report made no one hands-on."""
    labels = {
        "e": "Online Enticement of Children for Sexual Acts",
        "m": "Child Sexual Molestation (not in the family)",
        "t": "Sex Tourism Involving Children",
        "c": "Child Pornography (possession, manufacture, and distribution)",
        "w": "Misleading Words or Digital Images on the Internet",
        "x": "Child Sex Tourismus-Verdacht",  # a head followed by more of one word is not a qualifier
    }
    for key, label in labels.items():
        add_entities(
            store, [person(f"p{key}"), _account(f"a{key}", f"p{key}"), _tip(f"t{key}", label, [f"a{key}"])]
        )
    roles = _roles(store)
    assert {s for s, role in roles if role == "hands-on"} == {"pe", "pm", "pt"}
    assert roles["pe", "hands-on"]["contact-incident"][0]["incident"] == "online-enticement-of-children"
    assert risk.contact_incident("child-sex-tourism") == "child-sex-tourism"  # the shortened form still reads


def test_first_share_needs_a_second_indicator(store) -> None:
    add_entities(store, [person("maker", position=["Youth football coach"]), person("early"), person("late")])
    _copy(store, "img-1", "maker", "new-aaa", "2024-09-03T10:00:00Z")
    _copy(store, "img-2", "late", "new-aaa", "2025-06-01T10:00:00Z")
    _copy(store, "img-3", "early", "new-bbb", "2024-10-01T10:00:00Z")
    _copy(store, "img-4", "late", "new-bbb", None)  # undated: not compared
    roles = _roles(store)
    assert roles["maker", "hands-on"]["first-share"] == [{"group": "new-aaa", "date": "2024-09-03T10:00:00Z"}]
    assert ("early", "hands-on") not in roles  # first seen with it, nothing else
    assert ("late", "hands-on") not in roles
    assert roles["maker", "children-at-risk"]["offending"] == ["hands-on"]


def test_children_at_risk_needs_access_and_offending(store) -> None:
    add_entities(store, [person("t", position=["primary school teacher"]), person("u", position=["teacher"])])
    add_entities(store, [person("v", position=["bus driver"])])
    store.insert(
        "subject_roles",
        [{"subject_id": s, "role": "holder-known-material", "analysis": "media", "score": 1.0} for s in "tv"],
    )
    roles = _roles(store)
    assert roles["t", "children-at-risk"]["child-access"][0]["value"] == "primary school teacher"
    assert roles["t", "children-at-risk"]["offending"] == ["holder-known-material"]
    assert ("u", "children-at-risk") not in roles  # access but no evidence of offending
    assert ("v", "children-at-risk") not in roles  # offending, no declared access
    assert not any(role == "hands-on" for _s, role in roles)


def test_child_access_evidence_names_the_match_and_its_property(store) -> None:
    add_entities(store, [person("c", position=["Coach driver"]), person("l", position=["Life coach"])])
    add_entities(store, [person("y", position=["Youth football coach"]), person("k", keywords=["ISCO 5311"])])
    held = {"role": "holder-known-material", "analysis": "media", "score": 1.0}
    store.insert("subject_roles", [{"subject_id": s, **held} for s in "cykl"])
    roles = _roles(store)
    assert {s for s, role in roles if role == "children-at-risk"} == {"y", "k"}
    assert roles["y", "children-at-risk"]["child-access"] == [
        {"record": "y", "property": "position", "value": "Youth football coach", "rule": "qualified",
         "matched": "youth football coach", "language": "en"}
    ]  # fmt: skip
    assert roles["k", "children-at-risk"]["child-access"][0]["matched"] == "ISCO-08 5311"
    assert roles["k", "children-at-risk"]["child-access"][0]["property"] == "keywords"
