"""User names (service in the key) and IP addresses (ranges, registry country)."""

import pytest

from clew.identifiers import normalise


def test_username_key_includes_the_service():
    result = normalise("username", " @Blue_Fox_77 ", service=" Telegram ")
    assert result.value == "blue_fox_77" and result.key == "username:telegram:blue_fox_77"
    assert normalise("username", "blue_fox_77", service="Wickr").key != result.key
    assert result.attributions == ()


def test_username_without_service_is_keyed_as_unknown():
    assert normalise("username", "dmz_77").key == "username:unknown:dmz_77"


def test_empty_username_is_invalid():
    assert normalise("username", " @ ", service="x").reason == "empty"


def test_public_ip_gets_registry_country_with_caveat():
    result = normalise("ip", " 8.8.8.8 ")
    assert result.value == "8.8.8.8" and result.detail == {
        "version": 4,
        "private": False,
        "reserved": False,
        "global": True,
    }
    (attribution,) = result.attributions
    assert attribution.rule == "ip-registry" and attribution.country == "US"
    assert (
        0.3 <= attribution.confidence <= 0.6
        and "VPN" in attribution.evidence
        and "NAT" in attribution.evidence
    )


@pytest.mark.parametrize(
    ("raw", "private", "reserved"),
    [
        ("10.1.2.3", True, False),
        ("192.168.0.1", True, False),
        ("127.0.0.1", True, True),
        ("100.64.1.1", False, False),
    ],
)
def test_private_shared_and_reserved_have_no_country(raw, private, reserved):
    result = normalise("ip", raw)
    assert result.valid and result.country is None and result.attributions == ()
    assert (result.detail["private"], result.detail["reserved"]) == (private, reserved)


def test_ipv6_forms():
    assert normalise("ip", "2001:0DB8:0000::0001").value == "2001:db8::1"
    assert normalise("ip", "2001:db8::1").detail["version"] == 6
    assert normalise("ip", "::ffff:8.8.8.8").value == "8.8.8.8"
    assert normalise("ip", "[2001:4860::1]:443").country == "US"
    assert normalise("ip", "49.145.12.7:51413").value == "49.145.12.7"


@pytest.mark.parametrize("raw", ["256.1.1.1", "1.2.3", "hello", ""])
def test_invalid_ips(raw):
    result = normalise("ip", raw)
    assert not result.valid and result.value is None and result.reason
