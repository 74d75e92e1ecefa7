"""A lead package as a STIX 2.1 bundle (``stix2``), checked by ``stix2-validator`` in tests.

Identities (the sending unit, the receiving agency, each subject as an individual), locations
(each subject's countries), user accounts, e-mail and IP addresses, files (hashes of matched
known material, never names or paths), phone numbers, bank accounts and crypto wallets as
extension-defined observables (``new-sco``, their extension definitions in the bundle),
relationships between them, and a report holding everything. Every object carries the
package's TLP 2.0 marking (the official OASIS marking-definition object and id).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import stix2
from stix2.properties import StringProperty

from clew.leads.vocabulary import TLP_CREATED, TLP_EXTENSION, TLP_MARKINGS

NAMESPACE = uuid.UUID("6f1d5e36-6a61-4d5d-8f0f-2a8c3c1e0b7d")  # Clew's namespace for deterministic ids
CREATED = "2026-12-01T00:00:00.000Z"  # when these extension definitions were published
CUSTOM = {  # extension-defined observable type -> what its value is
    "phone-number": "E.164 telephone number",
    "bank-account": "IBAN or bank account number",
    "cryptocurrency-wallet": "cryptocurrency address",
    "e-wallet-account": "e-wallet / payment-service account",
}
KIND_TYPE = {
    "phone": "phone-number",
    "iban": "bank-account",
    "account": "bank-account",
    "crypto": "cryptocurrency-wallet",
    "ewallet": "e-wallet-account",
}


def _ext_id(name: str) -> str:
    return f"extension-definition--{uuid.uuid5(NAMESPACE, 'clew-stix-extension:' + name)}"


def _observable_class(name: str) -> type:
    @stix2.v21.CustomObservable(
        name,
        [("value", StringProperty(required=True)), ("country", StringProperty())],
        ["value"],
        extension_name=_ext_id(name),
    )
    class Observable:
        pass

    return Observable


OBSERVABLES = {name: _observable_class(name) for name in CUSTOM}


def _tlp_marking(label: str) -> dict[str, Any]:
    level = label.split(":", 1)[1].lower()
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP_MARKINGS[label],
        "created": TLP_CREATED,
        "name": label,
        "extensions": {TLP_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}},
    }


def bundle(document: dict[str, Any]) -> stix2.Bundle:
    env, tlp = document["envelope"], document["handling"]["tlp"]
    marks = [TLP_MARKINGS[tlp]]
    sender = stix2.Identity(
        id=_sid("identity", "sender:" + env["sending_unit"]),
        name=env["sending_unit"],
        identity_class="organization",
        contact_information=env["point_of_contact"],
        created=CREATED,
        modified=CREATED,
        object_marking_refs=marks,
    )
    common = {"created_by_ref": sender.id, "object_marking_refs": marks}
    objects: list[Any] = [sender]
    for name, what in CUSTOM.items():
        objects.append(
            stix2.ExtensionDefinition(
                id=_ext_id(name),
                name=name,
                description=f"Clew observable: {what}",
                version="1.0.0",
                schema=f"https://clew.example/schemas/stix/{name}.json",
                extension_types=["new-sco"],
                created=CREATED,
                modified=CREATED,
                **common,
            )
        )
    receiver = stix2.Identity(
        id=_sid("identity", "agency:" + env["receiving_agency"]),
        name=env["receiving_agency"],
        identity_class="organization",
        sectors=["government-public-services"],
        **common,
    )
    objects.append(receiver)
    locations: dict[str, Any] = {}
    activity = {a["subject_id"]: a for a in document["activity"]}
    for subject in document["subjects"]:
        sid = subject["subject_id"]
        person = stix2.Identity(
            id=_sid("identity", "subject:" + sid),
            name=sid,
            identity_class="individual",
            description=_describe(subject, activity.get(sid, {})),
            **common,
        )
        objects.append(person)
        for claim in subject["country_evidence"]:
            cc = claim["country"]
            if cc not in locations:
                locations[cc] = stix2.Location(id=_sid("location", cc), country=cc, name=cc, **common)
                objects.append(locations[cc])
            objects.append(
                _rel(
                    person.id,
                    "located-at",
                    locations[cc].id,
                    common,
                    f"share {claim['share']} of the country evidence",
                )
            )
        for ident in subject["identifiers"]:
            sco = _observable(ident, marks)
            if sco is not None:
                objects.append(sco)
                objects.append(_rel(sco.id, "related-to", person.id, common, f"{ident['kind']} of {sid}"))
        for group in activity.get(sid, {}).get("hash_list_matches", []):
            for digest in group.get("sha256", []):
                f = stix2.File(hashes={"SHA-256": digest}, object_marking_refs=marks)
                objects.append(f)
                objects.append(
                    _rel(
                        f.id,
                        "related-to",
                        person.id,
                        common,
                        f"on hash list {group['hash_list']}, series {group['series']}",
                    )
                )
    seen: set[str] = set()
    unique = [o for o in objects if not (o.id in seen or seen.add(o.id))]
    report = stix2.Report(
        id=_sid("report", f"{env['package_id']}:{env['version']}"),
        name=f"Lead package {env['package_id']} v{env['version']}",
        description=f"Leads for {env['receiving_agency']} ({env['receiving_country']}) via {env['channel']}",
        published=env["created_at"],
        report_types=["threat-actor"],
        object_refs=[o.id for o in unique],
        **common,
    )
    tlp_object = stix2.MarkingDefinition(**_tlp_marking(tlp), allow_custom=True)
    return stix2.Bundle(objects=[tlp_object, *unique, report], allow_custom=True)


def _observable(ident: dict[str, Any], marks: list[str]) -> Any:
    kind, value = ident["kind"], ident["value"]
    if kind == "email":
        return stix2.EmailAddress(value=value, object_marking_refs=marks)
    if kind == "ip":
        cls = stix2.IPv6Address if ":" in value else stix2.IPv4Address
        return cls(value=value, object_marking_refs=marks)
    if kind == "username":
        return stix2.UserAccount(account_login=value, user_id=value, object_marking_refs=marks)
    if kind in KIND_TYPE:
        extra = {"country": ident["country"]} if ident.get("country") else {}
        return OBSERVABLES[KIND_TYPE[kind]](value=value, object_marking_refs=marks, **extra)
    return None


def _rel(src: str, kind: str, dst: str, common: dict, description: str) -> stix2.Relationship:
    return stix2.Relationship(
        id=_sid("relationship", f"{src}|{kind}|{dst}"),
        source_ref=src,
        relationship_type=kind,
        target_ref=dst,
        description=description,
        **common,
    )


def _describe(subject: dict[str, Any], activity: dict[str, Any]) -> str:
    roles = ", ".join(sorted({r["role"] for r in activity.get("roles", [])})) or "none"
    return (
        f"Clew subject {subject['subject_id']}; attributed country {subject['attributed_country'] or '-'}; "
        f"syndicate {activity.get('syndicate_id') or '-'}; roles {roles}"
    )


def _sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, key)}"


def write(document: dict[str, Any], path: Path) -> Path:
    # stix2's pretty printer orders keys in quadratic time; its compact form re-indented is the same JSON
    path.write_text(
        json.dumps(json.loads(bundle(document).serialize()), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path


def validate(text: str) -> list[str]:
    """stix2-validator's errors for a serialised bundle (empty = valid)."""
    from stix2validator import ValidationOptions, validate_string

    result = validate_string(text, ValidationOptions(version="2.1"))
    results = result if isinstance(result, list) else [result]
    return [f"{getattr(r, 'object_id', '')}: {e}" for r in results for e in r.errors]


def loads(text: str) -> dict[str, Any]:
    return json.loads(text)
