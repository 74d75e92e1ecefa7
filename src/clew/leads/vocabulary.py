"""The leads vocabulary, declared once as data: TLP 2.0 labels (with their official STIX
marking-definition ids), Europol handling codes, package states, requested actions, outcome
kinds, channels, and the admiralty scales for evaluation.

Everything that writes or reads a lead package, the register or the feedback checks against
these tables; docs/formats.md lists the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

#: TLP 2.0 (FIRST) label -> STIX 2.1 marking-definition id published by OASIS
#: (cti-stix-common-objects, extension-definition-specifications/tlp-2.0).
TLP_MARKINGS: dict[str, str] = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_CREATED = "2022-10-01T00:00:00.000Z"
#: subject data is personal data about suspects: the receiving organisation only.
DEFAULT_TLP = "TLP:AMBER+STRICT"

#: Europol SIENA handling codes.
HANDLING_CODES: dict[str, str] = {
    "H0": "purpose limitation: use only for the purpose for which it was provided",
    "H1": "intelligence only: not for use in judicial proceedings without a formal request",
    "H2": "no onward dissemination without the sender's consent",
    "H3": "other restrictions (stated in the package)",
}
DEFAULT_HANDLING = ("H0", "H1", "H2")


@dataclass(frozen=True)
class State:
    """A package state and the states it may move to."""

    name: str
    next: tuple[str, ...]


PACKAGE_STATES: dict[str, State] = {
    "draft": State("draft", ("approved", "superseded")),
    "approved": State("approved", ("released", "superseded")),
    "released": State("released", ("superseded",)),
    "superseded": State("superseded", ()),
}

REQUESTED_ACTIONS = ("identify", "safeguard", "preserve", "arrest")

#: feedback kinds a partner reports; ``count`` is meaningful for children-safeguarded only.
OUTCOME_KINDS: dict[str, str] = {
    "acknowledged": "lead acknowledged",
    "investigation-opened": "investigation opened",
    "search-warrant": "search warrant executed",
    "arrest": "arrest",
    "charged": "charged / indicted",
    "convicted": "convicted",
    "sentenced": "sentenced",
    "children-safeguarded": "children safeguarded (a count)",
}

#: partner channels the directory may name.
CHANNELS: dict[str, str] = {
    "INTERPOL NCB": "INTERPOL I-24/7 through the country's National Central Bureau",
    "Europol SIENA": "Europol's Secure Information Exchange Network Application",
    "direct": "direct police-to-police contact",
    "bilateral": "a bilateral data-access agreement (e.g. a CLOUD Act agreement)",
    "MLA": "mutual legal assistance request",
}

#: Admiralty (4x4) evaluation: source reliability and information accuracy.
SOURCE_RELIABILITY: dict[str, str] = {
    "A": "no doubt about the source's authenticity, trustworthiness and competence",
    "B": "source has in most instances proved reliable",
    "C": "source has in most instances proved unreliable",
    "X": "reliability cannot be assessed",
}
INFORMATION_ACCURACY: dict[str, str] = {
    "1": "no doubt about the accuracy",
    "2": "known personally to the source but not to the official passing it on",
    "3": "not known personally to the source but corroborated by other information",
    "4": "cannot be judged",
}

#: source kind (ingest manifest) -> default (reliability, accuracy) when the analyst gave none.
SOURCE_KIND_EVALUATION: dict[str, tuple[str, str]] = {
    "device-extraction": ("A", "2"),
    "platform-return": ("A", "2"),
    "payments": ("A", "2"),
    "tip-report": ("B", "3"),
    "chat-export": ("A", "2"),  # what an officer's (or a seized) account showed, exported as it was
    "p2p-log": ("A", "2"),  # the unit's own monitoring recorded what the peer announced
    "kyc": ("A", "2"),  # a bank's or wallet provider's customer records, returned as they hold them
}
DEFAULT_EVALUATION = ("X", "4")
