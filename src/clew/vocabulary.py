"""Clew's vocabulary, declared once: subject roles, run kinds and statuses, audit actions.

As followthemoney declares its schema as data, Clew declares here the names that cross
packages and end up in the store, so no module spells them again: analyses assign roles
by these names, ``leads.priority`` weighs them, exports order them, the Store records run
kinds and audit actions from them, and the inventory test checks every action is documented.
Run kinds and audit actions are ``StrEnum``s, so they are stored and compared as their plain
string values (what the store, the JSON output and old workspaces hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SYSTEM_OPERATION = "_access"
"""Where authentication and admin events are audited: they belong to no operation."""

INTERNAL_OPERATIONS = frozenset({SYSTEM_OPERATION})
"""Operations Clew keeps for itself: never listed to users (``clew operations list``, the
"unknown operation" error). A user's operation cannot be named so: its name starts with a
letter or digit (``clew.store.workspace.OPERATION_NAME``)."""


@dataclass(frozen=True)
class Role:
    """A role a subject can be found to hold.

    ``weight`` is what the role adds to a subject's priority (``leads.priority``): children at
    risk first, then those who run or feed a network, then those who collect or take part.
    Display order (exports, tables) is the order of ``ROLES``.
    """

    name: str
    weight: float
    analysis: str
    """The analysis that assigns it (``network``, ``money``, ``media``; ``evidence`` for the roles
    derived from evidence held about a subject)."""
    summary: str


HANDS_ON, CHILDREN_AT_RISK, POSSIBLY_NEW = "hands-on", "children-at-risk", "possibly-new-material"
ADMIN, SELLER, BROKER, KEY_PLAYER, COLLECTOR = "admin", "seller", "broker", "key-player", "collector"
SHARER_KNOWN, HOLDER_KNOWN = "sharer-known-material", "holder-known-material"
STRUCTURING, PASS_THROUGH, FOREIGN_FUNDS = "structuring", "pass-through", "foreign-funds"
BUYER, MEMBER = "buyer", "member"

ROLES: tuple[Role, ...] = (
    Role(HANDS_ON, 10.0, "evidence", "abuses children directly"),
    Role(CHILDREN_AT_RISK, 10.0, "evidence", "has access to children"),
    Role(POSSIBLY_NEW, 8.0, "media", "holds material no hash list knows (a new victim?)"),
    Role(ADMIN, 5.0, "network", "administers a group of a syndicate"),
    Role(SELLER, 5.0, "money", "paid by many for material"),
    Role(BROKER, 4.0, "network", "ties syndicates together"),
    Role(KEY_PLAYER, 4.0, "network", "central in their syndicate"),
    Role(COLLECTOR, 3.0, "money", "collects and passes on others' payments"),
    Role(SHARER_KNOWN, 3.0, "media", "shares known material"),
    Role(HOLDER_KNOWN, 2.0, "media", "holds known material"),
    Role(STRUCTURING, 2.0, "money", "splits payments below reporting thresholds"),
    Role(PASS_THROUGH, 2.0, "money", "passes money on as it comes in"),
    Role(FOREIGN_FUNDS, 1.5, "money", "receives money from another country"),
    Role(BUYER, 1.5, "money", "pays sellers"),
    Role(MEMBER, 0.5, "network", "a member of a syndicate"),
)
ROLE_BY_NAME: dict[str, Role] = {r.name: r for r in ROLES}
DEFAULT_ROLE_WEIGHT = 1.0
"""Weight of a role no entry of ``ROLES`` names (stored by an older or newer Clew)."""


def role(name: str) -> Role:
    """The declared role ``name``; ``KeyError`` for a name nobody declared."""
    return ROLE_BY_NAME[name]


def role_weight(name: str) -> float:
    """Priority weight of ``name`` (``DEFAULT_ROLE_WEIGHT`` for an undeclared one)."""
    found = ROLE_BY_NAME.get(name)
    return found.weight if found else DEFAULT_ROLE_WEIGHT


def role_order(name: str) -> tuple[int, str]:
    """Sort key: declared roles in ``ROLES`` order, undeclared ones after, by name."""
    found = ROLE_BY_NAME.get(name)
    return (ROLES.index(found) if found else len(ROLES), name)


def roles_of(analysis: str) -> tuple[str, ...]:
    """Names of the roles ``analysis`` assigns, in display order."""
    return tuple(r.name for r in ROLES if r.analysis == analysis)


class RunKind(StrEnum):
    """What a row of ``runs`` records."""

    INGEST = "ingest"
    RESOLVE = "resolve"
    NETWORK = "network"
    MONEY = "money"
    MEDIA = "media"
    MEDIA_HASH = "media-hash"
    HASHLIST_IMPORT = "hashlist-import"
    EVIDENCE = "evidence"
    PRIORITY = "priority"
    OUTCOMES_IMPORT = "outcomes-import"


@dataclass(frozen=True)
class ResultKind:
    """A stored analysis result and what it is computed from: the data it reads (``sources``:
    the visible sources' records; ``decisions``: analysts' same/different decisions;
    ``media``: hashed files and imported hash lists; ``rates``: installed exchange-rate files)
    and the other results it reads (their run kinds). Each run of the result records a mark of
    these (``clew.store.marks``); a stored result is current while the mark still matches.
    ``refresh`` is the command that recomputes it."""

    kind: str
    data: tuple[str, ...]
    results: tuple[str, ...]
    refresh: str


RESULTS: tuple[ResultKind, ...] = (
    ResultKind(RunKind.RESOLVE, ("sources", "decisions"), (), "clew resolve"),
    ResultKind(RunKind.NETWORK, ("sources",), (RunKind.RESOLVE,), "clew network"),
    ResultKind(RunKind.MONEY, ("sources", "rates"), (RunKind.RESOLVE, RunKind.NETWORK), "clew money run"),
    ResultKind(RunKind.MEDIA, ("sources", "media"), (RunKind.RESOLVE,), "clew media match"),
    ResultKind(
        RunKind.EVIDENCE,
        ("sources",),
        (RunKind.RESOLVE, RunKind.NETWORK, RunKind.MEDIA),
        "clew analyse --only evidence --only priority",
    ),
    ResultKind(
        RunKind.PRIORITY,
        (),
        (RunKind.NETWORK, RunKind.MONEY, RunKind.MEDIA, RunKind.EVIDENCE),
        "clew analyse --only priority",
    ),
)
"""Every stored analysis result, in pipeline order (``clew.pipeline.STEPS``)."""
RESULT_BY_KIND: dict[str, ResultKind] = {r.kind: r for r in RESULTS}


class RunStatus(StrEnum):
    """A run's ``status``: ``running`` until it ends ``done`` or ``failed``, or ``interrupted``
    when a later command finds its process gone (killed, Ctrl-C)."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


