"""The demo's individuals, drawn one at a time: a person valid for their country, accounts.

Each draw takes values from the one ``random.Random`` in a fixed order, so the same seed gives
the same people; ``clew.demo.population.Builder`` arranges them into syndicates and groups.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from clew.demo.countries import HEAD, name_lists, usable_countries
from clew.demo.model import Account, Person
from clew.demo.profiles import DEFAULT, Settings
from clew.demo.world import Identifiers

VPN_COUNTRIES = ("NL", "US", "DE", "SG", "GB", "FR")  # where commercial VPN exits usually are
COMMON_NAMES = 3  # homonyms: first and last names drawn from the first few of a country's lists


class Individuals:
    """The countries chosen for a demo and the people drawn so far (``people[idx - 1]``)."""

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

    def country(self) -> str:
        """A chosen country, the first ones likelier (weights fall as 1 / rank^0.9)."""
        return self.rng.choices(self.countries, self.weights)[0]

    def person(self, country: str, kind: str, last: str | None = None) -> Person:
        """A new person of ``country`` with valid phones, e-mail, IP and IMEI; appended to people."""
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
        """``p``'s account on ``service``, opened on first use (a second one on the second phone)."""
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

    def client_id(self) -> str:
        """A BitTorrent client id (peer-id prefix and 12 random characters), unique in the demo."""
        alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        return self.ids._unique(lambda: "-UT3550-" + "".join(self.rng.choice(alphabet) for _ in range(12)))
