"""The default region of a device's national numbers, from the evidence the device carries
(end to end through an FtM device folder: ``tests/ingest/test_ftm.py``)."""

from __future__ import annotations

from clew.ingest.region import NO_REGION, Clue, iccid_country, infer
from clew.ingest.ufdr_device import device

OWN_PH = Clue("own-number", "PH", "the SIM's own number +63 917 555 0101 (MSISDN)")
IMSI_PH = Clue("imsi", "PH", "the SIM's IMSI 515031234567890 has mobile country code 515 (Philippines)")
OWN_GB = Clue("own-number", "GB", "the SIM's own number +44 7911 123456 (MSISDN)")
LOCALE_US = Clue("locale", "US", "the device locale DeviceInfoLocale is en_US")


def test_agreeing_sim_evidence_chooses_the_country_and_lists_every_clue():
    region = infer([IMSI_PH, OWN_PH, LOCALE_US])
    assert region.country == "PH"
    assert IMSI_PH.says in region.basis and OWN_PH.says in region.basis
    assert "en_US" not in region.basis  # a locale never outvotes the SIM


def test_sim_evidence_of_two_plans_chooses_nothing_and_says_why():
    region = infer([IMSI_PH, OWN_GB])
    assert region.country is None
    assert "several numbering plans" in region.basis and "+44 7911 123456" in region.basis


def test_one_plan_shared_by_several_countries_is_no_conflict():
    us_iccid = Clue("iccid", "US", "the SIM's ICCID 8901… has the calling code of US")
    canadian = Clue("own-number", "CA", "the SIM's own number +1 416 555 0123 (MSISDN)")
    assert infer([us_iccid, canadian, Clue("imsi", "CA", "IMSI 302…")]).country == "CA"


def test_locale_decides_only_without_sim_evidence():
    assert infer([LOCALE_US]).country == "US"
    assert infer([LOCALE_US, Clue("locale", "PH", "en_PH")]).country is None
    assert infer([]) == NO_REGION


def test_iccid_calling_code():
    assert iccid_country("8963012345678901234") == "PH"
    assert iccid_country("89 44 1234 5678 9012 345") == "GB"
    assert iccid_country("8901260123456789012") == "US"  # a one-digit code padded with 0
    assert iccid_country("1234567890123456789") is None  # not a telecom ICCID (89)


def test_ufdr_device_with_imsi_and_a_foreign_msisdn_has_no_country():
    dev = device("p", {"IMSI": ["515031234567890"], "MSISDN": ["+44 7911 123456"]})
    assert dev.region.country is None and "several numbering plans" in dev.region.basis
    dev = device("p", {"IMSI": ["515031234567890"], "NetworkMCC": ["505"]})  # roaming in Australia
    assert dev.region.country == "PH" and "505" not in dev.region.basis
    dev = device("p", {"ICCID": ["8963012345678901234"], "MSISDN": ["+63 917 555 0101"]})
    assert dev.region.country == "PH" and "ICCID" in dev.region.basis and "MSISDN" in dev.region.basis
