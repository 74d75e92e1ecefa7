"""Seized-device extractions: one folder per arrested person, a UFDR report plus ``source.yaml``.

What a forensic extraction tool yields: the owner, the owner's chat accounts (and a P2P
client id when one was configured), the address book (with noise), group memberships of the
owner and of other members the app showed, calls, messages, meetings and media hashes.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from clew.demo.extraction import write_extraction
from clew.demo.media import MediaBank
from clew.demo.model import P2P_NETWORK, Person, World
from clew.demo.noise import contact_name, phone_as_typed
from clew.demo.sink import Sink, email_key, entity, phone_key, user_key
from clew.demo.world import format_phone
from clew.vocabulary import HANDS_ON

START = datetime(2025, 1, 1)


def when(rng: random.Random, days: int = 450) -> str:
    return (START + timedelta(seconds=rng.randrange(days * 86400))).strftime("%Y-%m-%dT%H:%M:%SZ")


def anchored_phones(p: Person) -> set[str]:
    """Numbers of ``p`` that some other record (platform account, KYC) also carries."""
    phones = {a.phone for a in p.accounts.values() if a.phone}
    return phones | ({p.phones[0]} if p.wallets else set())


def write_devices(
    world: World, sink: Sink, media: MediaBank, rng: random.Random, later: dict[int, list] | None = None
) -> None:
    """One seized handset per arrested person; ``later`` adds copies of material first shared
    elsewhere (``clew.demo.risk``) after the device's own random draws."""
    people = world.people
    arrested = [p for p in people if p.arrested]
    family_on = {}  # family -> the device that shows it
    for family in world.families:
        head = people[family[0] - 1]
        shown_on = rng.choice([d for d in arrested if d.syndicate == head.syndicate] or arrested).idx
        family_on.setdefault(shown_on, []).append(family)
    new_on = _plant_new_material(world, media, arrested, rng)
    for n, owner in enumerate(arrested, 1):
        families = family_on.get(owner.idx, [])
        _device(
            world,
            sink,
            media,
            rng,
            n,
            owner,
            families,
            new_on.get(owner.idx, []),
            (later or {}).get(owner.idx, []),
        )


def _plant_new_material(world: World, media: MediaBank, arrested: list[Person], rng: random.Random) -> dict:
    placed: dict[int, list] = {}
    for m in media.new:
        syndicate = rng.choice(arrested).syndicate
        pool = [p for p in arrested if p.syndicate == syndicate]
        if len(pool) < 2:
            pool = arrested
        for p in rng.sample(pool, min(len(pool), rng.randint(2, 4))):
            placed.setdefault(p.idx, []).append(m)
    return placed