class AuditAction(StrEnum):
    """Every action written to the audit log, named ``<command>.<subcommand>`` after the command
    that writes it (``clew money trace`` → ``money.trace``); a pipeline step's run is
    ``<step>.run``, an ingested file ``ingest.file``, a score of ``clew evaluate``
    ``evaluate.<evaluator>``."""

    INGEST_FILE = "ingest.file"
    INGEST_ERRORS = "ingest.errors"
    INGEST_KEPT_RAW = "ingest.kept-raw"
    RESOLVE_RUN = "resolve.run"
    RESOLVE_DECIDE = "resolve.decide"
    RESOLVE_EXPLAIN = "resolve.explain"
    RESOLVE_DECISIONS = "resolve.decisions"
    SUBJECT_DISPLAY = "subject.display"
    NETWORK_RUN = "network.run"
    NETWORK_SYNDICATES = "network.syndicates"
    NETWORK_SUBJECT = "network.subject"
    NETWORK_PATH = "network.path"
    NETWORK_CHANGES = "network.changes"
    MONEY_RUN = "money.run"
    MONEY_TRACE = "money.trace"
    MONEY_FLOWS = "money.flows"
    MONEY_PATTERNS = "money.patterns"
    MONEY_PAYMENTS = "money.payments"
    MONEY_RATES_UPDATE = "money.rates.update"
    MEDIA_HASH = "media.hash"
    MEDIA_HASH_BATCH = "media.hash.batch"  # one per committed batch: a kill leaves none unaudited
    MEDIA_MATCH = "media.match"
    MEDIA_HOLDER = "media.holder"
    MEDIA_EXPORT = "media.export"
    HASHLIST_IMPORT = "hashlist.import"
    EVIDENCE_RUN = "evidence.run"
    PRIORITY_RUN = "priority.run"
    EXPORT_SUBJECTS = "export.subjects"
    EXPORT_FTM = "export.ftm"
    EXPORT_IDENTITIES = "export.identities"
    EVALUATE_RESOLVE = "evaluate.resolve"
    EVALUATE_NETWORK = "evaluate.network"
    EVALUATE_MONEY = "evaluate.money"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_PROVE = "audit.prove"
    # the server (issue 13): reads through the API, refusals, authentication and administration
    STATUS_VIEW = "status.view"
    SEARCH_QUERY = "search.query"
    SUBJECT_VIEW = "subject.view"
    NETWORK_NEIGHBOURHOOD = "network.neighbourhood"
    MEDIA_MATCHES = "media.matches"
    RESOLVE_UNDO = "resolve.undo"
    INGEST_START = "ingest.start"
    INGEST_CANCEL = "ingest.cancel"
    INGEST_RESUME = "ingest.resume"
    AUDIT_READ = "audit.read"
    ACCESS_REFUSED = "access.refused"
    ACCESS_DENIED = "access.denied"
    ACCESS_NOT_FOUND = "access.not-found"
    ACCESS_FORBIDDEN = "access.forbidden"
    ACCESS_CSRF = "access.csrf"
    AUTH_LOGIN = "auth.login"
    AUTH_LOGOUT = "auth.logout"
    AUTH_LOCKOUT = "auth.lockout"
    AUTH_RATE_LIMITED = "auth.rate-limited"
    AUTH_SESSION_EXPIRED = "auth.session-expired"
    AUTH_PASSWORD_CHANGE = "auth.password-change"
    AUTH_MFA_ENROL = "auth.mfa-enrol"
    ADMIN_USER_ADD = "admin.user-add"
    ADMIN_GRANT = "admin.grant"
    ADMIN_REVOKE = "admin.revoke"
    ADMIN_PERMIT = "admin.permit"
    ADMIN_DISABLE = "admin.disable"
    ADMIN_UNLOCK = "admin.unlock"
    ADMIN_TOKEN_ISSUE = "admin.token-issue"
    AUDIT_LIST = "audit.list"
    STATUS_SHOW = "status.show"
    OPERATIONS_CREATE = "operations.create"
    SOURCES_LIST = "sources.list"
    SOURCES_RETRACT = "sources.retract"
    SOURCES_RESTORE = "sources.restore"
    HASHLIST_LIST = "hashlist.list"
    MEDIA_ERRORS = "media.errors"
    MONEY_RATES_INFO = "money.rates.info"
    LEADS_BUILD = "leads.build"
    LEADS_READ = "leads.read"
    LEADS_EXPORT = "leads.export"
    LEADS_APPROVE = "leads.approve"
    LEADS_RELEASE = "leads.release"
    LEADS_PRESERVATION = "leads.preservation"
    LEADS_DIRECTORY = "leads.directory"
    DECONFLICT_OFFER = "deconflict.offer"
    DECONFLICT_RESPOND = "deconflict.respond"
    DECONFLICT_FINISH = "deconflict.finish"
    OUTCOMES_IMPORT = "outcomes.import"
    OUTCOMES_RECORD = "outcomes.record"
    STATS_READ = "stats.read"
    # the web app's islands (issue 14): link chart, country map, timeline
    CHART_EXPAND = "chart.expand"
    MAP_COUNTRIES = "map.countries"
    MAP_COUNTRY = "map.country"
    TIMELINE_EVENTS = "timeline.events"
    # the dashboard's lists (issue 14 item 2)
    SUBJECTS_LIST = "subjects.list"


