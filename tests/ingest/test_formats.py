"""CSV/Excel with a mapping, tip reports, P2P logs, format detection."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from clew.errors import FormatError
from clew.ingest import ingest_paths
from clew.ingest.ids import mapped_entity_id, p2p_account_id, p2p_file_id, tip_account_id, tip_file_id
from clew.ingest.loader import sha256_of
from clew.ingest.records import SourceContext
from clew.ingest.registry import detect, names

MAPPING = """\
entities:
  payer_account:
    schema: BankAccount
    keys: [payer_iban]
    properties:
      iban: {column: payer_iban}
  beneficiary_account:
    schema: BankAccount
    keys: [beneficiary_iban]
    properties:
      iban: {column: beneficiary_iban}
  payment:
    schema: Payment
    keys: [txn_id]
    properties:
      payerAccount: {entity: payer_account}
      beneficiaryAccount: {entity: beneficiary_account}
      amount: {column: amount}
      currency: {literal: EUR}
      date: {column: booked_at}
      transactionNumber: {column: txn_id}
      description: {columns: [memo, txn_id], join: " / "}
"""
ROWS = [
    ["txn_id", "payer_iban", "beneficiary_iban", "amount", "booked_at", "memo"],
    ["T1", "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "12.50", "2026-01-05", "rent"],
    ["T2", "DE89370400440532013001", "GB82WEST12345698765432", "7", "2026-01-06", "gift"],
]


def _check_bank_statement(store, path: Path, sha256: str | None) -> None:
    assert sha256 == sha256_of(path) and store.count("sources", {"sha256": sha256, "format": "mapped"}) == 1
    payment_id = mapped_entity_id("payment", ["T1"])
    payer_id = mapped_entity_id("payer_account", ["DE89 3704 0044 0532 0130 00"])
    record = store.record(payment_id)
    assert record.schema == "Payment"
    assert record.get("payerAccount") == [payer_id]
    assert record.get("currency") == ["EUR"] and record.get("amount") == ["12.50"]
    assert record.get("description") == ["rent / T1"]
    iban = next(store.select("statements", {"entity_id": payer_id, "prop": "iban"}))
    assert iban["raw"] == "DE89 3704 0044 0532 0130 00" and iban["value"] == "DE89370400440532013000"
    assert store.count("identifiers", {"key": "iban:DE89370400440532013000"}) == 1
    bad = next(store.select("statements", {"raw": "DE89370400440532013001"}))
    assert bad["value"] is None and bad["reason"]  # invalid IBAN checksum: kept raw with the reason


def test_csv_with_mapping_next_to_it(store, tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "statement.csv").write_text("\n".join(",".join(r) for r in ROWS) + "\n", encoding="utf-8")
    (folder / "statement.mapping.yml").write_text(MAPPING, encoding="utf-8")
    summary = ingest_paths(store, [folder])
    assert summary.files[0].format == "mapped" and summary.files[0].records == 6
    _check_bank_statement(store, folder / "statement.csv", summary.files[0].sha256)
    assert next(store.select("statements", {"prop": "amount"}))["locator"] == "line 2"


def test_excel_with_explicit_mapping(store, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    sheet = book.create_sheet("Transactions")
    for row in ROWS:
        sheet.append([float(v) if v == "7" else v for v in row])
    path = tmp_path / "statement.xlsx"
    book.save(path)
    mapping = tmp_path / "my.yml"
    mapping.write_text("sheet: Transactions\n" + MAPPING, encoding="utf-8")
    summary = ingest_paths(store, [path], mapping=mapping)
    assert summary.files[0].records == 6
    _check_bank_statement(store, path, summary.files[0].sha256)
    seven = store.record(mapped_entity_id("payment", ["T2"]))
    assert seven.get("amount") == ["7"]
    assert next(store.select("statements", {"prop": "amount"}))["locator"].startswith(
        "sheet Transactions row"
    )


def test_csv_invalid_utf8_cell_names_the_column(store, tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "s.csv").write_bytes(b"txn_id,amount\nT1,10\nT2,1\xff0\n")
    (folder / "s.mapping.yml").write_text(
        "entities:\n  p:\n    schema: Payment\n    keys: [txn_id]\n"
        "    properties:\n      amount: {column: amount}\n"
    )
    summary = ingest_paths(store, [folder])
    assert summary.files[0].records == 1
    q = next(store.select("quarantine"))
    assert (q["line"], q["field"]) == (3, "amount") and "UTF-8" in q["error"]


TIP = {
    "format": "clew-tip-report/1",
    "report_id": "TIP-2026-000123",
    "reporting_platform": {"name": "ChatterBox", "contact_email": "safety@chatterbox.example"},
    "incident": {"type": "apparent-child-exploitation-material", "time": "2026-02-11T22:14:05Z"},
    "reported_accounts": [
        {
            "service": "ChatterBox",
            "user_id": "88812345",
            "username": "blue_fox_77",
            "display_name": "Blue Fox",
            "emails": ["bluefox77@mail.example"],
            "phones": ["0917 555 0142"],
            "date_of_birth": "1990-05-02",
            "ip_events": [{"ip": "49.145.12.7", "time": "2026-02-11T22:10:00Z", "event": "upload"}],
        }
    ],
    "files": [
        {
            "file_name": "f1.jpg",
            "md5": "d41d8cd98f00b204e9800998ecf8427e",
            "sha1": "3f786850e387550fdab836ed7e6dc881de23001b",
            "pdq": "f" * 64,
            "upload_time": "2026-02-11T22:10:00Z",
            "uploaded_by": "88812345",
        }
    ],
    "country_hint": "PH",
}


def test_tip_report(store, tmp_path):
    path = tmp_path / "r1.tip.json"
    path.write_text(json.dumps(TIP), encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert summary.files[0].format == "tip" and summary.files[0].quarantined == 0
    account_id = tip_account_id("ChatterBox", "88812345", "blue_fox_77")
    account = store.record(account_id)
    assert account.schema == "UserAccount" and account.get("username") == ["blue_fox_77"]
    assert account.get("phone")[0].startswith("+63")  # national number read with the report's country hint
    assert account.get("ipAddress") == ["49.145.12.7"]
    image = store.record(tip_file_id("TIP-2026-000123", 0))
    assert image.schema == "Image" and image.get("clew:holder") == [account_id]
    assert image.get("contentHash") == ["3f786850e387550fdab836ed7e6dc881de23001b"]
    events = list(store.records(["Event"]))
    assert any(account_id in e.get("involved") and "2026-02-11" in e.first("date") for e in events)
    assert store.count("mentions", {"key": "ip:49.145.12.7"}) >= 2


def test_tip_report_array_with_a_bad_report(store, tmp_path):
    bad = {"format": "clew-tip-report/1", "reported_accounts": []}
    path = tmp_path / "reports.json"
    path.write_text(json.dumps([TIP, bad]), encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert summary.files[0].format == "tip" and summary.files[0].quarantined == 1
    q = next(store.select("quarantine"))
    assert q["field"] == "$[1].report_id" and q["line"] == 2


P2P = """observed_at,ip,port,client_id,network,infohash,sha1,file_name,file_size
2026-01-05T03:12:44Z,49.145.12.7,51413,-UT3550-a8Zf91kLm2Qx,bittorrent,5d1c5d1c5d1c5d1c5d1c5d1c5d1c5d1c5d1c5d1c,3f786850e387550fdab836ed7e6dc881de23001b,holiday.jpg,182734
2026-01-06T03:12:44Z,49.145.12.8,51413,-UT3550-a8Zf91kLm2Qx,bittorrent,,3f786850e387550fdab836ed7e6dc881de23001b,holiday.jpg,182734
2026-01-06T04:00:00Z,49.145.12.9,6881,,bittorrent,,3f786850e387550fdab836ed7e6dc881de23001b,x.jpg,1
"""


def test_p2p_log(store, tmp_path):
    path = tmp_path / "obs.p2p.csv"
    path.write_text(P2P, encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert summary.files[0].format == "p2p" and summary.files[0].quarantined == 1
    account = store.record(p2p_account_id("bittorrent", "-UT3550-a8Zf91kLm2Qx"))
    assert sorted(account.get("ipAddress")) == ["49.145.12.7", "49.145.12.8"]
    doc = store.record(p2p_file_id("3f786850e387550fdab836ed7e6dc881de23001b", "5d1c" * 10))
    assert doc is not None and doc.get("clew:holder") == [account.id]
    q = next(store.select("quarantine"))
    assert (q["line"], q["field"]) == (4, "client_id")
    ports = [r for r in store.select("statements", {"prop": "clew:port"})]
    assert {r["value"] for r in ports} == {"51413"} and {r["locator"] for r in ports} == {"line 2", "line 3"}


def test_detection_by_content_and_unknown_files(store, tmp_path):
    tmp_path = tmp_path / "case"
    tmp_path.mkdir()
    ftm = tmp_path / "export.json"
    ftm.write_text('{"id": "a", "schema": "Person", "properties": {}}\n')
    p2p = tmp_path / "log.csv"
    p2p.write_text(P2P)
    assert detect(ftm, SourceContext(ftm)) == "ftm"
    assert detect(p2p, SourceContext(p2p)) == "p2p"
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(FormatError) as info:
        ingest_paths(store, [notes])
    assert "notes.txt" in str(info.value)
    summary = ingest_paths(store, [tmp_path])  # in a folder: listed as ignored
    assert {Path(f.path).name: f.status for f in summary.files} == {
        "export.json": "new",
        "log.csv": "new",
        "notes.txt": "ignored",
    }
    assert set(names()) == {"ftm", "mapped", "tip", "p2p", "ufdr", "telegram", "whatsapp"}
