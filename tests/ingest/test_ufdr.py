"""Cellebrite UFDR reports: a tiny synthetic report read end to end, and hostile reports/archives."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from tests.ingest.helpers import snapshot

from clew.demo import ufdr as w
from clew.errors import FormatError
from clew.ingest import ingest_paths
from clew.ingest.ids import ufdr_account_id, ufdr_group_id, ufdr_model_id, ufdr_owner_id

PROJECT = "proj-0001"
OWNER = ufdr_owner_id(PROJECT)
BLOB = b"benign synthetic bytes " * 10  # a file the zip holds, hashed by the reader
DEVICE = {
    "DeviceInfoOwnerName": ["Dario Mendez"],
    "IMEI": ["490154203237518"],
    "IMSI": ["515031234567890"],  # MCC 515: the Philippines
    "ICCID": ["8963012345678901234"],
    "MSISDN": ["+639171110000"],
    "DeviceInfoDetectedModel": ["Synthetic Phone X"],
}


def report(**device: list[str]) -> w.UfdrReport:
    """Contacts in national and international format, a group chat with an admin, a one-to-one
    chat, calls, the owner's accounts, an app, a calendar entry, files and an unknown model."""
    r = w.UfdrReport(PROJECT, device or dict(DEVICE))
    r.add("Contact", w.contact("c1", "Ann Lee", phones=["0917 123 4567"], emails=["ann@mail.example"]))
    r.add("Contact", w.contact("c2", "Ben Ong", phones=["+44 7911 123456"], user_ids=[("Telegram", "ben_o")]))
    r.add("UserAccount", w.account("a1", "Telegram", "dario_m", "Dario", phones=["+639171110000"]))
    owner = w.Party("dario_m", "Dario", owner=True, admin=True)
    members = [owner, w.Party("ben_o", "Ben"), w.Party("cara_x", "Cara", admin=True), w.Party("dan_y", "Dan")]
    msgs = [w.message("m1", "2026-01-02T10:00:00+00:00", w.Party("cara_x", "Cara"))]
    r.add("Chat", w.chat("ch1", "Telegram", "-100123", "sunrise club", "Group", members, msgs))
    one = [w.Party("+639171110000", owner=True), w.Party("09171234567", "Ann")]
    dm = [w.message("m2", "2026-01-03T10:00:00+00:00", w.Party("+639171110000", owner=True))]
    r.add("Chat", w.chat("ch2", "WhatsApp", "ann@s", None, "OneOnOne", one, dm))
    r.add(
        "Call",
        w.call("k1", "Outgoing", "2026-01-04T09:00:00+00:00", 75, [w.Party("+63 917 123 4567", "Ann")]),
    )
    r.add("Call", w.call("k2", "Incoming", "2026-01-05T09:00:00+00:00", 5, [w.Party("+15550001111")]))
    r.add("InstalledApplication", w.app("ap1", "Telegram", "org.telegram.messenger", "10.2"))
    r.add("InstalledApplication", w.app("ap2", "Calculator", "com.example.calc"))
    r.add(
        "CalendarEntry",
        w.calendar(
            "ev1", "meet", "2026-02-01T12:00:00+00:00", "Philippines", [w.Party("09171234567", "Ann")]
        ),
    )
    r.add("Location", w.model("Location", "loc1", w.value_field("Name", "somewhere")))
    r.files.append(
        w.tagged_file(
            "f1", "/Root/DCIM/IMG_0001.jpg", 1234, None, {"MD5": "a" * 32, "SHA256": "b" * 64}, "Image"
        )
    )
    r.files.append(
        w.tagged_file("f2", "/Root/Download/notes.txt", len(BLOB), "files/Text/notes.txt", {}, "Text")
    )
    r.blobs["files/Text/notes.txt"] = BLOB
    return r


