"""Bank and e-wallet statements through a ``statement:`` mapping: a German bank export (preamble,
``;``, decimal comma, one signed column) and an e-wallet export (debit and credit columns)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ingest.helpers import snapshot

from clew.errors import MappingError
from clew.ingest import ingest_paths
from clew.ingest.statement_values import account_id, amount_of

GERMAN = """\
Kontoauszug;;;;;
Konto;DE89 3704 0044 0532 0130 00;;;;
;;;;;
Buchungstag;Name;IBAN;Verwendungszweck;Betrag;Währung
02.01.2026;Ben Cruz;GB82 WEST 1234 5698 7654 32;Miete Januar;-1.234,56;EUR
03.01.2026;Cleo Park;;Geschenk;50,00;EUR
04.01.2026;Bad Iban;DE00 1234 5678 9012 3456 78;x;10,00;EUR
05.01.2026;Dana;GB82 WEST 1234 5698 7654 32;y;zehn;EUR
31.02.2026;Eve;;z;1,00;EUR
"""
GERMAN_MAP = """\
statement:
  account: {iban: "DE89 3704 0044 0532 0130 00", name: "Ann Lee", currency: EUR}
  columns: {date: Buchungstag, amount: Betrag, currency: Währung, counterpart_name: Name,
            counterpart_account: IBAN, reference: Verwendungszweck}
  date_format: "%d.%m.%Y"
  decimal: ","
  delimiter: ";"
  skip_rows: 3
"""
WALLET = """\
Date,Time,Counterparty,Wallet,Debit,Credit,Ref,Txn ID
2026-01-05,14:03:00,Maya Ortiz,+639175550143,"1,250.00",,load,TX-1
2026-01-06,09:00:00,Shop Nine,+639175550199,,75.50,refund,TX-2
2026-01-07,10:00:00,Both,+639175550100,1.00,2.00,?,TX-3
"""
WALLET_MAP = """\
statement:
  account: {wallet: "+63 917 555 0142", provider: PayNest, currency: PHP}
  columns: {date: Date, debit: Debit, credit: Credit, counterpart_name: Counterparty,
            counterpart_account: Wallet, reference: Ref, transaction_id: Txn ID}
"""


def write(folder: Path, name: str, data: str, mapping: str, manifest: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.mapping.yml").write_text(mapping, encoding="utf-8")
    if manifest:
        (folder / "source.yaml").write_text(manifest, encoding="utf-8")
    path = folder / f"{name}.csv"
    path.write_text(data, encoding="utf-8")
    return path


def test_amounts_in_both_decimal_marks():
    assert amount_of("-1.234,56", ",") == amount_of("(1,234.56)", ".") == amount_of("1.234,56-", ",")
    assert str(amount_of("€ 1 234,5", ",")) == "1234.5" and amount_of("12.3.4", ".") is None


def test_german_bank_statement(store, tmp_path):
    folder = tmp_path / "bank"
    path = write(folder, "kontoauszug", GERMAN, GERMAN_MAP, "kind: payments\nowner: person-ann\n")
    result = next(f for f in ingest_paths(store, [folder]).files if f.path.endswith(".csv"))
    assert (result.format, result.status) == ("mapped", "new")
    rows = {(r["line"], r["field"]): r["error"] for r in store.select("quarantine")}
    assert set(rows) == {(7, "IBAN"), (8, "Betrag"), (9, "Buchungstag")}, rows
    assert "not a valid one" in rows[(7, "IBAN")] and "not an amount" in rows[(8, "Betrag")]
    holder = account_id("DE89370400440532013000", None)
    ben = account_id("GB82 WEST 1234 5698 7654 32", None)
    payments = [r for r in store.records(["Payment"])]
    assert len(payments) == 2
    rent = next(p for p in payments if p.get("description") == ["Miete Januar"])
    assert rent.get("payerAccount") == [holder] and rent.get("beneficiaryAccount") == [ben]
    assert (
        rent.get("amount") == ["1234.56"]
        and rent.get("currency") == ["EUR"]
        and rent.get("date") == ["2026-01-02"]
    )
    assert rent.get("payer") == ["person-ann"]
    gift = next(p for p in payments if p.get("description") == ["Geschenk"])
    assert gift.get("beneficiaryAccount") == [holder] and gift.get("payer") and not gift.get("payerAccount")
    assert store.count("identifiers", {"key": "iban:GB82WEST12345698765432"}) == 1
    assert store.count("identifiers", {"key": "iban:DE89370400440532013000"}) == 1
    locators = {r["locator"] for r in store.select("statements", {"entity_id": rent.id})}
    assert locators == {"line 5"}
    before = snapshot(store)
    path.touch()
    assert ingest_paths(store, [path]).files[0].status == "skipped" and snapshot(store) == before


def test_ewallet_statement_with_debit_and_credit(store, tmp_path):
    path = write(tmp_path / "wallet", "paynest", WALLET, WALLET_MAP)
    result = ingest_paths(store, [path]).files[0]
    assert result.quarantined == 1
    row = next(store.select("quarantine"))
    assert (row["line"], row["field"]) == (4, "Debit") and "exactly one" in row["error"]
    assert store.count("identifiers", {"key": "ewallet:paynest:+639175550142"}) == 1
    assert store.count("identifiers", {"key": "ewallet:paynest:+639175550143"}) == 1
    payments = {p.get("transactionNumber")[0]: p for p in store.records(["Payment"])}
    holder = account_id("+63 917 555 0142", "PayNest")
    assert payments["TX-1"].get("payerAccount") == [holder] and payments["TX-1"].get("amount") == ["1250.00"]
    assert payments["TX-2"].get("beneficiaryAccount") == [holder] and payments["TX-2"].get("currency") == [
        "PHP"
    ]


@pytest.mark.parametrize(
    ("mapping", "field"),
    [
        (
            "statement:\n  account: {iban: DE00 0000}\n  columns: {date: d, amount: a}\n",
            "statement.account.iban",
        ),
        ("statement:\n  account: {number: '1'}\n  columns: {date: d}\n", "statement.columns"),
        (
            "statement:\n  account: {number: '1'}\n  columns: {date: d, amount: a}\n  decimal: ';'\n",
            "statement.decimal",
        ),
    ],
)
def test_bad_statement_mappings_are_one_line(store, tmp_path, mapping, field):
    path = write(tmp_path / "m", "s", "d,a\n2026-01-01,1\n", mapping)
    with pytest.raises(MappingError) as info:
        ingest_paths(store, [path])
    assert info.value.location.field == field and "\n" not in str(info.value)
