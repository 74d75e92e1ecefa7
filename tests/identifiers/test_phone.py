"""Phone numbers: E.164, region, line type, national vs international reading, attribution evidence."""

import phonenumbers
import pytest

from clew.identifiers import normalise


def test_international_number_carries_its_country():
    result = normalise("phone", "+63 917 123 4567")
    assert (result.value, result.valid, result.key) == ("+639171234567", True, "phone:+639171234567")
    assert result.detail["region"] == "PH" and result.detail["line_type"] == "mobile"
    (attribution,) = result.attributions
    assert attribution.rule == "phone-prefix" and attribution.country == "PH" == result.country
    assert "'+63 917 123 4567'" in attribution.evidence and "+63" in attribution.evidence


def test_national_number_is_read_against_the_given_country_with_lower_confidence():
    national = normalise("phone", "0917 123 4567", "ph")
    international = normalise("phone", "+63 917 123 4567", "PH")
    assert national.key == international.key == "phone:+639171234567"
    (attribution,) = national.attributions
    assert attribution.rule == "phone-national-context" and attribution.country == "PH"
    assert "no international prefix" in attribution.evidence and "country PH" in attribution.evidence
    assert "'0917 123 4567'" in attribution.evidence
    assert attribution.confidence < international.attributions[0].confidence


def test_international_prefix_wins_over_the_source_country():
    result = normalise("phone", "+44 20 7946 0958", "PH")
    assert result.country == "GB" and result.attributions[0].rule == "phone-prefix"
    assert result.detail["line_type"] == "fixed"


def test_national_number_without_a_country_is_kept_raw_with_the_reason():
    result = normalise("phone", "0917 123 4567")
    assert result.value is None and result.key is None and not result.valid
    assert result.reason == "national number without a country" and result.raw == "0917 123 4567"


def test_double_zero_prefix_is_international_when_no_country_is_known():
    assert normalise("phone", "0063 917 123 4567").key == "phone:+639171234567"


def test_the_source_countrys_international_prefix_counts_as_plus():
    result = normalise("phone", "011 63 917 123 4567", "US")  # 011: the US international prefix
    assert result.key == "phone:+639171234567" and result.attributions[0].rule == "phone-prefix"
    assert result.country == "PH"


@pytest.mark.parametrize(
    ("raw", "country", "reason"),
    [
        ("+63 917", None, "too short"),
        ("hello", "PH", "not a phone number"),
        ("", "PH", "empty"),
        ("+999 1234 5678", None, "unknown country calling code"),
    ],
)
def test_invalid_numbers_say_why(raw, country, reason):
    result = normalise("phone", raw, country)
    assert not result.valid and result.value is None and result.raw == raw
    assert reason in result.reason


def test_number_outside_the_numbering_plan_is_invalid_with_its_candidate():
    result = normalise("phone", "+63 100 000 0000")
    assert not result.valid and "numbering plan of PH" in result.reason
    assert result.detail["candidate"] == "+631000000000"


def test_voip_and_shared_code_regions():
    voip = phonenumbers.example_number_for_type("GB", phonenumbers.PhoneNumberType.VOIP)
    result = normalise(
        "phone", phonenumbers.format_number(voip, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    )
    assert result.detail["line_type"] == "voip"
    canada = normalise("phone", "(613) 234-5678", "US")
    assert canada.country == "CA"  # national reading in a shared plan names the real region
