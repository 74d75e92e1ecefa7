"""The hidden truth of the demo: people, syndicates, roles, chat groups, accounts, wallets.

Built first, before any source file, from one ``random.Random``: the source writers only
*observe* this world (with noise), and the ground truth is written from it. Proportions are
chosen so that the quality targets can be measured: every syndicate member is in at least one
chat group whose platform return lists them, and every person has at least one phone number.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from clew.demo.countries import HEAD, iban_banks, name_lists, usable_countries
from clew.demo.profiles import DEFAULT, Settings
from clew.demo.world import Identifiers
from clew.ingest.ids import chat_group_id
from clew.vocabulary import HANDS_ON

TELEGRAM = "Telegram"
TELEGRAM_CHAT_BASE = 1_700_000_000  # synthetic Telegram chat ids: a base plus the group's number
SERVICES = ["ChatterBox", "Kestrel", "Wavely", "Threadly", TELEGRAM]  # names only: no draw depends on them
EWALLETS = ["PayNest", "Kumo Pay", "SendSwift", "Walleto"]
EXCHANGE = "CoinHarbor"
VPN_COUNTRIES = ("NL", "US", "DE", "SG", "GB", "FR")  # where commercial VPN exits usually are
COMMON_NAMES = 3  # homonyms: first and last names drawn from the first few of a country's lists
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
    params: dict
    countries: list[str]
    people: list[Person]
    syndicates: list[dict]
    groups: list[Group]
    families: list[list[int]]
    ids: Identifiers
    settings: Settings = field(default_factory=Settings)


class Builder:
    def __init__(
        self, people: int, countries: int, syndicates: int, seed: int, settings: Settings = DEFAULT
    ) -> None:
        self.settings = settings
        self.vpn_exits: list[str] = []
        self.rng = random.Random(seed)
        self.ids = Identifiers(self.rng)
        self.params = {"people": people, "countries": countries, "syndicates": syndicates, "seed": seed}
        pool = usable_countries()
        head = [c for c in HEAD if c in pool][: max(1, countries)]
        tail = [c for c in pool if c not in head]
        self.countries = head + self.rng.sample(tail, max(0, min(countries, len(pool)) - len(head)))
        self.weights = [1.0 / (i + 1) ** 0.9 for i in range(len(self.countries))]
        self.people: list[Person] = []
        self.groups: list[Group] = []
        self.families: list[list[int]] = []

    # -- people ----------------------------------------------------------------------------
    def country(self) -> str:
        return self.rng.choices(self.countries, self.weights)[0]

    def person(self, country: str, kind: str, last: str | None = None) -> Person:
        firsts, lasts = name_lists(country)
        born = date(1965, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 40))
        if self.settings.homonym_share and self.rng.random() < self.settings.homonym_share:
            firsts, lasts = firsts[:COMMON_NAMES], lasts[:COMMON_NAMES]
        p = Person(
            idx=len(self.people) + 1,
            first=self.rng.choice(firsts),
            last=last or self.rng.choice(lasts),
            country=country,
            dob=born.isoformat(),
            kind=kind,
        )
        p.phones = [self.ids.phone(country)]
        if self.rng.random() < 0.15:
            p.phones.append(self.ids.phone(country))  # two handsets
        if kind != "outsider" or self.rng.random() < 0.5:
            p.email = self.ids.email(p.first, p.last)
        p.ip = self.ids.ip(country)
        p.imei = self.ids.imei()
        self.people.append(p)
        return p

    def account(self, p: Person, service: str) -> Account:
        if service not in p.accounts:
            second = len(p.accounts) == 1 and len(p.phones) > 1
            p.accounts[service] = Account(
                service=service,
                user_id=str(self.rng.randint(10_000_000, 99_999_999)),
                username=self.ids.username(p.first, service),
                phone=p.phones[1 if second else 0],
                email=p.email,
                ip=p.ip if self.rng.random() < 0.8 else self.ids.ip(p.country),
            )
            if self.settings.vpn_share and self.rng.random() < self.settings.vpn_share:
                p.accounts[service].ip = self._vpn_exit(p.country)
        return p.accounts[service]

    def _vpn_exit(self, home: str) -> str:
        """One of a few exit addresses abroad, each shared by many unrelated people."""
        if not self.vpn_exits:
            n = max(4, self.params["people"] // 400)
            self.vpn_exits = [self.ids.ip(VPN_COUNTRIES[k % len(VPN_COUNTRIES)]) for k in range(n)]
        abroad = [ip for k, ip in enumerate(self.vpn_exits) if VPN_COUNTRIES[k % len(VPN_COUNTRIES)] != home]
        return self.rng.choice(abroad)

    # -- syndicates ------------------------------------------------------------------------
    def build(self) -> World:
        n, s = self.params["people"], max(1, self.params["syndicates"])
        n_arrest = max(3, round(80 * n / 5000))
        n_shops = max(2, n // 500)
        n_other = max(2, n // 250) + n_shops * 9 + round(n_arrest * 5.5) + max(1, n // 1000) * 2
        members_total = max(s * 6, n - n_other)
        sizes = [self.rng.lognormvariate(0, 0.7) for _ in range(s)]
        sizes = [max(6, round(x / sum(sizes) * members_total)) for x in sizes]
        syndicates = []
        for k, size in enumerate(sizes):
            home = self.country()
            service = SERVICES[k % len(SERVICES)]
            syn = {"id": f"syndicate-{k + 1:03d}", "country": home, "service": service, "members": []}
            for _ in range(size):
                country = home if self.rng.random() < 0.78 else self.country()
                p = self.person(country, "syndicate")
                p.syndicate = k
                syn["members"].append(p.idx)
            syndicates.append(syn)
        self._cover_countries(syndicates)
        for k, syn in enumerate(syndicates):
            self._roles(k, syn, syndicates)
        for k, syn in enumerate(syndicates):
            self._groups(k, syn)
        self._brokers(syndicates)
        self._channels(syndicates)
        if not self.settings.buyer_accounts:
            self._buyers_offline()
        self._arrests(syndicates, n_arrest)
        self._families(n)
        self._shops(n_shops)
        for _ in range(max(2, n // 250)):
            peer = self.person(self.country(), "peer")
            peer.p2p_client = self._client_id()
        self._wallets()
        return World(
            self.params, self.countries, self.people, syndicates, self.groups, self.families, self.ids,
            self.settings,
        )  # fmt: skip

    def _buyers_offline(self) -> None:
        """wallet-only-buyers: people whose only role is buyer leave every group and hold no account."""
        offline = {p.idx for p in self.people if p.roles == {"buyer"}}
        for g in self.groups:
            g.members = [i for i in g.members if i not in offline]
            g.admins -= offline
        for i in offline:
            self.people[i - 1].accounts.clear()

    def _cover_countries(self, syndicates: list[dict]) -> None:
        """Every chosen country gets at least one person (the long tail is real)."""
        used = {p.country for p in self.people}
        movable = [p for p in self.people if p.country == syndicates[p.syndicate]["country"]]
        self.rng.shuffle(movable)
        for country in self.countries:
            if country not in used and movable:
                p = movable.pop()
                p.country = country
                p.phones = [self.ids.phone(country) for _ in p.phones]
                p.ip = self.ids.ip(country)

    def _roles(self, k: int, syn: dict, syndicates: list[dict]) -> None:
        members = [self.people[i - 1] for i in syn["members"]]
        order = members[:]
        self.rng.shuffle(order)
        size = len(order)
        n_admin, n_seller = min(3, 1 + size // 60), max(1, round(size * 0.08))
        n_coll, n_hands = 1 if size < 60 else 2, max(1 if size >= 20 else 0, round(size * 0.02))
        cut = 0
        for role, count in (("admin", n_admin), ("seller", n_seller), ("collector", n_coll)):
            for p in order[cut : cut + count]:
                p.roles.add(role)
            cut += count
        for p in order[cut : cut + n_hands]:
            p.roles.add(HANDS_ON)
        rest = order[cut:]
        for p in rest:
            if self.rng.random() < 0.4:
                p.roles.add("buyer")
        for p in members:
            if "collector" in p.roles and self.rng.random() < 0.6:
                abroad = [c for c in self.countries if c != syn["country"]] or [syn["country"]]
                p.country = self.rng.choice(abroad)
                p.phones = [self.ids.phone(p.country) for _ in p.phones]
                p.ip = self.ids.ip(p.country)
            if not p.roles:
                p.roles.add("member")

    def _groups(self, k: int, syn: dict) -> None:
        members = syn["members"]
        service = syn["service"]
        second = SERVICES[(k + 2) % len(SERVICES)]
        people = [self.people[i - 1] for i in members]
        admins = [p.idx for p in people if "admin" in p.roles]
        core = [p.idx for p in people if p.roles & {"admin", "seller", "buyer", "collector"}]
        main = self._group(service, k, "group")
        others = [i for i in members if i not in core]
        main.members = sorted(set(core) | set(self.rng.sample(others, round(len(others) * 0.6))))
        main.admins = set(admins)
        extra = []
        for _ in range(min(5, len(members) // 35)):
            g = self._group(service if self.rng.random() < 0.7 else second, k, self._kind())
            g.members = sorted(self.rng.sample(members, min(len(members), self.rng.randint(8, 30))))
            g.admins = {self.rng.choice(admins)} if admins else set()
            g.members = sorted(set(g.members) | g.admins)
            extra.append(g)
        seen = {i for g in [main, *extra] for i in g.members}
        for i in members:
            if i not in seen:
                self.rng.choice([main, *extra]).members.append(i)
        for g in [main, *extra]:
            for i in g.members:
                self.account(self.people[i - 1], g.service)

    def _kind(self) -> str:
        return "board" if self.rng.random() < 0.15 else "group"

    def _group(self, service: str, syndicate: int | None, kind: str) -> Group:
        words = [
            "sunrise",
            "harbor",
            "orchid",
            "delta",
            "ember",
            "meadow",
            "comet",
            "atlas",
            "willow",
            "cobalt",
        ]
        name = f"{self.rng.choice(words)} {self.rng.choice(['club', 'circle', 'room', 'lounge', 'hub'])}"
        g = Group(idx=len(self.groups) + 1, name=name, service=service, syndicate=syndicate, kind=kind)
        self.groups.append(g)
        return g

    def _brokers(self, syndicates: list[dict]) -> None:
        if len(syndicates) < 2:
            return
        for k, syn in enumerate(syndicates):
            if self.rng.random() > 0.8:
                continue
            candidates = [i for i in syn["members"] if "admin" not in self.people[i - 1].roles]
            p = self.people[self.rng.choice(candidates) - 1]
            other = self.rng.choice([j for j in range(len(syndicates)) if j != k])
            p.roles.discard("member")
            p.roles.add("broker")
            p.bridges = other
            target = next(g for g in self.groups if g.syndicate == other)
            target.members.append(p.idx)
            self.account(p, target.service)

    def _channels(self, syndicates: list[dict]) -> None:
        everyone = [i for syn in syndicates for i in syn["members"]]
        for _ in range(max(1, round(len(syndicates) / 10))):
            g = self._group(self.rng.choice(SERVICES), None, "channel")
            g.members = sorted(self.rng.sample(everyone, min(500, max(10, len(everyone) // 10))))
            g.admins = {g.members[0]}
            for i in g.members:
                self.account(self.people[i - 1], g.service)

    def _arrests(self, syndicates: list[dict], n_arrest: int) -> None:
        weight = {
            "admin": 4,
            "seller": 3,
            HANDS_ON: 3,
            "collector": 2,
            "broker": 2,
            "buyer": 1,
            "member": 0.5,
        }
        cap = math.ceil(n_arrest / len(syndicates)) + 1
        per: dict[int, int] = {}
        pool = [p for p in self.people if p.kind == "syndicate"]
        while sum(per.values()) < min(n_arrest, len(pool)):
            p = self.rng.choices(pool, [max(weight.get(r, 0.5) for r in p.roles) for p in pool])[0]
            if p.arrested or per.get(p.syndicate, 0) >= cap:
                if all(per.get(q.syndicate, 0) >= cap for q in pool if not q.arrested):
                    cap += 1
                continue
            p.arrested = True
            per[p.syndicate] = per.get(p.syndicate, 0) + 1
            p.outsiders = [self.person(p.country, "outsider").idx for _ in range(self.rng.randint(3, 8))]
            if self.rng.random() < 0.25:
                p.p2p_client = self._client_id()

    def _client_id(self) -> str:
        alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        return self.ids._unique(lambda: "-UT3550-" + "".join(self.rng.choice(alphabet) for _ in range(12)))

    def _families(self, n: int) -> None:
        """A few relatives share one (landline-like) number with a syndicate member."""
        known = [p for p in self.people if p.kind == "syndicate" and not p.arrested]
        for x in self.rng.sample(known, min(len(known), max(1, n // 1000))):
            shared = self.ids.phone(x.country)
            x.family_phone = shared
            family = [x.idx]
            for _ in range(self.rng.randint(1, 2)):
                rel = self.person(x.country, "outsider", last=x.last)
                rel.phones = [shared]
                rel.family_phone = shared
                rel.email = rel.email or self.ids.email(rel.first, rel.last)
                family.append(rel.idx)
            self.families.append(family)

    def _shops(self, n_shops: int) -> None:
        for _ in range(n_shops):
            shop = self.person(self.country(), "shop")
            shop.roles.add("shop")
            for _ in range(8):
                self.person(shop.country if self.rng.random() < 0.8 else self.country(), "customer")

    # -- money -----------------------------------------------------------------------------
    def _wallets(self) -> None:
        from clew.demo.countries import currency_of

        for p in self.people:
            roles = p.roles
            money = next((r for r in ("collector", "seller", "buyer", "shop") if r in roles), "ordinary")
            cur = currency_of(p.country)
            wants_ewallet = (
                money in ("seller", "buyer", "shop")
                or (money == "collector" and self.rng.random() < 0.7)
                or (p.kind in ("customer", "outsider") and p.family_phone)
                or p.kind == "customer"
                or (money == "ordinary" and p.kind == "syndicate" and self.rng.random() < 0.1)
            )
            if wants_ewallet:
                provider = self.rng.choice(EWALLETS)
                number = (
                    provider[:2].upper() + "-W" + "".join(self.rng.choice("0123456789") for _ in range(11))
                )
                p.wallets.append(Wallet("ewallet", provider, number, cur, money))
            banked = money == "collector" or (money == "seller" and self.rng.random() < 0.5)
            if banked and iban_banks(p.country):
                iban = self.ids.iban(p.country)
                if iban:
                    p.wallets.append(Wallet("bank", "bank", iban, cur, money))
            if money == "collector" and (self.rng.random() < 0.4 or not p.wallets):
                chain = self.rng.choice(["BTC", "ETH"])
                address = self.ids.btc() if chain == "BTC" else self.ids.eth()
                p.wallets.append(Wallet("crypto", chain, address, chain, money))
            if money == "seller" and self.rng.random() < 0.2:
                p.wallets.append(Wallet("crypto", "BTC", self.ids.btc(), "BTC", money))
            crypto = self.settings.crypto_payments and money in ("seller", "buyer", "collector")
            if crypto and not any(w.kind == "crypto" and w.currency == "BTC" for w in p.wallets):
                p.wallets.append(Wallet("crypto", "BTC", self.ids.btc(), "BTC", money))
            for w in p.wallets:
                w.customer_id = f"{w.provider[:2].upper()}-C{self.rng.randint(10**7, 10**8 - 1)}"


def build_world(
    people: int = 5000,
    countries: int = 100,
    syndicates: int = 50,
    seed: int = 7,
    settings: Settings = DEFAULT,
) -> World:
    """The demo's hidden truth for these parameters (deterministic for a seed and settings)."""
    return Builder(people, countries, syndicates, seed, settings).build()
