"""IBAN, BIC and plain account numbers (schwifty)."""

import pytest

from clew.identifiers import normalise


def test_iban_compact_country_and_bank_bic():
    result = normalise("iban", "de89 3704 0044 0532 0130 00")
    assert result.value == "DE89370400440532013000" and result.key == "iban:DE89370400440532013000"
    assert result.detail["bic"] == "COBADEFFXXX" and result.detail["bank_code"] == "37040044"
    (attribution,) = result.attributions
    assert (attribution.country, attribution.rule) == ("DE", "iban-country")
    assert "DE89370400440532013000" in attribution.evidence


def test_iban_without_known_bank_has_no_bic():
    assert normalise("iban", "GB82 WEST 1234 5698 7654 32").detail["bic"] is None


@pytest.mark.parametrize(
    ("raw", "why"),
    [("DE89 3704 0044 0532 0130 01", "checksum"), ("XX12 3456", "IBAN"), ("", "empty")],
)
def test_invalid_iban_is_kept_with_reason(raw, why):
    result = normalise("iban", raw)
    assert not result.valid and result.value is None and why.lower() in result.reason.lower()


def test_bic_eight_and_eleven_characters_meet():
    eight, eleven = normalise("bic", "COBADEFF"), normalise("bic", "cobadeffxxx")
    assert eight.key == eleven.key == "bic:COBADEFFXXX"
    assert eight.attributions[0].rule == "bic-country" and eight.country == "DE"


def test_invalid_bic():
    result = normalise("bic", "COBA")
    assert not result.valid and "BIC" in result.reason


def test_account_key_carries_its_bank():
    with_bic = normalise("account", "0532-013000", bic="COBADEFF")
    assert with_bic.key == "account:COBADEFFXXX:0532013000" and with_bic.country == "DE"
    with_name = normalise("account", "0532013000", bank=" Sample Bank ")
    assert with_name.key == "account:sample bank:0532013000" and with_name.country is None
    assert normalise("account", "0532013000").key == "account:unknown:0532013000"


def test_account_number_that_is_an_iban_becomes_the_iban():
    result = normalise("account", "DE89 3704 0044 0532 0130 00", bank="Commerzbank")
    assert result.kind == "iban" and result.key == "iban:DE89370400440532013000"


@pytest.mark.parametrize("raw", ["ab", "ABCDEF", "12 34 !!", "x" * 40])
def test_invalid_account_numbers(raw):
    assert not normalise("account", raw).valid