def statements(store, entity_id: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in store.select("statements", {"entity_id": entity_id}):
        out.setdefault(row["prop"], []).append(row["value"] if row["value"] is not None else row["raw"])
    return out


def test_report_maps_device_contacts_groups_calls_files(store, tmp_path):
    path = report().write(tmp_path / "case-42" / "phone-1.ufdr")
    summary = ingest_paths(store, [path])
    f = summary.files[0]
    assert (f.format, f.status, f.quarantined) == ("ufdr", "new", 0), f.messages
    assert f.found["contacts"] == 2 and f.found["chats"] == 2 and f.found["groups"] == 1
    assert f.found["files"] == 2 and f.found["calls"] == 2 and f.found["app leads"] == 1
    assert f.found["not read: Location"] == 1 and f.found["apps"] == 1

    owner = statements(store, OWNER)
    assert owner["name"] == ["Dario Mendez"]
    ids = {"490154203237518", "imsi:515031234567890", "iccid:8963012345678901234"}
    assert set(owner["clew:deviceId"]) == ids
    assert owner["phone"] == ["+639171110000"]

    ann = statements(store, ufdr_model_id(PROJECT, "c1"))
    assert ann["phone"] == ["+639171234567"] and ann["email"] == ["ann@mail.example"]
    attr = next(store.select("attributions", {"key": "phone:+639171234567"}))
    assert attr["rule"] == "phone-national-context" and attr["country"] == "PH"
    assert "IMSI 515031234567890 has mobile country code 515 (Philippines)" in attr["evidence"]
    ben = statements(store, ufdr_model_id(PROJECT, "c2"))
    assert ben["phone"] == ["+447911123456"]
    assert statements(store, ufdr_account_id(PROJECT, "Telegram", "ben_o"))["owner"] == [
        ufdr_model_id(PROJECT, "c2")
    ]

    group = ufdr_group_id("Telegram", "-100123")
    assert group != "-100123"  # not a valid FtM id: hashed
    assert ufdr_group_id("Telegram", "grp-17") == "grp-17"  # a valid one is kept
    assert statements(store, group)["topics"] == ["clew.chatgroup"]
    roles = {
        statements(store, r["entity_id"])["member"][0]: statements(store, r["entity_id"])["role"][0]
        for r in store.select("statements", {"prop": "organization", "value": group})
    }
    assert roles == {
        ufdr_account_id(PROJECT, "Telegram", "dario_m"): "admin",
        ufdr_account_id(PROJECT, "Telegram", "ben_o"): "member",
        ufdr_account_id(PROJECT, "Telegram", "cara_x"): "admin",
        ufdr_account_id(PROJECT, "Telegram", "dan_y"): "member",
    }
    assert set(statements(store, ufdr_account_id(PROJECT, "Telegram", "dario_m"))["owner"]) == {OWNER}

    out_call = statements(store, ufdr_model_id(PROJECT, "k1"))
    assert out_call["caller"] == [OWNER] and out_call["receiver"] == [ufdr_model_id(PROJECT, "c1")]
    assert out_call["duration"] == ["75"]
    dm = statements(store, ufdr_model_id(PROJECT, "m2"))
    assert dm["sender"] == [OWNER] and dm["recipients"] == [ufdr_model_id(PROJECT, "c1")]
    assert "bodyText" not in dm
    in_group = statements(store, ufdr_model_id(PROJECT, "m1"))
    assert in_group["senderAccount"] == [ufdr_account_id(PROJECT, "Telegram", "cara_x")]
    assert in_group["clew:group"] == [group]

    image = statements(store, ufdr_model_id(PROJECT, "f1"))
    assert image["clew:holder"] == [OWNER] and image["clew:md5"] == ["a" * 32]
    assert image["clew:category"] == ["Image"] and image["fileName"] == ["IMG_0001.jpg"]
    held = statements(store, ufdr_model_id(PROJECT, "f2"))
    assert held["clew:sha256"] == [hashlib.sha256(BLOB).hexdigest()]
    assert held["clew:holder"] == [OWNER]
    loc = next(store.select("statements", {"entity_id": ufdr_model_id(PROJECT, "c1"), "prop": "name"}))
    assert loc["locator"] == "model[@id='c1'] (Contact)"


def test_same_report_again_is_a_no_op(store, tmp_path):
    path = report().write(tmp_path / "phone-1.ufdr")
    ingest_paths(store, [path])
    before = snapshot(store)
    again = ingest_paths(store, [path])
    assert again.files[0].status == "skipped" and snapshot(store) == before


def test_message_without_sender_is_the_owners_when_its_folder_says_sent(store, tmp_path):
    r = w.UfdrReport(PROJECT, dict(DEVICE))
    r.add("Contact", w.contact("c1", "Ann Lee", phones=["0917 123 4567"]))
    to_ann = [w.Party("0917 123 4567", role="To")]
    for ident, folder in (("s1", "Sent"), ("s2", "Inbox")):
        parties = w.multi("Parties", "Party", [w.party(p, f"{ident}-p{k}") for k, p in enumerate(to_ann)])
        stamp = w.value_field("TimeStamp", "2026-01-03T10:00:00+00:00", "TimeStamp")
        r.add("SMS", w.model("SMS", ident, stamp, w.value_field("Folder", folder), parties))
    ingest_paths(store, [r.write(tmp_path / "phone-1.ufdr")])
    sent, received = (statements(store, ufdr_model_id(PROJECT, i)) for i in ("s1", "s2"))
    assert sent["sender"] == [OWNER] and sent["recipients"] == [ufdr_model_id(PROJECT, "c1")]
    assert "sender" not in received and received["recipients"] == [ufdr_model_id(PROJECT, "c1")]


def test_folder_with_report_xml(store, tmp_path):
    folder = tmp_path / "extraction"
    folder.mkdir()
    (folder / "report.xml").write_text(report().xml(), encoding="utf-8")
    (folder / "files" / "Text").mkdir(parents=True)
    (folder / "files" / "Text" / "notes.txt").write_bytes(BLOB)
    summary = ingest_paths(store, [folder])
    assert [(f.format, f.status) for f in summary.files] == [("ufdr", "new")]  # media files not listed
    held = statements(store, ufdr_model_id(PROJECT, "f2"))
    assert held["clew:sha256"] == [hashlib.sha256(BLOB).hexdigest()]


def test_locale_gives_the_country_without_a_sim(store, tmp_path):
    path = report(DeviceInfoOwnerName=["X"], DeviceInfoLocaleLanguage=["en_PH"]).write(tmp_path / "p.ufdr")
    ingest_paths(store, [path])
    attr = next(store.select("attributions", {"key": "phone:+639171234567"}))
    assert "device locale DeviceInfoLocaleLanguage is en_PH" in attr["evidence"]


def test_device_country_beats_the_batch_country_and_a_manifest_beats_both(store, tmp_path):
    """The FtM folders' rule: the device's own evidence before ``--country``; a manifest first."""
    path = report().write(tmp_path / "a" / "p.ufdr")
    ingest_paths(store, [path], country="GB")
    assert statements(store, ufdr_model_id(PROJECT, "c1"))["phone"] == ["+639171234567"]
    other = report(**dict(DEVICE, DeviceInfoOwnerName=["Other"])).write(tmp_path / "b" / "q.ufdr")
    (other.parent / "source.yaml").write_text("country: DE\n")
    ingest_paths(store, [other], country="GB")
    keys = {r["key"] for r in store.select("attributions", {"country": "DE"})}
    assert "phone:+499171234567" in keys


def test_sim_and_own_number_of_two_plans_leave_national_numbers_raw(store, tmp_path):
    path = report(IMSI=["515031234567890"], MSISDN=["+44 7911 123456"]).write(tmp_path / "p.ufdr")
    ingest_paths(store, [path])
    row = next(store.select("statements", {"entity_id": ufdr_model_id(PROJECT, "c1"), "prop": "phone"}))
    assert row["raw"] == "0917 123 4567" and row["value"] is None
    assert "several numbering plans" in row["reason"] and "IMSI 515031234567890" in row["reason"]


def _rejected(store, path: Path, words: str) -> None:
    before = snapshot(store)
    with pytest.raises(FormatError) as err:
        ingest_paths(store, [path])
    assert words in str(err.value) and str(path) in str(err.value)
    assert snapshot(store) == before
    rows = list(store.select("quarantine"))
    assert len(rows) == 1 and words in rows[0]["error"]


def test_truncated_zip(store, tmp_path):
    path = report().write(tmp_path / "phone.ufdr")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _rejected(store, path, "not a readable UFDR zip")


def test_report_cut_inside_the_zip(store, tmp_path):
    xml = report().xml()
    path = tmp_path / "phone.ufdr"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.xml", xml[: len(xml) * 2 // 3])
    _rejected(store, path, "not well-formed XML")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE project [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    ],
    ids=["external-entity", "billion-laughs"],
)
def test_doctype_refused(store, tmp_path, doctype):
    xml = report().xml().replace("?>\n", f"?>\n{doctype}\n", 1).replace("Dario Mendez", "&x;&d;")
    path = tmp_path / "phone.ufdr"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("report.xml", xml)
    _rejected(store, path, "declares a DOCTYPE")


