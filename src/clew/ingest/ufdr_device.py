"""The device of a UFDR report: its owner record and its country.

The owner is a ``Person`` (id :func:`clew.ingest.ids.ufdr_owner_id` of the project id) with the
owner's name, the SIM's numbers (``MSISDN``) and Apple id as identifiers, and the handset and
SIM ids as ``clew:deviceId``: IMEI as it is, IMSI and ICCID prefixed (``imsi:…``, ``iccid:…``)
so that they stay opaque ids and are never taken for a mistyped IMEI. Items named
``LastUsed…`` (the SIM last seen) count like the plain ones.

The device's country is the default region for the national-format numbers of the whole report
(``+63…`` needs none; ``0917…`` does), chosen by :func:`clew.ingest.region.infer` from every clue
the report carries: the SIM's home network (the mobile country code, the first three digits of
the IMSI), items ending in ``MCC`` (only without an IMSI: they stand in for its code, and one
that differs from it is the serving network's, i.e. where the phone was, not the SIM's), the
ICCID's calling code, the SIM's own numbers (``MSISDN`` written with their international prefix)
and, only without any of those, the device locale (``en_PH``). Clues of several numbering plans
choose no country: the numbers stay raw. MCCs are looked up in ``mobile-codes`` (ITU E.212);
an MCC shared by several countries (310-316: US and its territories) gives the country whose
list of codes is the longest (the US), as the ITU assigned the range to it. The clues are kept
as sentences and become the evidence of every attribution that relied on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import mobile_codes

from clew.identifiers import REGISTRY
from clew.ingest.ids import ufdr_owner_id
from clew.ingest.region import NO_REGION, Clue, Region, iccid_country, infer

LOCALE = re.compile(r"^[a-z]{2,3}[_-]([A-Z]{2})\b")
OWNER_NAME = ("DeviceInfoOwnerName", "OwnerName")
PHONES = ("MSISDN", "PhoneNumber", "DeviceInfoPhoneNumber")
EMAILS = ("DeviceInfoAppleID", "AppleID", "DeviceInfoOwnerEmail")
IMEIS = ("IMEI", "IMEI1", "IMEI2", "DeviceInfoIMEI", "MEID")
IMSIS = ("IMSI",)
ICCIDS = ("ICCID",)
MODEL = ("DeviceInfoDetectedModel", "DeviceInfoSelectedDeviceName", "DeviceInfoDetectedManufacturer")


@dataclass
class Device:
    """What the report says about the device: its owner entity and the region of its numbers."""

    owner_id: str
    owner: dict[str, list[str]] = field(default_factory=dict)
    region: Region = NO_REGION  # the country of its national numbers, with the evidence in words


def _values(items: dict[str, list[str]], names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for name in names:
        for value in items.get(name, []) + items.get(f"LastUsed{name}", []):
            if value not in out:
                out.append(value)
    return out


@lru_cache(maxsize=1024)
def mcc_country(mcc: str) -> tuple[str, str] | None:
    """``(alpha-2, name)`` of a mobile country code, or None."""
    try:
        found = mobile_codes.mcc(mcc)
    except (KeyError, ValueError):
        return None
    if not found:
        return None
    best = max(found, key=lambda c: len(c.mcc) if isinstance(c.mcc, list) else 1)
    return best.alpha2, best.name


def device(project: str, items: dict[str, list[str]]) -> Device:
    """The owner record and country of the device described by ``items`` (project metadata)."""
    dev = Device(ufdr_owner_id(project))
    imsis = [re.sub(r"\D", "", v) for v in _values(items, IMSIS)]
    dev.owner = {
        "name": _values(items, OWNER_NAME),
        "phone": _values(items, PHONES),
        "email": _values(items, EMAILS),
        "clew:deviceId": _values(items, IMEIS)
        + [f"imsi:{v}" for v in imsis if v]
        + [f"iccid:{re.sub(r'[^0-9A-Za-z]', '', v)}" for v in _values(items, ICCIDS)],
        "description": [f"owner of the device {m}" for m in _values(items, MODEL)[:1]],
    }
    dev.region = infer(_clues(items, imsis))
    return dev


def _clues(items: dict[str, list[str]], imsis: list[str]) -> list[Clue]:
    """Every clue of the device's numbering plan in ``items`` (``clew.ingest.region``)."""
    out = []
    for imsi in imsis:
        if len(imsi) >= 5 and (hit := mcc_country(imsi[:3])):
            out.append(
                Clue("imsi", hit[0], f"the SIM's IMSI {imsi} has mobile country code {imsi[:3]} ({hit[1]})")
            )
    imsi_read = bool(out)
    for name, values in sorted(items.items()):
        if name.upper().endswith("MCC"):
            for value in values if not imsi_read else ():
                if (code := value.strip()[:3]).isdigit() and (hit := mcc_country(code)):
                    out.append(Clue("mcc", hit[0], f"{name} {code} ({hit[1]})"))
        elif "locale" in name.lower() or "language" in name.lower():
            for value in values:
                if match := LOCALE.match(value.strip()):
                    out.append(Clue("locale", match[1], f"the device locale {name} is {value.strip()}"))
    for iccid in _values(items, ICCIDS):
        if country := iccid_country(iccid):
            out.append(
                Clue("iccid", country, f"the SIM's ICCID {iccid.strip()} has the calling code of {country}")
            )
    for number in _values(items, PHONES):
        norm = REGISTRY["phone"].normalise(number, None)
        if norm.valid and norm.country:
            out.append(Clue("own-number", norm.country, f"the SIM's own number {number} (MSISDN)"))
    return out
