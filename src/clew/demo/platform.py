"""What platforms and P2P monitoring yield: group member lists, tip reports, P2P logs.

Platform returns are CSV + mapping YAML (the path an analyst takes with a subscriber list);
tip reports follow ``clew-tip-report/1``; P2P logs the ``*.p2p.csv`` header. Ids of tip-report
and P2P accounts are computed with the ingest's own functions so the truth names them exactly.
"""

from __future__ import annotations

import random

from clew.demo.chats import SERVICE as TELEGRAM
from clew.demo.devices import when
from clew.demo.media import MediaBank
from clew.demo.model import P2P_NETWORK, SERVICES, Person, World
from clew.demo.sink import Sink, email_key, phone_key, user_key
from clew.demo.world import format_phone
from clew.ingest.ids import p2p_account_id, tip_account_id
from clew.vocabulary import HANDS_ON

RETURN_COLUMNS = [
    "group_id", "group_name", "group_kind", "membership_id", "account_id", "user_id", "username",
    "display_name", "email", "phone", "last_ip", "registered_at", "role", "last_ip_at",
]  # fmt: skip


def account_entity_id(service: str, user_id: str) -> str:
    return f"{service.lower()}-{user_id}"


def _mapping() -> dict:
    return {
        "entities": {
            "group": {
                "schema": "Organization",
                "id_column": "group_id",
                "properties": {
                    "name": {"column": "group_name"},
                    "topics": {"literal": "clew.chatgroup"},
                    "description": {"column": "group_kind"},
                },
            },
            "account": {
                "schema": "UserAccount",
                "id_column": "account_id",
                "properties": {
                    "service": {"literal": "{service}"},
                    "username": {"column": "username"},
                    "name": {"column": "display_name"},
                    "email": {"column": "email"},
                    "phone": {"column": "phone"},
                    "ipAddress": {"column": "last_ip"},
                    "createdAt": {"column": "registered_at"},
                },
            },
            "membership": {
                "schema": "Membership",
                "id_column": "membership_id",
                "properties": {
                    "member": {"column": "account_id"},  # a UserAccount: FtM's range is LegalEntity
                    "organization": {"entity": "group"},
                    "role": {"column": "role"},
                },
            },
            "login": {  # the address's time of use: what a subscriber check at the ISP needs
                "schema": "Event",
                "keys": ["account_id", "last_ip", "last_ip_at"],
                "properties": {
                    "name": {"literal": "IP event: last log-in"},
                    "date": {"column": "last_ip_at", "required": True},
                    "ipMentioned": {"column": "last_ip", "required": True},
                    "involved": {"column": "account_id"},  # a UserAccount: FtM's range is LegalEntity
                },
            },
        }
    }


def _last_login(key: tuple[str, str]) -> str:
    """When the account last logged in from its ``last_ip``: drawn from its own generator, seeded
    by the account, so adding the column moved no other draw of the world (every figure measured
    on the demo before stays comparable)."""
    return when(random.Random(f"last-login:{key[0]}:{key[1]}"))


def write_platform_returns(world: World, sink: Sink, rng: random.Random) -> None:
    """Member lists of every group; without memberships (profile no-groups) one row per account,
    group columns empty; nothing at all without platform returns (profile meetings)."""
    cfg = world.settings
    if not cfg.platform_returns:
        return
    people = world.people
    profile: dict[tuple[str, str], list] = {}
    rows_by_service: dict[str, list[list[object]]] = {s: [] for s in SERVICES}
    listed: set[tuple[str, str]] = set()
    for g in world.groups:
        for idx in g.members:
            p = people[idx - 1]
            a = p.accounts[g.service]
            key = (g.service, a.user_id)
            if key not in profile:
                drop = rng.random()  # missing fields, only where another record still ties the person
                primary = a.phone == p.phones[0]
                email = None if drop < 0.08 and primary else a.email
                phone = None if 0.08 <= drop < 0.13 and a.email and primary and p.wallets else a.phone
                if cfg.sparse and email and phone and rng.random() < cfg.sparse:
                    email = None
                display = p.name if rng.random() < 0.5 else a.username
                if cfg.sparse and rng.random() < cfg.sparse:
                    display = None
                since = when(rng, 200)[:10]
                profile[key] = [a.username, display, email, phone, a.ip, since, _last_login(key)]
                aid = account_entity_id(g.service, a.user_id)
                by_id = user_key(TELEGRAM, a.user_id) if g.service == TELEGRAM else None
                sink.actor(aid, p, user_key(g.service, a.username), by_id, phone_key(phone), email_key(email))
            username, display, email, phone, ip, since, last_login = profile[key]
            if not cfg.memberships:
                if key in listed:
                    continue
                listed.add(key)
            rows_by_service[g.service].append([
                g.id, g.name, g.kind, f"{g.id}-{a.user_id}", account_entity_id(g.service, a.user_id),
                a.user_id, username, display, email, format_phone(phone, "e164") if phone else None,
                ip, since, "admin" if idx in g.admins else "member", last_login if ip else None,
            ])  # fmt: skip
    for service, rows in rows_by_service.items():
        if not rows:
            continue
        folder = f"platform-returns/{service.lower()}"
        mapping = _mapping()
        mapping["entities"]["account"]["properties"]["service"] = {"literal": service}
        if service == TELEGRAM:  # Telegram answers by numeric user id: the key its exports carry
            mapping["entities"]["account"]["properties"]["username"] = {"columns": ["username", "user_id"]}
        if not cfg.memberships:
            del mapping["entities"]["group"], mapping["entities"]["membership"]
            rows = [[None, None, None, None, *row[4:12], None, *row[13:]] for row in rows]
        sink.manifest(folder, label=f"{service} return: members of reported groups", kind="platform-return")
        sink.csv(f"{folder}/members.csv", RETURN_COLUMNS, rows)
        sink.yaml(f"{folder}/members.mapping.yml", mapping)


