"""FtM JSON-lines ingest: statements with provenance, identifiers, countries, idempotence."""

from __future__ import annotations

import json

from clew.ingest import ingest_paths
from clew.ingest.ids import line_entity_id
from ingest.helpers import DATA_TABLES, person, write_lines


def test_statements_keep_raw_and_cleaned_values(store, tmp_path):
    path = write_lines(
        tmp_path / "case" / "device.ftm.jsonl",
        [
            person(1, phone=["+63 917 123 4567"], birthDate=["1990-05-02"], country=["ph"]),
            {
                "id": "acct-1",
                "schema": "UserAccount",
                "properties": {"service": ["Telegram"], "username": ["Dmz_77"]},
            },
        ],
    )
    summary = ingest_paths(store, [path])
    assert summary.totals["new"] == 1 and summary.totals["records"] == 2
    rows = {(r["entity_id"], r["prop"]): r for r in store.select("statements")}
    phone = rows[("person-1", "phone")]
    assert (
        phone["raw"] == "+63 917 123 4567" and phone["value"] == "+639171234567" and phone["reason"] is None
    )
    assert phone["locator"] == "line 1"
    assert rows[("person-1", "id")]["value"] == "person-1"
    source = next(store.select("sources"))
    assert source["records"] == 2 and source["status"] == "done" and source["format"] == "ftm"
    assert {r["source_id"] for r in rows.values()} == {source["id"]}
    record = store.record("person-1")
    assert record.get("phone") == ["+639171234567"] and record.get("birthDate") == ["1990-05-02"]


def test_identifiers_mentions_and_attributions(store, tmp_path):
    path = write_lines(
        tmp_path / "a.ftm.jsonl", [person(1, phone=["+63 917 123 4567"], email=["A@Mail.Example"])]
    )
    ingest_paths(store, [path])
    idents = {r["key"]: r for r in store.select("identifiers")}
    assert idents["phone:+639171234567"]["country"] == "PH"
    assert idents["phone:+639171234567"]["valid"] is True
    assert json.loads(idents["phone:+639171234567"]["detail"])["region"] == "PH"
    mentions = list(store.select("mentions", {"key": "phone:+639171234567"}))
    assert [(m["entity_id"], m["prop"], m["raw"], m["locator"]) for m in mentions] == [
        ("person-1", "phone", "+63 917 123 4567", "line 1")
    ]
    attrs = list(store.select("attributions", {"key": "phone:+639171234567"}))
    assert attrs and all(a["country"] == "PH" and a["source_id"] is not None for a in attrs)


def test_national_number_without_country_is_kept_raw_with_reason(store, tmp_path):
    path = write_lines(tmp_path / "a.ftm.jsonl", [person(1, phone=["0917 123 4567"])])
    summary = ingest_paths(store, [path])
    row = next(store.select("statements", {"prop": "phone"}))
    assert row["raw"] == "0917 123 4567" and row["value"] is None and "country" in row["reason"]
    assert store.count("identifiers") == 0
    assert summary.totals["kept_raw"] == 1
    assert any("line 1" in m and "'phone'" in m for m in summary.files[0].messages)


def test_country_precedence_manifest_then_owner_then_option(workspace, tmp_path):
    folder = tmp_path / "dev"
    write_lines(
        folder / "device.ftm.jsonl",
        [person(1, country=["ph"]), person(2, phone=["0917 123 4567"])],
    )
    (folder / "source.yaml").write_text("kind: device-extraction\nowner: person-1\nlabel: handset\n")
    workspace.create_operation("op1")
    with workspace.store("op1") as store:
        ingest_paths(store, [folder], country="GB")
        assert next(store.select("statements", {"prop": "phone"}))["value"] == "+639171234567"
        source = next(store.select("sources"))
        assert (source["country"], source["owner_entity"], source["kind"], source["label"]) == (
            "PH",
            "person-1",
            "device-extraction",
            "handset",
        )
    (folder / "source.yaml").write_text("country: DE\nowner: person-1\n")
    workspace.create_operation("op2")
    with workspace.store("op2") as store:
        ingest_paths(store, [folder], country="GB")
        assert next(store.select("statements", {"prop": "phone"}))["value"] == "+499171234567"
    (folder / "source.yaml").unlink()
    workspace.create_operation("op3")
    with workspace.store("op3") as store:
        ingest_paths(store, [folder], country="GB", source_label="cli label")
        assert next(store.select("statements", {"prop": "phone"}))["value"] == "+449171234567"
        assert next(store.select("sources"))["label"] == "cli label"


def test_device_country_inferred_from_the_owners_own_international_numbers(store, tmp_path):
    folder = tmp_path / "dev"
    write_lines(
        folder / "device.ftm.jsonl",
        [person(1, phone=["+63 917 555 0101"]), person(2, phone=["0917 123 4567", "+44 7700 900123"])],
    )
    (folder / "source.yaml").write_text("kind: device-extraction\nowner: person-1\n")
    ingest_paths(store, [folder])
    phones = {r["raw"]: r["value"] for r in store.select("statements", {"prop": "phone"})}
    assert phones["0917 123 4567"] == "+639171234567"
    (attr,) = store.select("attributions", {"key": "phone:+639171234567"})
    assert (attr["country"], attr["rule"], attr["confidence"]) == ("PH", "phone-national-context", 0.6)
    assert "+63 917 555 0101" in attr["evidence"]
    assert "written with the international prefix" in attr["evidence"]