def test_zip_slip_and_bomb_listed_nothing_written(store, tmp_path):
    r = report()
    r.files.append(w.tagged_file("f3", "/x", 3, "../../outside.txt", {}, "Text"))
    r.files.append(w.tagged_file("f4", "/bomb.bin", 64 << 20, "files/Other/bomb.bin", {}, "Other"))
    r.blobs["../../outside.txt"] = b"abc"
    r.blobs["files/Other/bomb.bin"] = bytes(64 << 20)
    path = r.write(tmp_path / "case" / "phone.ufdr")
    before = sorted(p for p in tmp_path.rglob("*"))
    summary = ingest_paths(store, [path])
    f = summary.files[0]
    assert f.status == "new" and f.quarantined == 2
    errors = sorted(r["error"] for r in store.select("quarantine", {"field": "Local Path"}))
    assert "inflates" in errors[0] and "zip bomb" in errors[0]
    assert "climbs out of the report with '..' (zip slip)" in errors[1]
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert "clew:sha256" not in statements(store, ufdr_model_id(PROJECT, "f4"))


def test_unknown_model_type_is_counted_and_listed(store, tmp_path, capsys):
    from clew.ingest.summary import found_line

    r = report()
    r.add("SecretWidget", w.model("SecretWidget", "sw1"))
    r.add("SecretWidget", w.model("SecretWidget", "sw2"))
    summary = ingest_paths(store, [r.write(tmp_path / "phone.ufdr")])
    found = summary.files[0].found
    assert found["not read: SecretWidget"] == 2
    assert "not read: 1 Location, 2 SecretWidget" in found_line(found)


def test_account_without_app_is_quarantined_with_its_xml(store, tmp_path):
    r = report()
    r.add("UserAccount", w.model("UserAccount", "a9", w.value_field("Name", "no app")))
    summary = ingest_paths(store, [r.write(tmp_path / "phone.ufdr")])
    assert summary.files[0].quarantined == 1
    (row,) = store.select("quarantine")
    assert row["field"] == "Source/Username" and "user account needs its app" in row["error"]
    assert row["line"] and 'type="UserAccount" id="a9"' in row["raw"] and "no app" in row["raw"]


def test_media_hash_reads_the_files_inside_a_ufdr(store, tmp_path):
    from clew.media.hashing import hash_paths

    path = report().write(tmp_path / "phone.ufdr")
    ingest_paths(store, [path])
    hash_paths(store, [path], source="exhibit DEV-1", holder=OWNER, workers=1)
    rows = {r["path"].rsplit("!", 1)[-1]: r for r in store.select("media_files")}
    assert rows["files/Text/notes.txt"]["sha256"] == hashlib.sha256(BLOB).hexdigest()
    assert rows["files/Text/notes.txt"]["holder"] == OWNER
