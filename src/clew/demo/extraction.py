"""A seized device's records written as the synthetic Cellebrite UFDR report a unit receives.

:mod:`clew.demo.devices` draws what the handset holds (the owner, the owner's accounts, the
address book, group chats, calls, messages, meetings, media hashes) as FtM-shaped records; this
module writes them as ``report.xml`` models in a ``.ufdr`` zip (:mod:`clew.demo.ufdr`), so the
default demo reads its devices through the UFDR reader, and renames the ground truth's records
to the ids that reader gives (``clew.ingest.ids.ufdr_*``). It draws nothing from the demo's
random stream: the rest of the demo stays as it was.

The SIM's IMSI carries the owner's country (its mobile country code); profile
``national-numbers`` writes no SIM, so the reader must fall back to the owner's own number.
Two benign generated images (colour gradients) per device sit in the zip without hashes in the
report, so the reader's hashing of held files runs too; the rest of the media are hashes only.
"""

from __future__ import annotations

import io
import json
import zlib

import mobile_codes
from followthemoney.types import registry
from PIL import Image

from clew.demo import ufdr as w
from clew.demo.model import Person
from clew.demo.sink import Sink
from clew.ingest.ids import ufdr_account_id, ufdr_model_id, ufdr_owner_id

GENERATED_IMAGES = 2


def project_of(dev: str, owner: dict[str, list[str]]) -> str:
    """The report's project id: unique per extraction like Physical Analyzer's GUID (the device
    number alone repeats across demos, and the owner's entity id is derived from it)."""
    digest = zlib.crc32(json.dumps(owner, sort_keys=True).encode())
    return f"demo-extraction-{dev}-{digest:08x}"


def imsi(person: Person) -> str | None:
    """A synthetic IMSI of the owner's country: MCC, a two-digit network code, ten digits."""
    try:
        mcc = mobile_codes.alpha2(person.country).mcc
    except KeyError:
        return None
    mcc = mcc[0] if isinstance(mcc, list) else mcc
    return f"{mcc}01{zlib.crc32(person.id.encode()) % 10**10:010d}" if mcc else None


