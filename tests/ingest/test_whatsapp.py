"""WhatsApp chat exports: an English iOS group (day-first, direction marks, a photo beside it),
a German Android group, a United States personal chat in WhatsApp's zip, ambiguous dates."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from tests.ingest.helpers import snapshot

from clew.errors import FormatError
from clew.ingest import ingest_paths
from clew.ingest.ids import chat_account_id, chat_group_id, chat_membership_id, chat_message_id, chat_named_id
from clew.ingest.loader import sha256_of
from clew.ingest.records import SourceContext
from clew.ingest.registry import detect
from clew.ingest.whatsapp_lines import DAY_FIRST, MONTH_FIRST, date_order, iso, stamped

WA = "WhatsApp"
LRM, NNBSP = "\u200e", "\u202f"
IOS_EN = f"""\
[14/03/2025, 09:00:01] Sunrise Club: {LRM}Messages and calls are end-to-end encrypted.
[14/03/2025, 09:00:01] Sunrise Club: {LRM}Ann Lee created group “Sunrise Club”
[14/03/2025, 09:01:10] Sunrise Club: {LRM}Ann Lee added You and Ben Cruz
[14/03/2025, 09:02:00] Ann Lee: welcome
to the club
[14/03/2025, 09:03:00] +63 917 555 0142: hi all
[14/03/2025, 09:04:00] Dario M: {LRM}<attached: 00000012-PHOTO-2025-03-14-09-04-00.jpg>
[14/03/2025, 21:15:00] Sunrise Club: {LRM}Ben Cruz left
"""
ANDROID_DE = """\
31.12.25, 23:50 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.
31.12.25, 23:51 - Jörg Weiß hat die Gruppe „Mitternacht“ erstellt
31.12.25, 23:52 - Jörg Weiß hat Anna Schmidt und +49 151 2345 6789 hinzugefügt
31.12.25, 23:53 - Lea Vogel ist über den Einladungslink dieser Gruppe beigetreten
31.12.25, 23:59 - Anna Schmidt: Frohes neues Jahr
01.01.26, 00:10 - Jörg Weiß hat Lea Vogel entfernt
"""
ANDROID_US = f"""\
12/31/25, 11:58{NNBSP}PM - Messages and calls are end-to-end encrypted.
12/31/25, 11:59{NNBSP}PM - Maya Ortiz: happy new year
1/1/26, 12:01{NNBSP}AM - Ivan P: IMG-20260101-WA0001.jpg (file attached)
1/1/26, 12:02{NNBSP}AM - Maya Ortiz: see you
"""


def test_stamps_in_the_common_locales():
    cases = {
        "[31/12/2025, 23:59:01] Ann: x": (DAY_FIRST, "2025-12-31T23:59:01"),
        f"[12/31/25, 11:59:01{NNBSP}PM] Ann: x".replace(NNBSP, " "): (MONTH_FIRST, "2025-12-31T23:59:01"),
        "12/31/25, 11:59 PM - Ann: x": (MONTH_FIRST, "2025-12-31T23:59:00"),
        "31.12.25, 23:59 - Ann: x": (DAY_FIRST, "2025-12-31T23:59:00"),
        "1/1/26, 12:01 AM - Ann: x": (MONTH_FIRST, "2026-01-01T00:01:00"),
    }
    for line, (order, expected) in cases.items():
        s = stamped(line)
        assert s is not None and iso(s, order) == expected, line
    assert date_order({31, 1}, {12}, False) == DAY_FIRST
    assert date_order({12}, {31}, False) == MONTH_FIRST
    assert date_order({1, 2}, {3, 12}, False) is None


def write(folder: Path, name: str, text: str, manifest: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if manifest:
        (folder / "source.yaml").write_text(manifest, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ios_english_group_with_exporter_and_photo(store, tmp_path):
    folder = tmp_path / "phone-1"
    manifest = "kind: chat-export\nowner: person-you\nexporter: Me Myself\n"
    path = write(folder, "_chat.txt", IOS_EN, manifest)
    (folder / "00000012-PHOTO-2025-03-14-09-04-00.jpg").write_bytes(b"benign synthetic image")
    assert detect(path, SourceContext(path=path)) == "whatsapp"
    files = ingest_paths(store, [folder]).files
    result = next(f for f in files if f.path.endswith("_chat.txt"))
    assert (result.format, result.status, result.quarantined) == ("whatsapp", "new", 0), result.messages
    chat = sha256_of(path)
    group = store.record(chat_group_id(WA, chat))
    assert group.get("name") == ["Sunrise Club"]
    ann, ben = chat_named_id(WA, chat, "Ann Lee"), chat_named_id(WA, chat, "Ben Cruz")
    me = chat_named_id(WA, "owner", "person-you")
    assert store.record(me).get("owner") == ["person-you"]
    assert store.record(chat_membership_id(WA, chat, ann)).get("role") == ["creator"]
    joined = store.record(chat_membership_id(WA, chat, me))
    assert joined.get("organization") == [group.id] and joined.get("startDate") == ["2025-03-14T09:01:10"]
    assert store.record(chat_membership_id(WA, chat, ben)).get("endDate") == ["2025-03-14T21:15:00"]
    number = chat_account_id(WA, "+639175550142")
    assert store.count("identifiers", {"key": "phone:+639175550142"}) == 1
    assert store.record(chat_membership_id(WA, chat, number)).get("member") == [number]
    message = store.record(chat_message_id(WA, chat, "line 4"))
    assert message.get("senderAccount") == [ann] and message.get("date") == ["2025-03-14T09:02:00"]
    photo = next(r for r in store.records(["Image"]) if r.schema == "Image")
    assert photo.get("clew:sha256") == [hashlib.sha256(b"benign synthetic image").hexdigest()]
    assert photo.get("clew:holder") == [chat_named_id(WA, chat, "Dario M")]
    raws = {r["raw"] for r in store.select("statements")}
    assert not {"welcome", "hi all", "to the club"} & raws
    before = snapshot(store)
    again = ingest_paths(store, [folder]).files
    assert (
        next(f for f in again if f.path.endswith("_chat.txt")).status == "skipped"
        and snapshot(store) == before
    )


def test_android_german_group(store, tmp_path):
    path = write(tmp_path / "de", "WhatsApp Chat mit Mitternacht.txt", ANDROID_DE)
    assert detect(path, SourceContext(path=path)) == "whatsapp"
    result = ingest_paths(store, [path]).files[0]
    assert result.quarantined == 0, result.messages
    chat = sha256_of(path)
    assert store.record(chat_group_id(WA, chat)).get("name") == ["Mitternacht"]
    joerg, lea = chat_named_id(WA, chat, "Jörg Weiß"), chat_named_id(WA, chat, "Lea Vogel")
    assert store.record(chat_membership_id(WA, chat, joerg)).get("role") == ["creator"]
    lea_m = store.record(chat_membership_id(WA, chat, lea))
    assert lea_m.get("startDate") == ["2025-12-31T23:53:00"] and lea_m.get("endDate") == [
        "2026-01-01T00:10:00"
    ]
    number = chat_account_id(WA, "+4915123456789")
    assert store.record(chat_membership_id(WA, chat, number)).get("startDate") == ["2025-12-31T23:52:00"]
    assert store.count("identifiers", {"key": "phone:+4915123456789"}) == 1


def test_us_personal_chat_in_whatsapps_zip(store, tmp_path):
    folder = tmp_path / "us"
    folder.mkdir()
    path = folder / "WhatsApp Chat - Maya Ortiz.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_chat.txt", ANDROID_US.encode())
        archive.writestr("IMG-20260101-WA0001.jpg", b"another benign image")
    (folder / "source.yaml").write_text("exporter: Ivan P\nowner: person-ivan\n", encoding="utf-8")
    result = next(f for f in ingest_paths(store, [folder]).files if f.path.endswith(".zip"))
    assert (result.format, result.quarantined) == ("whatsapp", 0), result.messages
    chat = sha256_of(path)
    maya, me = chat_named_id(WA, chat, "Maya Ortiz"), chat_named_id(WA, "owner", "person-ivan")
    first = store.record(chat_message_id(WA, chat, "line 2"))
    assert first.get("senderAccount") == [maya] and first.get("recipientAccount") == [me]
    assert first.get("date") == ["2025-12-31T23:59:00"]
    assert (
        store.count("fragments", {"schema": "Organization"}) == 0
        and store.count("fragments", {"schema": "Membership"}) == 0
    )
    photo = next(r for r in store.records(["Image"]) if r.schema == "Image")
    assert photo.get("clew:sha256") == [hashlib.sha256(b"another benign image").hexdigest()]
    assert photo.get("clew:holder") == [me]


def test_ambiguous_dates_need_the_manifest(store, tmp_path):
    text = "01/02/25, 10:00 - Ann: a\n03/04/25, 11:00 - Ben: b\n"
    path = write(tmp_path / "amb", "_chat.txt", text)
    with pytest.raises(FormatError) as info:
        ingest_paths(store, [path])
    assert "date_order" in str(info.value) and "\n" not in str(info.value)
    assert store.count("fragments") == 0
    path = write(tmp_path / "amb2", "_chat.txt", text, "date_order: month-first\n")
    ingest_paths(store, [tmp_path / "amb2"])
    message = store.record(chat_message_id(WA, sha256_of(path), "line 1"))
    assert message.get("date") == ["2025-01-02T10:00:00"]


def test_bad_lines_are_quarantined(store, tmp_path):
    path = tmp_path / "_chat.txt"
    path.write_bytes(
        b"\xef\xbb\xbf31/12/2025, 23:59 - Ann: ok\n"
        b"30/12/2025, 10:00 - B\xff\xfeb: broken\n"
        b"32/12/2025, 10:00 - Cleo: no such day\n"
        b"31/12/2025, 10:00 - Ann: ../../etc/passwd (file attached)\n"
    )
    result = ingest_paths(store, [path]).files[0]
    rows = {(r["line"], r["field"]): r["error"] for r in store.select("quarantine")}
    assert result.quarantined == 3, rows
    assert "invalid UTF-8" in rows[(2, "(encoding)")] and "not a date" in rows[(3, "date")]
    assert "leaves the export's folder" in rows[(4, "file")]
