"""User roles and permissions, declared once as data (issue 13 item 2).

A role is a set of permissions. Case data (subjects, graph, money, media) needs ``case.read``
and membership of the operation; the auditor and the admin hold no case permission at all,
so they read the audit log and manage users without seeing a subject. ``sensitive.read``
(victim-related and hash-match details, checklist C3) is never part of a role: an admin grants
it to one user with ``clew users permit NAME sensitive.read``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    name: str
    description: str


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: frozenset[str]


PERMISSIONS: tuple[Permission, ...] = (
    Permission("case.read", "read the case data of the operations the user is a member of"),
    Permission("case.write", "ingest evidence and record analyst decisions in those operations"),
    Permission("leads.build", "build lead packages (drafts) from the operation's priorities"),
    Permission("release.approve", "approve a lead package (not one they built) or a merge across syndicates"),
    Permission("release.send", "release approved packages to partners and run deconfliction with them"),
    Permission("outcomes.record", "record or import partners' feedback on released packages"),
    Permission("audit.read", "read the audit log (no case data)"),
    Permission("users.admin", "manage users, roles and memberships (no case data)"),
    Permission("sensitive.read", "see victim-related and hash-match details (C3); granted per user"),
)

ROLES: tuple[Role, ...] = (
    Role(
        "analyst",
        "works the operations they are a member of",
        frozenset({"case.read", "case.write", "leads.build", "outcomes.record"}),
    ),
    Role(
        "supervisor",
        "an analyst who approves releases and merges across syndicates",
        frozenset({"case.read", "case.write", "leads.build", "outcomes.record", "release.approve"}),
    ),
    Role(
        "liaison",
        "releases approved packages to partner countries and records their feedback",
        frozenset({"case.read", "release.send", "outcomes.record"}),
    ),
    Role("auditor", "reads the audit log, no case data", frozenset({"audit.read"})),
    Role("admin", "manages users and memberships, no case data", frozenset({"users.admin"})),
)

ROLE_NAMES: tuple[str, ...] = tuple(r.name for r in ROLES)
PERMISSION_NAMES: tuple[str, ...] = tuple(p.name for p in PERMISSIONS)
GRANTABLE: frozenset[str] = frozenset({"sensitive.read"})
"""Permissions an admin may add to one user on top of the role."""


def role(name: str) -> Role:
    """The role called ``name``; ``KeyError`` for an unknown one (callers check first)."""
    return next(r for r in ROLES if r.name == name)


def permissions_of(role_name: str, extra: frozenset[str] = frozenset()) -> frozenset[str]:
    """What a user of ``role_name`` with ``extra`` grants may do."""
    return role(role_name).permissions | (extra & GRANTABLE)