LEGACY_ACTIONS: dict[str, AuditAction] = {
    "ingest": AuditAction.INGEST_FILE,
    "ingest-errors": AuditAction.INGEST_ERRORS,
    "ingest-kept-raw": AuditAction.INGEST_KEPT_RAW,
    "resolve": AuditAction.RESOLVE_RUN,
    "network.evaluate": AuditAction.EVALUATE_NETWORK,
    "money.evaluate": AuditAction.EVALUATE_MONEY,
}
"""Names older workspaces hold for today's actions. Entries are never rewritten (the hash chain
covers the name as written); readers map them with :func:`action_of`."""


def action_of(name: str) -> AuditAction | None:
    """Today's action for a name found in an audit log, old spelling or new; None if unknown."""
    try:
        return AuditAction(name)
    except ValueError:
        return LEGACY_ACTIONS.get(name)


# Installed applications a seized device's report lists that are leads in themselves: an account
# there is worth a request to the provider (messaging) or holds money (wallets, exchanges).
# Matched case-insensitively as a word in the app's name or package id (clew.ingest.ufdr_models).
LEAD_APPS: dict[str, tuple[str, ...]] = {
    "messaging": (
        "telegram", "whatsapp", "signal", "viber", "wickr", "threema", "session", "kik", "line",
        "wechat", "messenger", "discord", "snapchat", "wire", "element", "skype", "imo", "teams",
    ),
    "wallet": (
        "gcash", "paymaya", "maya", "paypal", "venmo", "cashapp", "squarecash", "revolut", "wise",
        "westernunion", "remitly", "coins", "binance", "coinbase", "trustwallet", "metamask", "exodus",
        "mpesa", "paytm", "alipay", "wallet",
    ),
}  # fmt: skip
