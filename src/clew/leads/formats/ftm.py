"""A lead package as FollowTheMoney entities (JSON lines) that Aleph imports: a ``Person`` per
subject (names, birth date, phones, e-mails, countries), ``UserAccount`` / ``BankAccount`` /
``CryptoWallet`` for its accounts, ``Payment`` for its payments and ``UnknownLink`` for its
bridges to subjects in other countries. Ids are the subject ids Clew uses elsewhere
(``clew export ftm``), so the two imports merge in Aleph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from clew.leads.export import _fid

ACCOUNT_SCHEMA = {
    "iban": "BankAccount",
    "account": "BankAccount",
    "crypto": "CryptoWallet",
    "ewallet": "BankAccount",
    "username": "UserAccount",
}


def entities(document: dict[str, Any]) -> Iterator[EntityProxy]:
    env = document["envelope"]
    note = f"Clew lead package {env['package_id']} v{env['version']} ({document['handling']['tlp']})"
    people: dict[str, str] = {}
    for subject in document["subjects"]:
        person = model.make_entity("Person")
        person.id = people[subject["subject_id"]] = _fid("clew-subject", subject["subject_id"])
        person.add("name", subject["display_name"] or subject["subject_id"])
        for name in subject["names"]:
            person.add("alias", name, quiet=True)
        person.add("birthDate", subject["birth_dates"], quiet=True)
        for claim in subject["country_evidence"]:
            person.add("country", claim["country"].lower(), quiet=True)
        person.add("notes", note)
        for ident in subject["identifiers"]:
            if ident["kind"] in ("phone", "email"):
                person.add(ident["kind"], ident["value"], quiet=True)
        yield person
        for ident in subject["identifiers"]:
            schema = ACCOUNT_SCHEMA.get(ident["kind"])
            if schema:
                yield from _account(schema, ident, person.id)
    for subject in document["subjects"]:
        for bridge in subject["bridges"]:
            link = model.make_entity("UnknownLink")
            other = people.get(bridge["subject_id"]) or _fid("clew-subject", bridge["subject_id"])
            link.make_id("clew-bridge", people[subject["subject_id"]], other)
            link.add("subject", people[subject["subject_id"]])
            link.add("object", other)
            link.add("role", f"bridge to {bridge['country'] or '?'}: {', '.join(bridge['kinds'])}")
            yield link
    for block in document["money"]:
        for p in block["payments"]:
            if p["direction"] != "out" or not p["account"] or not p["counterpart_account"]:
                continue
            payment = model.make_entity("Payment")
            payment.make_id(
                "clew-payment", p["account"], p["counterpart_account"], p["date"], str(p["amount"])
            )
            payment.add("payer", people[block["subject_id"]])
            payment.add("date", p["date"][:10])
            payment.add("amount", p["amount"], quiet=True)
            payment.add("currency", p["currency"], quiet=True)
            payment.add("purpose", f"{p['account']} -> {p['counterpart_account']}")
            if p["counterpart_subject"]:
                payment.add("beneficiary", _fid("clew-subject", p["counterpart_subject"]))
            yield payment


def _account(schema: str, ident: dict[str, Any], holder: str) -> Iterator[EntityProxy]:
    acc = model.make_entity(schema)
    acc.make_id("clew-account", ident["kind"], ident["value"])
    if schema == "UserAccount":
        acc.add("username", ident["value"])
        acc.add("owner", holder)
    elif schema == "CryptoWallet":
        acc.add("publicKey", ident["value"], quiet=True)
        acc.add("holder", holder)
    else:  # a BankAccount has no holder property in FtM: an Ownership says who holds it
        acc.add("iban" if ident["kind"] == "iban" else "accountNumber", ident["value"], quiet=True)
        owner = model.make_entity("Ownership")
        owner.make_id("clew-ownership", holder, acc.id)
        owner.add("owner", holder)
        owner.add("asset", acc.id)
        yield owner
    yield acc


def write(document: dict[str, Any], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for proxy in entities(document):
            fh.write(json.dumps(proxy.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
    return path


def read(path: Path) -> list[EntityProxy]:
    """The entities of an FtM JSON-lines file (the round trip the tests check)."""
    with open(path, encoding="utf-8") as fh:
        return [model.get_proxy(json.loads(line)) for line in fh if line.strip()]
