"""The hidden truth of the demo: people, syndicates, roles, chat groups, accounts, wallets.

Built first, before any source file, from one ``random.Random``: the source writers only
*observe* this world (with noise), and the ground truth is written from it. Proportions are
chosen so that the quality targets can be measured: every syndicate member is in at least one
chat group whose platform return lists them, and every person has at least one phone number.
"""

from __future__ import annotations

import math

from clew.demo.groups import ChatGroups
from clew.demo.individuals import Individuals
from clew.demo.model import SERVICES, World
from clew.demo.profiles import DEFAULT, Settings
from clew.demo.wallets import open_wallets
from clew.vocabulary import HANDS_ON


class Builder(Individuals):
    """Arranges the individuals it draws into syndicates, groups, arrests, families and shops."""

    def __init__(
        self, people: int, countries: int, syndicates: int, seed: int, settings: Settings = DEFAULT
    ) -> None:
        super().__init__(people, countries, syndicates, seed, settings)
        self.chats = ChatGroups(self)
        self.families: list[list[int]] = []

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
            self.chats.syndicate(k, syn)
        self.chats.brokers(syndicates)
        self.chats.channels(syndicates)
        if not self.settings.buyer_accounts:
            self.chats.buyers_offline()
        self._arrests(syndicates, n_arrest)
        self._families(n)
        self._shops(n_shops)
        for _ in range(max(2, n // 250)):
            peer = self.person(self.country(), "peer")
            peer.p2p_client = self.client_id()
        open_wallets(self.people, self.rng, self.ids, self.settings)
        return World(
            self.params, self.countries, self.people, syndicates, self.chats.groups, self.families, self.ids,
            self.settings,
        )  # fmt: skip

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
                p.p2p_client = self.client_id()

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


def build_world(
    people: int = 5000,
    countries: int = 100,
    syndicates: int = 50,
    seed: int = 7,
    settings: Settings = DEFAULT,
) -> World:
    """The demo's hidden truth for these parameters (deterministic for a seed and settings)."""
    return Builder(people, countries, syndicates, seed, settings).build()