def test_device_evidence_beats_the_batch_country_as_in_a_ufdr(store, tmp_path):
    """One rule for FtM folders and UFDRs: the owner's own numbers (the device's evidence) come
    before ``--country``, a default for the whole batch."""
    folder = tmp_path / "dev"
    write_lines(
        folder / "device.ftm.jsonl",
        [person(1, phone=["+63 917 555 0101"]), person(2, phone=["0917 123 4567"])],
    )
    (folder / "source.yaml").write_text("kind: device-extraction\nowner: person-1\n")
    ingest_paths(store, [folder], country="GB")
    row = next(store.select("statements", {"entity_id": "person-2", "prop": "phone"}))
    assert row["value"] == "+639171234567"
    assert next(store.select("sources"))["country"] == "PH"


def test_owner_numbers_of_two_plans_decide_no_country(store, tmp_path):
    folder = tmp_path / "dev"
    write_lines(
        folder / "device.ftm.jsonl",
        [person(1, phone=["+63 917 555 0101", "+44 7911 123456"]), person(2, phone=["0917 123 4567"])],
    )
    (folder / "source.yaml").write_text("kind: device-extraction\nowner: person-1\n")
    ingest_paths(store, [folder])
    row = next(store.select("statements", {"entity_id": "person-2", "prop": "phone"}))
    assert row["raw"] == "0917 123 4567" and row["value"] is None
    assert "several numbering plans" in row["reason"] and "+44 7911 123456" in row["reason"]
    assert store.count("attributions", {"key": "phone:+639171234567"}) == 0


def test_entity_without_id_gets_one_from_source_and_line(store, tmp_path):
    path = write_lines(tmp_path / "a.ftm.jsonl", [{"schema": "Person", "properties": {"name": ["No Id"]}}])
    summary = ingest_paths(store, [path])
    expected = line_entity_id(summary.files[0].sha256, "line 1")
    assert store.record(expected).get("name") == ["No Id"]


def test_reingest_is_a_noop(store, tmp_path):
    path = write_lines(
        tmp_path / "a.ftm.jsonl", [person(i, phone=[f"+63 917 555 {i:04d}"]) for i in range(20)]
    )
    first = ingest_paths(store, [path])
    before = {t: store.count(t) for t in (*DATA_TABLES, "quarantine")}
    second = ingest_paths(store, [tmp_path])
    assert first.files[0].status == "new" and second.files[0].status == "skipped"
    assert second.totals["skipped"] == 1 and second.totals["records"] == 0
    assert {t: store.count(t) for t in (*DATA_TABLES, "quarantine")} == before
    audits = [r for r in store.select("audit") if r["action"] == "ingest.file"]
    assert len(audits) == 2 and '"skipped"' in audits[1]["detail"]


def test_unknown_property_and_clew_properties(store, tmp_path):
    image = {
        "id": "img-1",
        "schema": "Image",
        "properties": {
            "contentHash": ["3F786850E387550FDAB836ED7E6DC881DE23001B"],
            "clew:md5": ["D41D8CD98F00B204E9800998ECF8427E"],
            "clew:pdq": ["zz"],
            "clew:holder": ["person-1"],
            "colour": ["blue"],
        },
    }
    ingest_paths(store, [write_lines(tmp_path / "m.ftm.jsonl", [image])])
    rows = {r["prop"]: r for r in store.select("statements", {"entity_id": "img-1"})}
    assert rows["clew:md5"]["value"] == "d41d8cd98f00b204e9800998ecf8427e"
    assert rows["clew:pdq"]["value"] is None and rows["clew:pdq"]["raw"] == "zz"
    assert rows["clew:holder"]["value"] == "person-1"
    assert rows["colour"]["value"] is None and "no property" in rows["colour"]["reason"]


def test_chat_group_topic_is_accepted(store, tmp_path):
    group = {"id": "grp-1", "schema": "Organization", "properties": {"topics": ["clew.chatgroup"]}}
    summary = ingest_paths(store, [write_lines(tmp_path / "g.ftm.jsonl", [group])])
    assert summary.totals["kept_raw"] == 0
    assert store.record("grp-1").get("topics") == ["clew.chatgroup"]


def test_export_from_another_tool_with_extra_keys(store, tmp_path):
    """An ``ftm``/Aleph export carries datasets, caption, timestamps: ignored, the entity loads."""
    line = {
        "id": "e1",
        "schema": "Person",
        "caption": "Ana Reyes",
        "datasets": ["case_x"],
        "referents": [],
        "first_seen": "2026-01-01T00:00:00",
        "properties": {"name": ["Ana Reyes"], "nationality": ["ph"], "email": ["ana@mail.example"]},
    }
    path = tmp_path / "export.ijson"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert summary.totals["quarantined"] == 0 and summary.totals["kept_raw"] == 0
    assert store.record("e1").get("email") == ["ana@mail.example"]
