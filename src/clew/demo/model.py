"""The demo world's types: people, their accounts and wallets, chat groups, the World.

The hidden truth is a ``World`` of plain data: ``clew.demo.population`` builds it from one seed,
the source writers observe it with noise, and the ground truth is written from it. The ids
here are the ones every source and the truth name, so the evaluation can compare them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clew.demo.profiles import Settings
from clew.demo.world import Identifiers
from clew.ingest.ids import chat_group_id

TELEGRAM = "Telegram"
TELEGRAM_CHAT_BASE = 1_700_000_000  # synthetic Telegram chat ids: a base plus the group's number
SERVICES = ["ChatterBox", "Kestrel", "Wavely", "Threadly", TELEGRAM]  # names only: no draw depends on them
EXCHANGE = "CoinHarbor"
P2P_NETWORK = "bittorrent"


@dataclass
class Account:
    """An account on a chat service, as the platform knows it."""

    service: str
    user_id: str
    username: str
    phone: str | None
    email: str | None
    ip: str


@dataclass
class Wallet:
    kind: str  # ewallet | bank | crypto
    provider: str
    number: str  # wallet id, IBAN or address
    currency: str
    money_role: str  # seller | collector | buyer | shop | ordinary
    customer_id: str = ""

    @property
    def id(self) -> str:
        """The FtM id of the account in every source (wallet ids carry the provider prefix)."""
        return self.number


@dataclass
class Person:
    idx: int
    first: str
    last: str
    country: str
    dob: str
    kind: str  # syndicate | outsider | shop | customer | peer
    syndicate: int | None = None
    roles: set[str] = field(default_factory=set)
    phones: list[str] = field(default_factory=list)
    email: str | None = None
    ip: str = ""
    imei: str = ""
    accounts: dict[str, Account] = field(default_factory=dict)
    wallets: list[Wallet] = field(default_factory=list)
    arrested: bool = False
    family_phone: str | None = None
    p2p_client: str | None = None
    bridges: int | None = None  # the other syndicate a broker bridges
    outsiders: list[int] = field(default_factory=list)  # benign contacts of an arrested person

    @property
    def id(self) -> str:
        return f"person-{self.idx:05d}"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Group:
    idx: int
    name: str
    service: str
    syndicate: int | None
    kind: str  # group | board | channel
    members: list[int] = field(default_factory=list)
    admins: set[int] = field(default_factory=set)

    @property
    def chat_id(self) -> str:
        """The chat's id on its service (Telegram's are numbers: a base plus the group's number)."""
        return str(TELEGRAM_CHAT_BASE + self.idx)

    @property
    def id(self) -> str:
        """Its entity id in every source: for a Telegram group the one Clew derives from the chat
        id (``clew.ingest.ids.chat_group_id``), as a Telegram export, a return answered by chat
        id or an extraction names it; ``group-NNNN`` on the other (fictional) services."""
        if self.service == TELEGRAM:
            return chat_group_id(TELEGRAM, self.chat_id)
        return f"group-{self.idx:04d}"


@dataclass
class World:
    """The hidden truth: who is who, in which syndicate and group, holding what."""

    params: dict
    countries: list[str]
    people: list[Person]
    syndicates: list[dict]
    groups: list[Group]
    families: list[list[int]]
    ids: Identifiers
    settings: Settings = field(default_factory=Settings)
