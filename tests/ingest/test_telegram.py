"""Telegram Desktop exports: a single chat (English names) and a full export (Cyrillic names,
``chats.list``, the exporter and contacts), files beside the export, hostile shapes."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.ingest.helpers import snapshot

from clew.errors import ClewError, FormatError
from clew.ingest import ingest_paths
from clew.ingest.build import build
from clew.ingest.ids import chat_account_id, chat_group_id, chat_membership_id, chat_message_id, chat_named_id
from clew.ingest.records import SourceContext
from clew.ingest.region import NO_REGION
from clew.ingest.registry import detect
from clew.ingest.rows import Rows
from clew.ingest.telegram import TelegramReader

TG = "Telegram"
NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"


def group_chat() -> dict:
    """A supergroup: created by Ann (admin), Ben invited by name, Cleo joins by link, messages
    with a reply, a forward, a photo beside the export and one not included."""
    return {
        "name": "Sunrise Club",
        "type": "private_supergroup",
        "id": 1700000001,
        "messages": [
            {"id": 1, "type": "service", "date": "2025-03-01T10:00:00", "date_unixtime": "1740823200",
             "actor": "Ann Lee", "actor_id": "user1001", "action": "create_group", "title": "Sunrise Club",
             "members": ["Ben Cruz"], "text": "", "text_entities": []},
            {"id": 2, "type": "service", "date": "2025-03-01T10:05:00", "date_unixtime": "1740823500",
             "actor": "Cleo Park", "actor_id": "user1003", "action": "join_group_by_link",
             "inviter": "Ann Lee", "text": "", "text_entities": []},
            {"id": 3, "type": "message", "date": "2025-03-01T10:06:00", "date_unixtime": "1740823560",
             "from": "Ben Cruz", "from_id": "user1002", "text": "secret words", "text_entities": [
                 {"type": "plain", "text": "secret words"}]},
            {"id": 4, "type": "message", "date": "2025-03-01T10:07:00", "date_unixtime": "1740823620",
             "from": "Cleo Park", "from_id": "user1003", "reply_to_message_id": 3,
             "forwarded_from": "Some Channel", "photo": "photos/photo_1@01-03-2025_10-07-00.jpg",
             "width": 2, "height": 2, "text": ["hello ", {"type": "bold", "text": "there"}]},
            {"id": 5, "type": "message", "date": "2025-03-01T10:08:00", "date_unixtime": "1740823680",
             "from": "Ann Lee", "from_id": "user1001", "file": NOT_INCLUDED, "file_name": "plan.pdf",
             "media_type": "document", "mime_type": "application/pdf", "text": ""},
            {"id": 6, "type": "service", "date": "2025-03-02T09:00:00", "date_unixtime": "1740906000",
             "actor": "Ben Cruz", "actor_id": "user1002", "action": "remove_members", "members": ["Ben Cruz"],
             "text": ""},
        ],
    }  # fmt: skip


def full_export() -> dict:
    """Telegram data of one account: the exporter, a contact, a personal chat with a call, and a
    group it left (Cyrillic names, an older export's numeric ``from_id``)."""
    return {
        "about": "Here is the data you requested. Remember: Telegram is ad free...",
        "personal_information": {"user_id": 2001, "first_name": "Иван", "last_name": "Петров",
                                 "phone_number": "+63 917 555 0142", "username": "@ivan_p", "bio": ""},
        "contacts": {"about": "...", "list": [
            {"user_id": 2002, "first_name": "Мария", "last_name": "", "phone_number": "+639175550143",
             "date": "2025-01-01T00:00:00", "date_unixtime": "1735689600"},
            {"user_id": 0, "first_name": "Олег", "last_name": "", "phone_number": "+639175550144",
             "date": "2025-01-01T00:00:00", "date_unixtime": "1735689600"},
        ]},
        "chats": {"about": "...", "list": [
            {"name": "Мария", "type": "personal_chat", "id": 2002, "messages": [
                {"id": 10, "type": "message", "date": "2025-02-01T12:00:00", "date_unixtime": "1738411200",
                 "from": "Мария", "from_id": 2002, "text": "привет"},
                {"id": 11, "type": "service", "date": "2025-02-01T12:05:00", "date_unixtime": "1738411500",
                 "actor": "Иван Петров", "actor_id": "user2001", "action": "phone_call",
                 "duration_seconds": 65, "text": ""},
            ]},
        ]},
        "left_chats": {"about": "...", "list": [
            {"name": "Канал", "type": "private_channel", "id": 3001, "messages": [
                {"id": 1, "type": "service", "date": "2024-12-01T00:00:00", "date_unixtime": "1733011200",
                 "actor": "Мария", "actor_id": "user2002", "action": "create_channel", "title": "Канал",
                 "text": ""},
                {"id": 2, "type": "message", "date": "2024-12-01T00:01:00", "date_unixtime": "1733011260",
                 "from": "Канал", "from_id": "channel3001", "text": "пост"},
            ]},
        ]},
    }  # fmt: skip


def write_export(folder: Path, doc: dict, *, photo: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if photo:
        (folder / "photos").mkdir(exist_ok=True)
        (folder / "photos" / "photo_1@01-03-2025_10-07-00.jpg").write_bytes(b"benign synthetic bytes")
    path = folder / "result.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_single_chat_export(store, tmp_path):
    path = write_export(tmp_path / "ChatExport_2025-03-03", group_chat())
    assert detect(path, SourceContext(path=path)) == "telegram"
    summary = ingest_paths(store, [path])
    result = summary.files[0]
    assert (result.format, result.status, result.quarantined) == ("telegram", "new", 0), result.messages
    chat = "1700000001"
    group = store.record(chat_group_id(TG, chat))
    assert group.schema == "Organization" and group.get("name") == ["Sunrise Club"]
    ann, ben, cleo = (chat_account_id(TG, u) for u in ("1001", "1002", "1003"))
    roles = {}
    for account in (ann, ben, cleo):
        membership = store.record(chat_membership_id(TG, chat, account))
        assert membership.get("organization") == [group.id]
        roles[account] = membership.get("role")
    assert roles == {ann: ["creator"], ben: ["member"], cleo: ["member"]}
    # Ben was named by name at creation, then seen with his id: one account, joined and left
    ben_m = store.record(chat_membership_id(TG, chat, ben))
    assert ben_m.get("startDate") == ["2025-03-01T10:00"] and ben_m.get("endDate") == ["2025-03-02T09:00"]
    assert store.record(chat_membership_id(TG, chat, cleo)).get("startDate") == ["2025-03-01T10:05"]
    assert store.count("identifiers", {"key": "username:telegram:1002"}) == 1
    reply = store.record(chat_message_id(TG, chat, "4"))
    assert reply.get("senderAccount") == [cleo] and reply.get("recipientAccount") == [ben]
    assert reply.get("inReplyToMessage") == [chat_message_id(TG, chat, "3")]
    assert reply.get("clew:forwardedFrom") == ["Some Channel"] and reply.get("date") == ["2025-03-01T10:07"]
    # message text is never stored
    raws = [r["raw"] for r in store.select("statements")]
    assert not any("secret" in r or "hello" in r for r in raws)
    images = [r for r in store.records(["Image"]) if r.schema == "Image"]
    assert len(images) == 1 and images[0].get("clew:holder") == [cleo]
    assert images[0].get("clew:sha256") == [hashlib.sha256(b"benign synthetic bytes").hexdigest()]
    docs = [r for r in store.records(["Document"]) if r.schema == "Document"]
    assert len(docs) == 1 and docs[0].get("fileName") == ["plan.pdf"] and not docs[0].get("clew:sha256")
    locators = {r["locator"] for r in store.select("statements", {"entity_id": reply.id})}
    assert locators == {f"chat {chat} message 4"}
    before = snapshot(store)
    again = ingest_paths(store, [path])
    assert again.files[0].status == "skipped" and snapshot(store) == before


def test_full_export(store, tmp_path):
    folder = tmp_path / "DataExport_2025-03-03"
    path = write_export(folder, full_export(), photo=False)
    (folder / "source.yaml").write_text("kind: other\nowner: person-ivan\n", encoding="utf-8")
    result = ingest_paths(store, [folder]).files[0]
    assert (result.format, result.quarantined) == ("telegram", 0), result.messages
    ivan, maria = chat_account_id(TG, "2001"), chat_account_id(TG, "2002")
    owner = store.record(ivan)
    assert owner.get("owner") == ["person-ivan"] and owner.get("name") == ["Иван Петров"]
    assert store.count("identifiers", {"key": "phone:+639175550142"}) == 1
    assert store.count("identifiers", {"key": "username:telegram:ivan_p"}) == 1
    assert "+639175550143" in [
        s["value"] for s in store.select("statements", {"entity_id": maria, "prop": "phone"})
    ]
    oleg = chat_named_id(TG, f"contacts:{result.sha256}", "Олег|+639175550144")
    assert store.record(oleg).schema == "Person"
    message = store.record(chat_message_id(TG, "2002", "10"))
    assert message.get("senderAccount") == [maria] and message.get("recipientAccount") == [ivan]
    call = store.record(chat_message_id(TG, "2002", "call:11"))
    assert call.get("caller") == [ivan] and call.get("receiver") == [maria] and call.get("duration") == ["65"]
    channel = chat_group_id(TG, "3001")
    assert store.record(channel).get("name") == ["Канал"]
    creator = store.record(chat_membership_id(TG, "3001", maria))
    assert creator.get("role") == ["creator"]
    post = store.record(chat_message_id(TG, "3001", "2"))
    assert post.get("sender") == [channel] and not post.get("senderAccount")
    assert store.count("statements", {"prop": "name", "raw": "пост"}) == 0
    assert source_path(store) == str(path.resolve())


def source_path(store) -> str:
    return next(store.select("sources", columns=["path"]))["path"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (
            b'{\n "name": "x",\n "type": "private_group",\n "id": 5,\n "messages": [{"id": 1, "ty',
            "malformed JSON",
        ),
        (
            b'{"name": "x", "type": "private_group", "id": 5, "messages": [{"id": 1, "from": "\xff\xfe"}]}',
            "malformed JSON",
        ),
        (b'{"name": "x", "type": "private_group", "id": "abc", "messages": [{"id": 1}]}', "chat id"),
        (
            b'{"name": "x", "type": "private_group", "id": 5, "messages": [{"id": 1, "date_unixtime": 1'
            + b"9" * 5000
            + b"}]}",
            "malformed JSON",
        ),
    ],
    ids=["truncated", "bad-utf8", "chat-id", "huge-number"],
)
def test_hostile_whole_file(store, tmp_path, content, needle):
    path = tmp_path / "result.json"
    path.write_bytes(content)
    with pytest.raises(FormatError) as info:
        ingest_paths(store, [path])
    assert needle in str(info.value) and "\n" not in str(info.value)
    assert store.count("fragments") == 0 and store.count("quarantine") == 1


def test_bad_records_quarantined(store, tmp_path):
    doc = group_chat()
    doc["messages"].append({"id": "seven", "type": "message", "from_id": "user1"})
    doc["messages"].append({"id": 8, "type": "message", "from_id": "robot!", "date_unixtime": "1740823680"})
    doc["messages"].append({"id": 9, "type": "message", "from_id": "user1001", "photo": "../../etc/passwd"})
    path = write_export(tmp_path / "x", doc)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # a byte-order mark is accepted
    result = ingest_paths(store, [path]).files[0]
    assert result.status == "new" and result.quarantined == 3
    rows = {r["field"]: r["error"] for r in store.select("quarantine")}
    assert "a message needs a whole-number id" in rows["$.messages[id=seven].id"]
    assert "not a Telegram peer id" in rows["$.messages[id=8].from_id"]
    assert "leaves the export's folder" in rows["$.messages[id=9].photo"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
KEYS = st.sampled_from(["id", "type", "from_id", "actor_id", "action", "members", "date_unixtime", "date",
                        "reply_to_message_id", "photo", "file", "from", "forwarded_from"])  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chat=st.fixed_dictionaries({"name": JSON_VALUES, "type": JSON_VALUES, "id": JSON_VALUES}),
       messages=st.lists(st.dictionaries(KEYS, JSON_VALUES, max_size=8), max_size=6))  # fmt: skip
def test_any_shape_of_export_gives_only_clew_errors(chat, messages):
    """Wrong types anywhere in a chat or its messages: records or quarantine rows, or one
    FormatError for the file; nothing else escapes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "result.json"
        path.write_text(json.dumps({**chat, "messages": messages}), encoding="utf-8")
        ctx = SourceContext(path=path, sha256="0" * 64)
        try:
            for _ in build(TelegramReader().read(path, ctx), Rows(1), str(path), NO_REGION, False, lambda: 0):
                pass
        except ClewError:
            pass