def reported_account(sink: Sink, p: Person, service: str, rng: random.Random) -> dict:
    """A tip's reported account as a platform fills it from what it holds — e-mail (60 %), phone
    (40 %), first name as display name (50 %), birth date (20 %) — registered as ``p``'s record;
    the caller adds the ``ip_events``."""
    a = p.accounts[service]
    emails = [a.email] if a.email and rng.random() < 0.6 else []
    phones = [format_phone(a.phone, "international")] if a.phone and rng.random() < 0.4 else []
    account = {
        "service": service, "user_id": a.user_id, "username": a.username,
        "display_name": p.first if rng.random() < 0.5 else a.username, "emails": emails,
        "phones": phones, "date_of_birth": p.dob if rng.random() < 0.2 else None,
    }  # fmt: skip
    sink.actor(tip_account_id(service, a.user_id, a.username), p, user_key(service, a.username),
               *map(email_key, emails), *(phone_key(a.phone) for _ in phones))  # fmt: skip
    return account


def write_tips(world: World, sink: Sink, media: MediaBank, rng: random.Random) -> None:
    if not world.settings.platform_returns:
        return
    people = [p for p in world.people if p.kind == "syndicate" and p.accounts]
    weights = [5 if p.roles & {HANDS_ON, "seller", "admin"} else 1 for p in people]
    n_tips = max(5, round(150 * world.params["people"] / 5000))
    for n in range(1, n_tips + 1):
        report_id = f"TIP-2026-{n:06d}"
        first = rng.choices(people, weights)[0]
        service = rng.choice(sorted(first.accounts))
        reported = [first]
        if rng.random() < 0.2:
            mates = [q for g in world.groups if first.idx in g.members and g.service == service
                     for q in (world.people[i - 1] for i in g.members) if q is not first]  # fmt: skip
            if mates:
                reported.append(rng.choice(mates))
        accounts = []
        for p in reported:
            a = p.accounts[service]
            account = reported_account(sink, p, service, rng)
            account["ip_events"] = [{"ip": a.ip, "time": when(rng), "event": rng.choice(["upload", "login"])}]
            accounts.append(account)
        files = []
        for k in range(rng.randint(1, 4)):
            m = media.known() if rng.random() < 0.75 else rng.choice(media.new)
            uploader = rng.choice(reported)
            m.holders.add(uploader.id)
            files.append({
                "file_name": f"f{k + 1}.jpg", "md5": m.md5, "sha1": m.sha1, "pdq": m.pdq,
                "upload_time": when(rng), "uploaded_by": uploader.accounts[service].user_id,
                "viewed_by_platform": False, "publicly_available": False,
            })  # fmt: skip
        report = {
            "format": "clew-tip-report/1",
            "report_id": report_id,
            "reporting_platform": {"name": service, "contact_email": f"safety@{service.lower()}.example"},
            "incident": {"type": "apparent-child-exploitation-material", "time": when(rng)},
            "reported_accounts": accounts,
            "files": files,
        }
        if rng.random() < 0.5:
            report["country_hint"] = first.country
        sink.json(f"tips/{report_id}.tip.json", report)
    sink.manifest("tips", label="Platform tip reports (synthetic)", kind="tip-report")


P2P_COLUMNS = [
    "observed_at",
    "ip",
    "port",
    "client_id",
    "network",
    "infohash",
    "sha1",
    "file_name",
    "file_size",
]


def write_p2p(world: World, sink: Sink, media: MediaBank, rng: random.Random) -> None:
    clients = [p for p in world.people if p.p2p_client]
    months = ["2025-10", "2025-11", "2025-12"]
    rows: dict[str, list[list[object]]] = {m: [] for m in months}
    for p in clients:
        sink.actor(p2p_account_id(P2P_NETWORK, p.p2p_client), p, user_key(P2P_NETWORK, p.p2p_client))
        ips = [p.ip, world.ids.ip(p.country)]
        for _ in range(rng.randint(3, 20)):
            r = rng.random()
            m = media.known() if r < 0.6 else rng.choice(media.new) if r < 0.75 else media.benign()
            m.holders.add(p.id)
            month = rng.choice(months)
            at = f"{month}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
            rows[month].append([
                at, rng.choice(ips), rng.randint(1024, 65535), p.p2p_client, P2P_NETWORK,
                m.sha256[:40], m.sha1, f"file_{m.sha1[:6]}.jpg", rng.randint(40_000, 4_000_000),
            ])  # fmt: skip
    for month, lines in rows.items():
        if lines:
            sink.csv(f"p2p/observations-{month}.p2p.csv", P2P_COLUMNS, sorted(lines, key=lambda r: str(r[0])))
    sink.manifest("p2p", label="P2P monitoring logs (synthetic)", kind="p2p-log")
