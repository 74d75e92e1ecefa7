"""The demo's chat groups: each syndicate's main group and side rooms, brokers, channels.

Weighted so that small groups carry the signal: a syndicate's core (admins, sellers, buyers,
collectors) is in its main group, side groups and boards hold 8 to 30, and channels of up to
500 mix all syndicates, as a large public channel does. Every member holds an
account on the group's service.
"""

from __future__ import annotations

from clew.demo.individuals import Individuals
from clew.demo.model import SERVICES, Group


class ChatGroups:
    """The groups drawn so far (``groups[idx - 1]``), their members drawn by ``draw``."""

    def __init__(self, draw: Individuals) -> None:
        self.rng = draw.rng
        self.people = draw.people
        self.account = draw.account
        self.groups: list[Group] = []

    def buyers_offline(self) -> None:
        """wallet-only-buyers: people whose only role is buyer leave every group and hold no account."""
        offline = {p.idx for p in self.people if p.roles == {"buyer"}}
        for g in self.groups:
            g.members = [i for i in g.members if i not in offline]
            g.admins -= offline
        for i in offline:
            self.people[i - 1].accounts.clear()

    def syndicate(self, k: int, syn: dict) -> None:
        """Syndicate ``k``'s main group and up to five side groups; every member in at least one."""
        members = syn["members"]
        service = syn["service"]
        second = SERVICES[(k + 2) % len(SERVICES)]
        people = [self.people[i - 1] for i in members]
        admins = [p.idx for p in people if "admin" in p.roles]
        core = [p.idx for p in people if p.roles & {"admin", "seller", "buyer", "collector"}]
        main = self.new(service, k, "group")
        others = [i for i in members if i not in core]
        main.members = sorted(set(core) | set(self.rng.sample(others, round(len(others) * 0.6))))
        main.admins = set(admins)
        extra = []
        for _ in range(min(5, len(members) // 35)):
            g = self.new(service if self.rng.random() < 0.7 else second, k, self.kind())
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

    def kind(self) -> str:
        """A side room's kind: a board with probability 0.15, else a group."""
        return "board" if self.rng.random() < 0.15 else "group"

    def new(self, service: str, syndicate: int | None, kind: str) -> Group:
        """A new group with a drawn name, appended to ``groups``."""
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

    def brokers(self, syndicates: list[dict]) -> None:
        """Most syndicates get a broker: a non-admin member also in another syndicate's main group."""
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

    def channels(self, syndicates: list[dict]) -> None:
        """One broadcast channel per ten syndicates, drawn from all syndicate members."""
        everyone = [i for syn in syndicates for i in syn["members"]]
        for _ in range(max(1, round(len(syndicates) / 10))):
            g = self.new(self.rng.choice(SERVICES), None, "channel")
            g.members = sorted(self.rng.sample(everyone, min(500, max(10, len(everyone) // 10))))
            g.admins = {g.members[0]}
            for i in g.members:
                self.account(self.people[i - 1], g.service)
