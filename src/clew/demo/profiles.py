"""Scenario profiles: documented departures from the default demo world, declared as data.

Clew's analyses must hold on operations shaped unlike the default demo. A profile names one such
departure (``clew demo --profile NAME``, repeatable; profiles combine). Each sets a few fields of
:class:`Settings`, which the world builder and the source writers read; the ground truth is always
written from the world itself, so it stays exact whatever the sources no longer show.
With no profile the settings are the defaults and the demo is byte-identical to the default demo
(no profile draws a random number unless it is active).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from clew.errors import UserError


@dataclass(frozen=True)
class Settings:
    """What the sources show of the world (defaults: the default demo)."""

    memberships: bool = True  # platform returns and devices list group memberships
    platform_returns: bool = True  # platforms returned subscriber data at all
    buyer_accounts: bool = True  # buyers hold chat accounts (else: known only by KYC and payments)
    vpn_share: float = 0.0  # share of chat accounts whose last log-in came through a VPN exit abroad
    national_numbers: bool = False  # address books in national format only, devices without a country
    homonym_share: float = 0.0  # share of people given one of a few common names of their country
    sparse: float = 0.0  # chance that each optional field of a record is missing
    crypto_payments: bool = False  # buyers pay sellers, and sellers collectors, in crypto assets
    meetings: bool = False  # ties only through meetings and calls, no roles in any source


@dataclass(frozen=True)
class Profile:
    name: str
    departure: str  # what differs from the default world
    truth: str  # what the ground truth says about it / what it tests
    changes: dict

    def apply(self, settings: Settings) -> Settings:
        return replace(settings, **self.changes)


PROFILES: tuple[Profile, ...] = (
    Profile(
        "no-groups",
        "platform returns list accounts but no group memberships; devices show no groups: buyers "
        "are tied to the network only by contacts, devices and payments",
        "syndicates and roles unchanged; sellers must be found from payments alone",
        {"memberships": False},
    ),
    Profile(
        "wallet-only-buyers",
        "buyers hold no chat account: they are known only through KYC records and payments",
        "buyers keep their syndicate; their only records are KYC holders",
        {"buyer_accounts": False},
    ),
    Profile(
        "vpn",
        "a quarter of chat accounts last logged in through a VPN exit abroad (a few data-centre "
        "addresses shared by many unrelated people)",
        "countries unchanged: an exit IP must not decide a country",
        {"vpn_share": 0.25},
    ),
    Profile(
        "national-numbers",
        "address books hold same-country numbers in national format only; device extractions "
        "declare no country",
        "numbers unchanged; they must be read against the owner's own country",
        {"national_numbers": True},
    ),
    Profile(
        "homonyms",
        "a fifth of people carry one of a few common names of their country (different people, "
        "different numbers)",
        "homonyms are different people: records sharing no identifier must stay apart",
        {"homonym_share": 0.2},
    ),
    Profile(
        "sparse",
        "half of all optional fields (names in address books, e-mails, birth dates, display "
        "names, KYC details) are missing",
        "the evidence ceiling of resolution falls: recall is measured against it",
        {"sparse": 0.5},
    ),
    Profile(
        "crypto",
        "buyers pay sellers and sellers pay collectors in BTC/ETH (amounts without a fixed rate)",
        "money roles unchanged: they must be found from crypto transfers",
        {"crypto_payments": True},
    ),
    Profile(
        "meetings",
        "no platform returns and no groups: ties only through meetings and calls on seized "
        "devices, no roles in any source; admins attend meetings across the network",
        "admins are the bosses: key players must rank them high from structure alone",
        {"memberships": False, "platform_returns": False, "meetings": True},
    ),
)
BY_NAME = {p.name: p for p in PROFILES}
DEFAULT = Settings()


def settings_for(names: tuple[str, ...] | list[str]) -> Settings:
    """The settings of these profiles combined (in order); ``UserError`` names an unknown one."""
    settings = Settings()
    for name in names:
        profile = BY_NAME.get(name)
        if profile is None:
            raise UserError(f"--profile {name!r}: unknown profile; known: {', '.join(BY_NAME)}")
        settings = profile.apply(settings)
    return settings


def changed(settings: Settings) -> dict:
    """The fields that differ from the default (for the manifest)."""
    default = Settings()
    return {f.name: getattr(settings, f.name) for f in fields(Settings)
            if getattr(settings, f.name) != getattr(default, f.name)}  # fmt: skip