def _device(world, sink, media, rng, n, owner, families, new_media, later=()) -> None:
    people, groups = world.people, world.groups
    dev = f"dev-{n:03d}"
    folder = f"devices/{dev.upper()}"
    owner_id = f"{dev}-owner"
    out: list[dict] = []
    cfg = world.settings
    sparse = _sparse(cfg.sparse, rng)
    out.append(
        entity(
            owner_id, "Person", name=owner.name, firstName=owner.first, lastName=owner.last,
            birthDate=None if sparse() else owner.dob,
            country=None if cfg.national_numbers else owner.country.lower(), email=owner.email,
            phone=[format_phone(x, "international") for x in owner.phones], clew_deviceId=owner.imei,
        )
    )  # fmt: skip
    sink.actor(owner_id, owner, *map(phone_key, owner.phones), email_key(owner.email), f"device:{owner.imei}")
    own_accounts = {}
    for service, acct in owner.accounts.items():
        aid = f"{dev}-acct-{service.lower()}"
        own_accounts[service] = aid
        out.append(entity(aid, "UserAccount", service=service, username=acct.username, phone=acct.phone,
                          owner=owner_id))  # fmt: skip
        sink.actor(aid, owner, user_key(service, acct.username), phone_key(acct.phone))
    if owner.p2p_client:
        aid = f"{dev}-acct-p2p"
        out.append(entity(aid, "UserAccount", service=P2P_NETWORK, username=owner.p2p_client, owner=owner_id))
        sink.actor(aid, owner, user_key(P2P_NETWORK, owner.p2p_client))

    # address book
    mine = [g for g in groups if owner.idx in g.members]
    close = {i for g in mine if g.kind != "channel" for i in g.members} - {owner.idx}
    picks = rng.sample(sorted(close), min(len(close), rng.randint(25, 90)))
    picks += [i for i in owner.outsiders if i not in picks]
    for family in families:
        picks += [i for i in family if i not in picks]
    if cfg.meetings:
        picks = _met(world, owner, picks, rng)
    contact_ids: dict[int, str] = {}
    for k, idx in enumerate(picks, 1):
        p = people[idx - 1]
        cid = f"{dev}-c-{k:04d}"
        contact_ids[idx] = cid
        numbers = _contact_numbers(p, rng)
        email = p.email if rng.random() < 0.1 and not sparse() else None
        name = contact_name(p, rng)
        typed = [phone_as_typed(x, owner.country, p.country, rng, cfg.national_numbers) for x in numbers]
        out.append(entity(cid, "Person", name=None if sparse() else name, email=email, phone=typed))
        sink.actor(cid, p, *map(phone_key, numbers), email_key(email))

    # memberships: the owner's, and other members the app listed
    for g in mine if cfg.memberships else []:
        if g.service not in own_accounts:
            continue
        out.append(entity(f"{g.id}", "Organization", name=g.name, topics="clew.chatgroup"))
        role = "admin" if owner.idx in g.admins else "member"
        out.append(entity(f"{dev}-m-{g.id}", "Membership", member=own_accounts[g.service],
                          organization=g.id, role=role))  # fmt: skip
        others = [i for i in g.members if i != owner.idx]
        for idx in rng.sample(others, min(len(others), rng.randint(5, 25 if g.kind == "channel" else 40))):
            p = people[idx - 1]
            acct = p.accounts[g.service]
            uid = f"{dev}-u-{g.service.lower()}-{acct.user_id}"
            if uid not in sink.records:
                display = contact_name(p, rng) or acct.username
                out.append(
                    entity(uid, "UserAccount", service=g.service, username=acct.username, name=display)
                )
                sink.actor(uid, p, user_key(g.service, acct.username))
            out.append(entity(f"{dev}-m-{g.id}-{acct.user_id}", "Membership", member=uid, organization=g.id,
                              role="admin" if idx in g.admins else "member"))  # fmt: skip

    # calls, messages, meetings
    known = [idx for idx in picks if people[idx - 1].kind == "syndicate"] or picks
    for k in range(rng.randint(5, 30)):
        other = people[rng.choice(known) - 1]
        outgoing = rng.random() < 0.5
        a, b = (owner_id, contact_ids[other.idx]) if outgoing else (contact_ids[other.idx], owner_id)
        na, nb = (owner.phones[0], other.phones[0]) if outgoing else (other.phones[0], owner.phones[0])
        out.append(entity(f"{dev}-call-{k:03d}", "Call", caller=a, receiver=b, callerNumber=na,
                          receiverNumber=nb, date=when(rng), duration=rng.randint(5, 900)))  # fmt: skip
    for k in range(rng.randint(5, 30) if not cfg.meetings else 0):
        other = people[rng.choice(known) - 1]
        out.append(entity(f"{dev}-msg-{k:03d}", "Message", sender=owner_id, recipients=contact_ids[other.idx],
                          date=when(rng)))  # fmt: skip
    for k in range(rng.randint(0, 3) if not cfg.meetings else rng.randint(6, 12)):
        involved = [owner_id] + [
            contact_ids[i] for i in rng.sample(known, min(len(known), rng.randint(2, 5)))
        ]
        out.append(entity(f"{dev}-event-{k}", "Event", name="meeting", date=when(rng), involved=involved,
                          country=owner.country.lower()))  # fmt: skip

    # media hashes
    items = [media.benign() for _ in range(rng.randint(15, 45))]
    if rng.random() < 0.5 or owner.roles & {HANDS_ON, "seller"}:
        items += [media.known() for _ in range(rng.randint(1, 12))]
    if rng.random() < 0.3:
        items += [media.near() for _ in range(rng.randint(1, 5))]
    items += new_media
    rng.shuffle(items)
    for k, m in enumerate(items, 1):
        m.holders.add(owner.id)
        out.append(entity(f"{dev}-img-{k:04d}", "Image", fileName=f"IMG_{rng.randint(1000, 9999)}_{k}.jpg",
                          contentHash=m.sha1, clew_md5=m.md5, clew_sha256=m.sha256, clew_pdq=m.pdq,
                          clew_pdqQuality=m.quality, clew_holder=owner_id))  # fmt: skip
    for k, m in enumerate(later, len(items) + 1):  # no draws from rng: the rest of the demo stays as it was
        m.holders.add(owner.id)
        out.append(entity(f"{dev}-img-{k:04d}", "Image", fileName=f"IMG_{k}.jpg", contentHash=m.sha1,
                          clew_md5=m.md5, clew_sha256=m.sha256, clew_pdq=m.pdq, clew_pdqQuality=m.quality,
                          clew_holder=owner_id))  # fmt: skip

    seized_at = when(rng, 20).replace("2025-01", "2026-03")
    owner_ref = write_extraction(sink, folder, dev, owner, out, sim=not cfg.national_numbers)
    sink.manifest(
        folder, label=f"Seized handset of {dev} (exhibit {dev.upper()})", kind="device-extraction",
        owner=owner_ref, seized_at=seized_at,
    )  # fmt: skip


def _contact_numbers(p: Person, rng: random.Random) -> list[str]:
    """Which of a person's numbers an address book holds; never only an unanchored one."""
    anchored = anchored_phones(p)
    own = [x for x in p.phones if x != p.family_phone or p.kind == "outsider"]
    if p.kind == "outsider":
        return own
    choice = [own[0]]
    if len(own) > 1:
        r = rng.random()
        if r < 0.4:
            choice = own[:2]
        elif r < 0.7 and own[1] in anchored:
            choice = [own[1]]
    if p.family_phone and p.family_phone not in own and rng.random() < 0.6:
        choice.append(p.family_phone)
    return choice


def _sparse(share: float, rng: random.Random):
    """A draw "is this optional field missing?" (never draws when nothing is sparse)."""
    return (lambda: rng.random() < share) if share else (lambda: False)


def _met(world: World, owner: Person, picks: list[int], rng: random.Random) -> list[int]:
    """meetings profile: the address book keeps only the people met or called (a dozen or two);
    the admins of the owner's syndicate, and now and then another syndicate's, are among them
    (bosses attend meetings across the network)."""
    people = world.people
    met = rng.sample(picks, min(len(picks), rng.randint(8, 20)))
    admins = [i for i in world.syndicates[owner.syndicate]["members"] if "admin" in people[i - 1].roles]
    met += [i for i in admins if i not in met and i != owner.idx]
    if rng.random() < 0.5:
        other = rng.choice(world.syndicates)
        met += [i for i in other["members"] if "admin" in people[i - 1].roles and i not in met][:1]
    return met
