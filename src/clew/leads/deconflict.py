"""Deconfliction without disclosure: which identifiers two agencies both hold, and nothing else.

Private set intersection with OpenMined's ECDH protocol (``openmined.psi``). A partner that
receives plain or keyed hashes of phone numbers can hash every number of a country and read
them off; under ECDH-PSI each side's values are blinded with a secret exponent only it knows,
so the other side can test no guess without the holder's participation.

1. ``offer`` (agency A, the client): a fresh key; A's identifiers blinded with it → offer file.
   The key and A's item order stay in A's store (``deconfliction_sessions``).
2. ``respond`` (agency B, the server): a fresh key of its own; B blinds A's request again and
   its own identifiers once → response file. B learns only how many identifiers A offered.
3. ``finish`` (A): unblinds and learns which of *its* identifiers B also holds, and the local
   subjects they belong to. B learns the overlap only by running the protocol the other way.

``mode="hmac"``: for partners without the protocol, both sides hash with a secret shared out of
band (HMAC-SHA256). Weaker: anyone holding the secret and the file can test guesses offline.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clew.errors import Location, UserError
from clew.model.statement import utcnow
from clew.store.base import Store
from clew.vocabulary import AuditAction

PROTOCOL = "clew-deconflict/1"
DEFAULT_KINDS = ("phone", "email", "username", "iban", "account", "crypto", "ewallet", "device")
FPR = 1e-9  # unused by the RAW (exact) data structure; the protocol requires a value


@dataclass(frozen=True)
class Overlap:
    """Identifiers both sides hold, each with the local subjects it belongs to."""

    session_id: str
    offered: int
    partner_items: int
    matches: dict[str, list[str]]


def _psi():
    import private_set_intersection.python as psi

    return psi


def local_items(store: Store, kinds: tuple[str, ...] = DEFAULT_KINDS) -> list[str]:
    """This operation's identifier keys (``kind:normalised value``) of ``kinds``, sorted."""
    return sorted(r["key"] for r in store.select("identifiers", {"kind": list(kinds)}, columns=["key"]))


def offer(
    store: Store,
    out: Path,
    *,
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    mode: str = "psi",
    secret: bytes | None = None,
) -> str:
    """Write the offer file; returns the session id. Audited ``deconflict.offer``."""
    items = local_items(store, kinds)
    session = uuid.uuid4().hex
    body: dict[str, Any] = {"protocol": PROTOCOL, "mode": mode, "session_id": session, "items": len(items)}
    if mode == "psi":
        psi = _psi()
        client = psi.client.CreateWithNewKey(True)
        body["request"] = base64.b64encode(client.CreateRequest(items).SerializeToString()).decode()
        key = client.GetPrivateKeyBytes().hex()
    elif mode == "hmac":
        body["hashes"] = sorted(_hmac(secret, i) for i in items)
        key = ""
    else:
        raise UserError(f"unknown deconfliction mode {mode!r} (psi or hmac)")
    Path(out).write_text(json.dumps(body) + "\n", encoding="utf-8")
    with store.transaction():
        store.insert(
            "deconfliction_sessions",
            [
                {
                    "session_id": session,
                    "mode": mode,
                    "key": key,
                    "items": json.dumps(items),
                    "identifiers": len(items),
                    "created_at": utcnow(),
                }
            ],
        )
        store.audit(
            AuditAction.DECONFLICT_OFFER, session, {"mode": mode, "identifiers": len(items), "file": str(out)}
        )
    return session


def respond(
    store: Store,
    offer_file: Path,
    out: Path,
    *,
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    secret: bytes | None = None,
) -> int:
    """Answer a partner's offer; returns how many identifiers were offered. Audited."""
    body = _read(offer_file)
    items = local_items(store, kinds)
    answer: dict[str, Any] = {"protocol": PROTOCOL, "mode": body["mode"], "session_id": body["session_id"]}
    if body["mode"] == "psi":
        psi = _psi()
        server = psi.server.CreateWithNewKey(True)
        request = psi.Request()
        request.ParseFromString(base64.b64decode(body["request"]))
        setup = server.CreateSetupMessage(FPR, int(body["items"]), items, psi.DataStructure.RAW)
        answer["setup"] = base64.b64encode(setup.SerializeToString()).decode()
        answer["response"] = base64.b64encode(server.ProcessRequest(request).SerializeToString()).decode()
    else:
        mine = {_hmac(secret, i) for i in items}
        answer["hashes"] = sorted(h for h in body["hashes"] if h in mine)
    Path(out).write_text(json.dumps(answer) + "\n", encoding="utf-8")
    store.audit(
        AuditAction.DECONFLICT_RESPOND,
        body["session_id"],
        {"mode": body["mode"], "offered": body["items"], "identifiers": len(items), "file": str(out)},
    )
    return int(body["items"])


def finish(store: Store, response_file: Path, *, secret: bytes | None = None) -> Overlap:
    """Read the partner's response: the overlapping identifiers and their local subjects."""
    body = _read(response_file)
    session = next(iter(store.select("deconfliction_sessions", {"session_id": body["session_id"]})), None)
    if session is None:
        raise UserError(
            f"no deconfliction offer {body['session_id']} in this operation",
            Location(str(response_file), field="session_id"),
        )
    items = json.loads(session["items"])
    if body["mode"] == "psi":
        psi = _psi()
        client = psi.client.CreateFromKey(bytes.fromhex(session["key"]), True)
        setup, response = psi.ServerSetup(), psi.Response()
        setup.ParseFromString(base64.b64decode(body["setup"]))
        response.ParseFromString(base64.b64decode(body["response"]))
        common = [items[i] for i in client.GetIntersection(setup, response)]
        partner = len(setup.raw.encrypted_elements)
    else:
        theirs = set(body["hashes"])
        common = [i for i in items if _hmac(secret, i) in theirs]
        partner = len(theirs)
    matches = _subjects(store, common)
    with store.transaction():
        store.update("deconfliction_sessions", {"session_id": body["session_id"]}, {"finished_at": utcnow()})
        store.audit(AuditAction.DECONFLICT_FINISH, body["session_id"], {"overlap": len(common)})
    return Overlap(body["session_id"], len(items), partner, matches)


def _subjects(store: Store, keys: list[str]) -> dict[str, list[str]]:
    if not keys:
        return {}
    entity_subject = dict(
        zip(*store.select_columns("subject_members", ["entity_id", "subject_id"]).values(), strict=True)
    )
    out: dict[str, set[str]] = defaultdict(set)
    for m in store.select("mentions", {"key": keys}, columns=["key", "entity_id"]):
        out[m["key"]].add(entity_subject.get(m["entity_id"], m["entity_id"]))
    return {k: sorted(out.get(k, ())) for k in sorted(keys)}


def _hmac(secret: bytes | None, item: str) -> str:
    if not secret:
        raise UserError("hmac mode needs the secret shared with the partner (--secret-file)")
    return hmac.new(secret, item.encode("utf-8"), hashlib.sha256).hexdigest()


def _read(path: Path) -> dict[str, Any]:
    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UserError(f"not a deconfliction file: {exc}", Location(str(path))) from exc
    if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
        raise UserError(f"not a {PROTOCOL} file", Location(str(path), field="protocol"))
    for name in ("mode", "session_id"):
        if name not in body:
            raise UserError("missing", Location(str(path), field=name))
    return body
