"""E-mail addresses: case, domain, syntax, ccTLD attribution."""

import pytest

from clew.identifiers import normalise


def test_lower_cases_and_strips():
    result = normalise("email", "  Blue.Fox77@Mail.Example.PH ")
    assert result.value == "blue.fox77@mail.example.ph" and result.key == "email:blue.fox77@mail.example.ph"
    assert result.detail["domain"] == "mail.example.ph"


@pytest.mark.parametrize(
    "raw", ["Dev Patel <Dev.P@Mail.Example>", '"Patel, Dev" <dev.p@mail.example>', "<dev.p@mail.example>"]
)
def test_a_header_value_gives_its_address(raw):
    """What FtM's ``Email:from``/``to`` hold: the display name is no part of the identifier."""
    assert normalise("email", raw).key == "email:dev.p@mail.example"


def test_cctld_is_weak_evidence():
    (attribution,) = normalise("email", "someone@example.co.uk").attributions
    assert (attribution.country, attribution.rule) == ("GB", "email-cctld")
    assert attribution.confidence <= 0.3 and "example.co.uk" in attribution.evidence


@pytest.mark.parametrize("address", ["someone@example.com", "someone@example.io", "someone@example.org"])
def test_generic_and_vanity_domains_give_no_country(address):
    result = normalise("email", address)
    assert result.valid and result.country is None and result.attributions == ()


def test_internationalised_domains_meet_on_one_value():
    assert normalise("email", "x@xn--bcher-kva.de").value == normalise("email", "x@BÜCHER.de").value


@pytest.mark.parametrize("raw", ["nope", "a@@b.com", "a@localhost", "a b@x.com", "a@1.2.3.4", ""])
def test_invalid_addresses_are_kept_raw(raw):
    result = normalise("email", raw)
    assert not result.valid and result.value is None and result.reason and result.raw == raw
