"""The region national-format numbers are read against, and the evidence that chose it.

A national-format number (``0917 123 4567``) means something in one numbering plan only. On a
seized handset it was saved to be dialled through the handset's SIM, so its plan is the SIM's
home plan: Clew reads it as the handset's own dialler would (Android's country detector takes
the SIM's country, then the locale's). :func:`infer` weighs the :class:`Clue` s a source
carries of that plan:

- SIM evidence, any one of which suffices: the mobile country code of the IMSI (``imsi``, ITU
  E.212) or, without an IMSI, of an item standing in for it (``mcc``); the country calling
  code of the ICCID (``iccid``, ITU E.118); the owner's own numbers written with their
  international prefix (``own-number``: the SIM's MSISDN, the owner entity's phones).
- The device locale (``locale``, ``en_PH``): a choice of language and formats, not the SIM; it
  counts only when no SIM evidence exists (as in the dialler) and never outvotes it.

All clues of the deciding kind must name one numbering plan (compared by calling code: a US
ICCID and a Canadian SIM number share +1, so they agree); the region is then the country most
of them name, and the basis lists every clue. Clues of several plans (a dual-SIM handset with a
foreign SIM, a SIM whose number is of another plan) choose nothing: which SIM saved a number is unknowable,
so the numbers are kept raw with the conflict as their reason, never read against a guess
(a wrong plan turns a valid number into another valid number: a false join). No vote, no
threshold: one clue of another plan is enough doubt.

Not a clue: the country of most international numbers in the address book. People write
foreign numbers with the prefix and their own country's without, so those numbers
over-represent foreign plans (in the ``national-numbers`` demo profile they never name the
owner's own).

The attributions read against an inferred region keep ``phone-national-context`` confidence
(0.6, ``clew.identifiers.phone``) however many clues agree: the clues are of one SIM, and the
doubt the confidence measures (that the number was saved for the SIM's own plan) is the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import phonenumbers
from followthemoney.types import registry

from clew.model.countries import DECLARED_COUNTRY_PROPS

SIM_KINDS = ("imsi", "mcc", "iccid", "own-number")  # the SIM's own plan
WEAK_KINDS = ("locale",)  # consulted only without SIM evidence


@dataclass(frozen=True, slots=True)
class Region:
    """The country national-format numbers of a record are read against, and why.

    ``basis`` is the evidence in words when the country was inferred (every attribution read
    against it states it), or why there is none (then the reason of the numbers kept raw);
    None for a country the user or a manifest stated. ``own_first``: an entity's own single
    ``country`` property comes before ``country`` (a source's default yields to what a record
    says of itself; a manifest's country and a record's own hint do not)."""

    country: str | None = None
    basis: str | None = None
    own_first: bool = True


NO_REGION = Region()


@dataclass(frozen=True, slots=True)
class Clue:
    """One piece of evidence of a source's plan: ``kind`` (``SIM_KINDS``/``WEAK_KINDS``), the
    country it names (ISO alpha-2) and a sentence saying what it is."""

    kind: str
    country: str
    says: str


def infer(clues: list[Clue]) -> Region:
    """The region the clues choose, by the module's rule; ``Region(None, why)`` on a conflict,
    ``NO_REGION`` without clues."""
    strong = [c for c in clues if c.kind in SIM_KINDS]
    deciding = strong or [c for c in clues if c.kind in WEAK_KINDS]
    if not deciding:
        return NO_REGION
    plans = {_plan(c.country) for c in deciding}
    listed = "; ".join(c.says for c in deciding)
    if len(plans) > 1:
        return Region(None, f"no device country: its evidence names several numbering plans ({listed})")
    country = Counter(c.country for c in deciding).most_common(1)[0][0]
    return Region(country, f"device country {country}: {listed}")


def _plan(country: str) -> int | str:
    """The calling code of a country's numbering plan (the country itself if phonenumbers has none)."""
    return phonenumbers.country_code_for_region(country) or country


def iccid_country(iccid: str) -> str | None:
    """The country of an ICCID's calling code (``89`` + code, ITU E.118), or None.

    Calling codes are prefix-free, so the first 1-3 digits that form one are the code; a
    leading ``0`` pads a one-digit code (``8901…``: +1, as issuers write it). A code several
    countries share gives phonenumbers' main country of it (the plan is the same)."""
    digits = "".join(ch for ch in iccid if ch.isdigit())
    if not digits.startswith("89") or len(digits) < 18:
        return None
    rest = digits[2:]
    if rest[0] == "0":
        rest = rest[1:]
    for size in (1, 2, 3):
        region = phonenumbers.region_code_for_country_code(int(rest[:size]))
        if region not in ("ZZ", "001"):
            return region
    return None


OWN_COUNTRY_PROPS = DECLARED_COUNTRY_PROPS
"""Where an entity states its own country (an Aleph or OpenSanctions company may state only its
jurisdiction): ``clew.model.countries``."""


def own_country(props: dict[str, list[str]]) -> tuple[str, str] | None:
    """The one country an entity states for itself (``OWN_COUNTRY_PROPS``), upper case, with the
    first property stating it; None when it states none or several (then no single region can be
    assumed)."""
    found: dict[str, str] = {}
    for prop in OWN_COUNTRY_PROPS:
        for raw in props.get(prop, ()):
            if c := registry.country.clean(raw):
                found.setdefault(c.upper(), prop)
    return found.popitem() if len(found) == 1 else None
