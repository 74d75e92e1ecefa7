"""Property tests: never raise, idempotent keys, E.164 round trip."""

import ipaddress

import base58
import bech32
import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schwifty import IBAN

from clew.identifiers import REGISTRY, normalise

CONTEXTS = {"username": {"service": "Telegram"}, "ewallet": {"service": "GCash"}, "account": {"bank": "X"}}
KINDS = sorted(REGISTRY)
phone_like = st.text(alphabet="+0123456789 -()./", max_size=24)
identifierish = st.one_of(
    st.text(max_size=80),
    phone_like,
    st.text(alphabet="abcdefABCDEF0123456789xX@.:-_ ", max_size=60),
    st.from_regex(r"[A-Z]{2}[0-9]{2}[A-Z0-9 ]{10,30}", fullmatch=True),
)
REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
TYPES = [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
FORMATS = [
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
]


@st.composite
def written_phones(draw):
    """An example number of some region, written nationally or internationally, with noise."""
    example = phonenumbers.example_number_for_type(
        draw(st.sampled_from(REGIONS)), draw(st.sampled_from(TYPES))
    )
    if example is None:
        return draw(phone_like)
    form = draw(st.sampled_from(FORMATS))
    return draw(st.sampled_from([" ", ""])) + phonenumbers.format_number(example, form)


ibans = st.builds(
    lambda bank, account: str(IBAN.generate("DE", bank_code=bank, account_code=account).formatted),
    st.from_regex(r"[1-9][0-9]{7}", fullmatch=True),
    st.from_regex(r"[0-9]{1,10}", fullmatch=True),
)
crypto_addresses = st.one_of(
    st.builds(
        lambda version, body: base58.b58encode_check(bytes([version]) + body).decode(),
        st.sampled_from([0x00, 0x05, 0x6F, 0xC4, 0x30, 0x41]),
        st.binary(min_size=20, max_size=20),
    ),
    st.builds(lambda body: bech32.encode("bc", 0, body), st.binary(min_size=20, max_size=20)),
    st.builds(
        lambda body, upper: "0x" + (body.hex().upper() if upper else body.hex()),
        st.binary(min_size=20, max_size=20),
        st.booleans(),
    ),
)
VALID_SHAPED = {
    "bic": st.from_regex(r"[A-Z]{4}(DE|PH|GB|US)[A-Z0-9]{2}([A-Z0-9]{3})?", fullmatch=True),
    "crypto": crypto_addresses,
    "phone": written_phones(),
    "ewallet": written_phones(),
    "email": st.emails(),
    "ip": st.ip_addresses().map(str),
    "iban": ibans,
    "account": st.one_of(ibans, st.from_regex(r"[0-9]{4,20}", fullmatch=True)),
    "username": st.from_regex(r"@?[A-Za-z0-9_.]{1,30}", fullmatch=True),
    "device": st.from_regex(r"[0-9]{14}", fullmatch=True),
}


@st.composite
def kinds_and_values(draw):
    kind = draw(st.sampled_from(KINDS))
    raw = draw(st.one_of(identifierish, VALID_SHAPED.get(kind, identifierish)))
    return kind, raw


countries = st.sampled_from([None, "PH", "DE", "US", "GB", "IN", "xx", ""])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(pair=kinds_and_values(), country=countries)
def test_never_raises_and_invalid_means_no_value(pair, country):
    kind, raw = pair
    result = normalise(kind, raw, country, **CONTEXTS.get(kind, {}))
    assert result.raw == raw
    if result.valid:
        assert result.value is not None and result.key is not None and result.reason is None
        assert result.country is None or result.country in {a.country for a in result.attributions}
        assert all(0 <= a.confidence <= 1 and a.evidence for a in result.attributions)
    else:
        assert result.value is None and result.key is None and result.reason
        assert not result.reason.startswith("cannot be read"), result.reason  # no library exception hidden


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(pair=kinds_and_values(), country=countries)
def test_normalising_the_value_again_gives_the_same_key(pair, country):
    kind, raw = pair
    context = CONTEXTS.get(kind, {})
    first = normalise(kind, raw, country, **context)
    if first.valid:
        again = normalise(first.kind, first.value, country, **context)
        assert again.valid and again.key == first.key and again.value == first.value


@settings(max_examples=300)
@given(region=st.sampled_from(REGIONS), number_type=st.sampled_from(TYPES))
def test_e164_round_trip_for_example_numbers(region, number_type):
    example = phonenumbers.example_number_for_type(region, number_type)
    if example is None:
        return
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    read_nationally = normalise("phone", national, region)
    assert read_nationally.value == e164 and read_nationally.attributions[0].rule == "phone-national-context"
    assert normalise("phone", international).value == e164
    assert normalise("phone", e164, "US").key == f"phone:{e164}"
    assert normalise("phone", e164).country == phonenumbers.region_code_for_number(example)


@given(address=st.ip_addresses())
def test_every_ip_address_is_valid_and_keeps_its_value(address):
    result = normalise("ip", str(address))
    expected = address.ipv4_mapped if address.version == 6 and address.ipv4_mapped else address
    assert result.valid and ipaddress.ip_address(result.value) == expected
    assert (result.country is not None) <= result.detail["global"]  # private/reserved never get a country
