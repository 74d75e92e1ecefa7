"""E-wallets (phone-based ids), crypto addresses (BTC/ETH checksums), devices (IMEI)."""

import base58
import bech32
import pytest

from clew.identifiers import normalise


def test_phone_based_wallet_normalises_the_phone():
    result = normalise("ewallet", "09171234567", "PH", service="GCash")
    assert result.key == "ewallet:gcash:+639171234567" and result.detail["id_kind"] == "phone"
    assert result.attributions[0].rule == "phone-national-context" and result.country == "PH"
    assert normalise("ewallet", "+63 917 123 4567", service="gcash").key == result.key


def test_wallet_ids_that_are_not_phones():
    assert (
        normalise("ewallet", "Pay.Me@Example.com", service="PayPal").key
        == "ewallet:paypal:pay.me@example.com"
    )
    assert normalise("ewallet", "WLT-00042-X", service="Acme Pay").key == "ewallet:acme pay:wlt-00042-x"
    unknown_country = normalise("ewallet", "09171234567", service="GCash")
    assert unknown_country.key == "ewallet:gcash:09171234567" and unknown_country.country is None


def test_account_of_type_e_wallet_is_an_ewallet():
    result = normalise("account", "0917 123 4567", "PH", bank="GCash", account_type="e-wallet")
    assert result.kind == "ewallet" and result.key == "ewallet:gcash:+639171234567"


@pytest.mark.parametrize(
    ("address", "chain", "form"),
    [
        ("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "BTC", "base58-p2pkh"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "BTC", "base58-p2sh"),
        (base58.b58encode_check(b"\x6f" + bytes(range(20))).decode(), "BTC", "base58-p2pkh"),
        (base58.b58encode_check(b"\xc4" + bytes(range(20))).decode(), "BTC", "base58-p2sh"),
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "BTC", "bech32-v0"),
        ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "BTC", "bech32-v0"),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "BTC", "bech32m-v1"),
        (bech32.encode("bc", 0, bytes(range(20))), "BTC", "bech32-v0"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "ETH", "eip55"),
        ("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "ETH", "eip55"),
        ("0x52908400098527886e0f7030069857d2e4169ee7", "ETH", "hex"),
    ],
)
def test_valid_crypto_addresses(address, chain, form):
    result = normalise("crypto", address)
    assert result.valid, result.reason
    assert (result.detail["chain"], result.detail["format"]) == (chain, form)
    assert result.country is None


def test_crypto_spellings_meet():
    assert normalise("crypto", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4").value == (
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    )
    mixed = normalise("crypto", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    assert mixed.key == normalise("crypto", "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED").key


@pytest.mark.parametrize(
    "address",
    [
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyU",  # base58check checksum broken
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  # EIP-55 case broken
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",  # mixed-case bech32
        # witness v1 with the old bech32 checksum: valid under BIP 173, invalid under BIP 350
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
        "not an address",
    ],
)
def test_invalid_crypto_addresses(address):
    result = normalise("crypto", address)
    assert not result.valid and result.reason


def test_unchecked_chain_is_kept_when_the_context_names_it():
    result = normalise("crypto", "48ExampleMoneroAddress", currency="XMR")
    assert result.valid and result.detail == {
        "chain": "XMR",
        "format": None,
        "network": None,
        "checked": False,
    }
    assert not normalise("crypto", "48ExampleMoneroAddress").valid


def test_imei_forms_meet_and_luhn_is_checked():
    assert normalise("device", "49-015420-323751-8").key == "device:490154203237518"
    assert normalise("device", "IMEI: 49015420323751").value == "490154203237518"  # without check digit
    assert normalise("device", "4901542032375106").value == "490154203237518"  # IMEISV
    bad = normalise("device", "490154203237519")
    assert not bad.valid and "Luhn" in bad.reason


def test_opaque_device_ids():
    assert normalise("device", " A1B2-C3D4-E5F6 ").key == "device:a1b2-c3d4-e5f6"
    assert not normalise("device", "a b").valid
