"""Evidence of hands-on abuse and of access to children in the demo (hashes and records only).

What real operations hold and Clew reads for the ``hands-on`` and ``children-at-risk``
roles (``clew.leads.risk``), planted with its own random stream so the rest of the demo is
unchanged by it:

- **produced material**: some hands-on people first share possibly-new material — a platform
  reports their upload (a tip whose incident type says contact abuse or enticement, dated
  before any other copy), and later copies sit on seized devices of their syndicate;
- **tip incident types**: other hands-on people are reported for enticement without files;
- **declared access to children**: partner-agency background checks (a ``Person`` record with
  the declared occupation in ``position``) for half of the hands-on people and a few other
  members — who are then at risk too; occupations are neutral job titles;
- **innocent access**: the same checks for some of the benign contacts of arrested people
  (outsiders: relatives, neighbours in their address books), as contacts are checked in a real
  operation. They are in no network and the truth gives them no role: a rule that flags them
  loses precision, which the demo could not show while only offenders declared a job with children.

No content is generated or described: media are random digests, as in ``clew.demo.media``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from clew.demo.media import Media, MediaBank
from clew.demo.model import Person, World
from clew.demo.platform import reported_account
from clew.demo.sink import Sink, entity, phone_key
from clew.demo.world import format_phone
from clew.vocabulary import CHILDREN_AT_RISK, HANDS_ON

CONTACT_INCIDENTS = ("Online Enticement of Children for Sexual Acts", "Child Sexual Molestation")
"""As the CyberTipline reporting API labels the two types (``clew.leads.risk`` reads them)."""
OCCUPATIONS = ("primary school teacher", "youth football coach", "childminder", "scout leader",
               "swimming instructor", "children's ward nurse", "after-school tutor")  # fmt: skip
SHARE_PRODUCING = 0.5  # of hands-on people: first share material of their own
SHARE_REPORTED = 0.3  # of the others: reported for enticement, no files
SHARE_DECLARED = 0.5  # of hands-on people: declared access to children
SHARE_OTHER_ACCESS = 0.01  # of other syndicate members: declared access to children
SHARE_OUTSIDER_ACCESS = 0.05  # of outsiders: about one working adult in twenty works with children
EARLY = datetime(2024, 9, 1)  # first shares happen before the devices' copies (2025 on)


@dataclass
class Plan:
    tips: list[tuple[Person, str, list[Media]]] = field(default_factory=list)  # who, incident, files
    on_devices: dict[int, list[Media]] = field(default_factory=dict)  # person idx -> later copies
    access: dict[int, str] = field(default_factory=dict)  # person idx -> declared occupation


def plan(world: World, media: MediaBank, seed: int) -> Plan:
    """Decide who produced what and who declared access (truth roles updated here)."""
    rng = random.Random(f"{seed}:risk")
    out = Plan()
    members = [p for p in world.people if p.kind == "syndicate"]
    arrested = [p for p in members if p.arrested]
    for p in members:
        if HANDS_ON in p.roles:
            if p.accounts and rng.random() < SHARE_PRODUCING:
                produced = [_new(rng, media) for _ in range(rng.randint(1, 2))]
                out.tips.append((p, rng.choice(CONTACT_INCIDENTS), produced))
                mates = [q for q in arrested if q.syndicate == p.syndicate and q is not p] or arrested
                for m in produced:
                    for q in rng.sample(mates, min(len(mates), rng.randint(1, 3))):
                        out.on_devices.setdefault(q.idx, []).append(m)
            elif p.accounts and rng.random() < SHARE_REPORTED:
                out.tips.append((p, rng.choice(CONTACT_INCIDENTS), []))
            if rng.random() < SHARE_DECLARED:
                out.access[p.idx] = rng.choice(OCCUPATIONS)
        elif rng.random() < SHARE_OTHER_ACCESS:
            out.access[p.idx] = rng.choice(OCCUPATIONS)
    members_access = set(out.access)
    innocent = random.Random(f"{seed}:risk-outsiders")  # its own stream: the draws above are unchanged
    for p in world.people:
        if p.kind == "outsider" and innocent.random() < SHARE_OUTSIDER_ACCESS:
            out.access[p.idx] = innocent.choice(OCCUPATIONS)
    for idx in members_access:
        world.people[idx - 1].roles.add(CHILDREN_AT_RISK)
    return out


def _new(rng: random.Random, media: MediaBank) -> Media:
    m = Media(md5=rng.randbytes(16).hex(), sha1=rng.randbytes(20).hex(), sha256=rng.randbytes(32).hex(),
              pdq=rng.randbytes(32).hex(), quality=rng.randint(60, 100), new=True)  # fmt: skip
    media.all[m.sha256] = m
    return m


def _early(rng: random.Random) -> str:
    return (EARLY + timedelta(seconds=rng.randrange(90 * 86400))).strftime("%Y-%m-%dT%H:%M:%SZ")


def write(world: World, sink: Sink, found: Plan, seed: int) -> None:
    """The planned tips (``tips/TIP-2026-9xxxxx``) and background checks (``checks/``)."""
    rng = random.Random(f"{seed}:risk-files")
    for n, (p, incident, files) in enumerate(found.tips, 1):
        service = rng.choice(sorted(p.accounts))
        a = p.accounts[service]
        report_id = f"TIP-2026-9{n:05d}"
        account = reported_account(sink, p, service, rng)
        account["ip_events"] = [{"ip": a.ip, "time": _early(rng), "event": "upload"}]
        entries = []
        for k, m in enumerate(files, 1):
            m.holders.add(p.id)
            entries.append({"file_name": f"f{k}.jpg", "md5": m.md5, "sha1": m.sha1, "sha256": m.sha256,
                            "pdq": m.pdq, "upload_time": _early(rng), "uploaded_by": a.user_id,
                            "viewed_by_platform": False, "publicly_available": False})  # fmt: skip
        report = {
            "format": "clew-tip-report/1",
            "report_id": report_id,
            "reporting_platform": {"name": service, "contact_email": f"safety@{service.lower()}.example"},
            "incident": {"type": incident, "time": _early(rng)},
            "reported_accounts": [account],
            "files": entries,
        }  # fmt: skip
        sink.json(f"tips/{report_id}.tip.json", report)
    out = []
    for idx, occupation in sorted(found.access.items()):
        p = world.people[idx - 1]
        rid = f"check-{idx:05d}"
        phones = [format_phone(x, "international") for x in p.phones[:1]]
        out.append(entity(rid, "Person", name=p.name, firstName=p.first, lastName=p.last, birthDate=p.dob,
                          country=p.country.lower(), phone=phones, position=occupation))  # fmt: skip
        sink.actor(rid, p, *(phone_key(x) for x in p.phones[:1]))
    if out:
        sink.jsonl("checks/background-checks.ftm.jsonl", out)
        sink.manifest("checks", label="Partner-agency background checks (synthetic)", kind="other")
