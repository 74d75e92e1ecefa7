"""A chat group as an undercover officer's Telegram Desktop export (``result.json``).

One group of the demo on the Telegram service arrives this way as well as in the platform's
member list: created by an admin, members joining by link or invited by name, messages with
replies, forwards and photos not included in the export. Display names are what members
chose (their name or their user name). The officer only read: their account is not in the
export. Text is never written (Telegram exports hold it; Clew never stores it, so the demo
leaves it empty). Draws come from a random generator of their own, so the rest of the demo
is byte-identical with or without this export.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from clew.demo.model import TELEGRAM, Group, Person, World
from clew.demo.sink import Sink, user_key
from clew.ingest.ids import chat_account_id

SERVICE = TELEGRAM
FOLDER = "chats"
NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"
START = datetime(2025, 2, 1, tzinfo=UTC)


def exported_group(world: World) -> Group | None:
    """The group written as an export: the first Telegram chat group (not a channel or board)
    with at least eight members, a syndicate's smaller groups before its main one; None when
    the demo has none, or when no source may show memberships (profile no-groups)."""
    if not world.settings.memberships:
        return None
    mains: dict[int | None, int] = {}
    for g in world.groups:
        mains.setdefault(g.syndicate, g.idx)
    fits = [g for g in world.groups if g.service == SERVICE and g.kind == "group" and len(g.members) >= 8]
    return min(fits, key=lambda g: (g.idx == mains.get(g.syndicate), g.idx), default=None)


def write_telegram(world: World, sink: Sink, seed: int) -> None:
    group = exported_group(world)
    if group is None:
        return
    rng = random.Random(seed * 7907 + 15)
    people = {i: world.people[i - 1] for i in group.members}
    shown = {i: (p.name if rng.random() < 0.6 else p.accounts[SERVICE].username) for i, p in people.items()}
    creator = min(group.admins & set(people)) if group.admins & set(people) else group.members[0]
    others = [i for i in group.members if i != creator]
    rng.shuffle(others)
    founding, rest = others[:3], others[3:]
    clock = [START + timedelta(hours=rng.randint(0, 240))]
    messages: list[dict] = []

    def stamp() -> dict:
        clock[0] += timedelta(minutes=rng.randint(1, 600))
        at = clock[0]
        return {"date": at.strftime("%Y-%m-%dT%H:%M:%S"), "date_unixtime": str(int(at.timestamp()))}

    def peer(i: int) -> str:
        return f"user{people[i].accounts[SERVICE].user_id}"

    def add(body: dict) -> dict:
        message = {"id": len(messages) + 1, **body, "text": "", "text_entities": []}
        messages.append(message)
        return message

    add({"type": "service", **stamp(), "actor": shown[creator], "actor_id": peer(creator),
         "action": "create_group", "title": group.name, "members": [shown[i] for i in founding]})  # fmt: skip
    for i in founding:  # named at creation: each posts, so the name meets its id
        add({"type": "message", **stamp(), "from": shown[i], "from_id": peer(i)})
    for i in rest:
        if rng.random() < 0.7:
            add({"type": "service", **stamp(), "actor": shown[i], "actor_id": peer(i),
                 "action": "join_group_by_link", "inviter": shown[creator]})  # fmt: skip
        else:
            add({"type": "service", **stamp(), "actor": shown[creator], "actor_id": peer(creator),
                 "action": "invite_members", "members": [shown[i]]})  # fmt: skip
            add({"type": "message", **stamp(), "from": shown[i], "from_id": peer(i)})
    posters = [creator, *group.members]
    for _ in range(len(group.members) * 3):
        i = rng.choice(posters)
        body: dict = {"type": "message", **stamp(), "from": shown[i], "from_id": peer(i)}
        r = rng.random()
        if r < 0.25 and len(messages) > 2:
            body["reply_to_message_id"] = rng.choice(messages[-20:])["id"]
        elif r < 0.35:
            body.update(photo=NOT_INCLUDED, width=1280, height=960)
        elif r < 0.40:
            body["forwarded_from"] = f"{group.name} news"
        add(body)
    chat_id = int(group.chat_id)  # the export's Organization is then ``group.id``, as in the other sources
    export = {"name": group.name, "type": "private_supergroup", "id": chat_id, "messages": messages}
    folder = f"{FOLDER}/telegram-{chat_id}"
    sink.json(f"{folder}/result.json", export)
    label = f"Telegram export of group '{group.name}' by an undercover account (synthetic)"
    sink.manifest(folder, label=label, kind="chat-export")
    for p in people.values():
        _record(sink, p)


def _record(sink: Sink, p: Person) -> None:
    """The export's account of ``p``: its Telegram user id is the key the platform's return shares."""
    user_id = p.accounts[SERVICE].user_id
    sink.actor(chat_account_id(SERVICE, user_id), p, user_key(SERVICE, user_id))