def write_extraction(sink: Sink, folder: str, dev: str, owner: Person, records: list[dict], sim: bool) -> str:
    """Write ``{folder}/{DEV}.ufdr`` from the device's ``records``; returns the owner's entity id."""
    old_owner = f"{dev}-owner"
    by_id = {r["id"]: r for r in records}
    project = project_of(dev, by_id[old_owner]["properties"])
    report = w.UfdrReport(project)
    me = by_id[old_owner]["properties"]
    report.device = {
        "DeviceInfoOwnerName": me.get("name", []), "IMEI": me.get("clew:deviceId", []),
        "MSISDN": me.get("phone", []), "DeviceInfoAppleID": me.get("email", []),
        "DeviceInfoDetectedModel": ["Synthetic Phone"],
        **({"IMSI": [code]} if sim and (code := imsi(owner)) else {}),
    }  # fmt: skip
    own_number = (me.get("phone") or [None])[0]
    owner_party = w.Party(own_number, owner=True, role="From")
    numbers: dict[str, str] = {}  # contact id -> the number a call log shows for it
    renames = {old_owner: ufdr_owner_id(project)}
    accounts: dict[str, tuple[str, str]] = {}  # old account id -> (service, username)
    for r in records:
        p, kind, rid = r["properties"], r["schema"], r["id"]
        if kind == "UserAccount":
            service, username = p["service"][0], p["username"][0]
            accounts[rid] = (service, username)
            renames[rid] = ufdr_account_id(project, service, username)
            if p.get("owner") == [old_owner]:
                report.add("UserAccount", w.account(rid, service, username, phones=p.get("phone", [])))
        elif kind == "Person" and rid != old_owner:
            renames[rid] = ufdr_model_id(project, rid)
            numbers[rid] = next(
                (n for n in p.get("phone", []) if n.startswith("+")), (p.get("phone") or [""])[0]
            )
            report.add(
                "Contact",
                w.contact(rid, (p.get("name") or [None])[0], p.get("phone", []), p.get("email", [])),
            )
    _groups(report, records, accounts)
    for r in records:
        p, kind, rid = r["properties"], r["schema"], r["id"]
        if kind == "Call":
            outgoing = p["caller"] == [old_owner]
            other = p["receiver" if outgoing else "caller"][0]
            mine = p["callerNumber" if outgoing else "receiverNumber"][0]
            parties = [w.Party(mine, owner=True, role="From" if outgoing else "To"),
                       w.Party(numbers[other], role="To" if outgoing else "From")]  # fmt: skip
            report.add(
                "Call",
                w.call(
                    rid, "Outgoing" if outgoing else "Incoming", p["date"][0], int(p["duration"][0]), parties
                ),
            )
        elif kind == "Message":
            to = [w.Party(numbers[c], role="To") for c in p["recipients"]]
            report.add("SMS", w.sms(rid, p["date"][0], [owner_party, *to]))
        elif kind == "Event":
            attendees = [w.Party(numbers[c]) for c in p["involved"] if c != old_owner]
            where = registry.country.caption(p["country"][0]) if p.get("country") else None
            report.add("CalendarEntry", w.calendar(rid, "meeting", p["date"][0], where, attendees))
        elif kind == "Image":
            renames[rid] = ufdr_model_id(project, rid)
            hashes = {"MD5": p["clew:md5"][0], "SHA256": p["clew:sha256"][0], "SHA1": p["contentHash"][0],
                      "PDQ": p["clew:pdq"][0], "PDQQuality": p["clew:pdqQuality"][0]}  # fmt: skip
            size = 40_000 + int(p["clew:sha256"][0][:6], 16) % 3_000_000
            path = f"/Root/DCIM/Camera/{p['fileName'][0]}"
            report.files.append(w.tagged_file(rid, path, size, None, hashes, "Image"))
    for k in range(1, GENERATED_IMAGES + 1):
        local = f"files/Image/generated_{k}.png"
        report.blobs[local] = benign_image(f"{dev}-{k}")
        report.files.append(
            w.tagged_file(
                f"{dev}-gen-{k}",
                f"/Root/Pictures/generated_{k}.png",
                len(report.blobs[local]),
                local,
                {},
                "Image",
            )
        )
    for old, new in renames.items():
        sink.rename(old, new)
    sink.files.append(report.write(sink.root / folder / f"{dev.upper()}.ufdr"))
    return renames[old_owner]


def _groups(report: w.UfdrReport, records: list[dict], accounts: dict[str, tuple[str, str]]) -> None:
    """One group chat per ``Organization``: the owner's membership first, then the members the app listed."""
    groups = {r["id"]: r["properties"] for r in records if r["schema"] == "Organization"}
    members: dict[str, list[w.Party]] = {g: [] for g in groups}
    service: dict[str, str] = {}
    names = {
        r["id"]: (r["properties"].get("name") or [None])[0] for r in records if r["schema"] == "UserAccount"
    }
    for r in records:
        if r["schema"] != "Membership":
            continue
        p = r["properties"]
        gid, acct, admin = p["organization"][0], p["member"][0], p["role"] == ["admin"]
        svc, username = accounts[acct]
        service.setdefault(gid, svc)
        is_owner = not members[gid]  # the device's own membership is written first
        members[gid].append(
            w.Party(username, None if is_owner else names.get(acct), owner=is_owner, admin=admin)
        )
    for gid, props in groups.items():
        if members[gid]:
            name = (props.get("name") or [None])[0]
            report.add("Chat", w.chat(f"chat-{gid}", service[gid], gid, name, "Group", members[gid]))


def benign_image(seed: str) -> bytes:
    """A 64x64 PNG colour gradient, different for every seed: benign by construction."""
    h = zlib.crc32(seed.encode())
    r0, g0, b0 = h & 255, (h >> 8) & 255, (h >> 16) & 255
    img = Image.new("RGB", (64, 64))
    img.putdata(
        [
            ((r0 + 4 * x) % 256, (g0 + 4 * y) % 256, (b0 + 2 * (x + y)) % 256)
            for y in range(64)
            for x in range(64)
        ]
    )
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
