"""Deterministic entity ids for records whose source gives none.

Other packages (the demo's ground truth, tests) compute the same ids with these functions,
so they are part of the ingest contract. All use FtM's ``make_entity_id`` (SHA-1 of the parts;
chat exports' through ``_text_id``, the same id computed faster), except UFDR's, a plain SHA-1
of the parts (``_sha1``).
"""

from __future__ import annotations

import hashlib

from followthemoney.types import registry
from followthemoney.util import key_bytes, make_entity_id


def line_entity_id(sha256: str, locator: str) -> str:
    """An FtM entity without ``id``: from the source's SHA-256 and the record's locator."""
    return make_entity_id(sha256, locator) or sha256


def mapped_entity_id(name: str, key_values: list[str], key_literal: str | None = None) -> str | None:
    """A mapping entity's id: the mapping entity name (and ``key_literal``) plus its key values.

    Key values are sorted, empty ones ignored (as FtM's mapper does); ``None`` when all are empty,
    which means the row has no such entity.
    """
    values = sorted(v for v in key_values if v)
    if not values:
        return None
    prefix = name if not key_literal else f"{name}:{key_literal}"
    return make_entity_id(*values, key_prefix=prefix)


def tip_account_id(service: str, user_id: str | None, username: str | None) -> str:
    """A reported platform account: one entity per (service, user id or else user name)."""
    return make_entity_id("clew:tip-account", service.strip().lower(), user_id or username or "")  # type: ignore[return-value]


def tip_file_id(report_id: str, index: int) -> str:
    return make_entity_id("clew:tip-file", report_id, str(index))  # type: ignore[return-value]


def tip_event_id(report_id: str, name: str) -> str:
    return make_entity_id("clew:tip-event", report_id, name)  # type: ignore[return-value]


def p2p_account_id(network: str, client_id: str) -> str:
    """A peer seen in P2P logs: one entity per (network, client id), across files."""
    return make_entity_id("clew:p2p-account", network.strip().lower(), client_id.strip())  # type: ignore[return-value]


def p2p_file_id(sha1: str | None, infohash: str | None) -> str:
    """A file offered on a P2P network: one entity per SHA-1 (or infohash when no SHA-1)."""
    return make_entity_id("clew:p2p-file", (sha1 or "").lower(), (infohash or "").lower())  # type: ignore[return-value]


def p2p_observation_id(sha256: str, line: int) -> str:
    return make_entity_id("clew:p2p-observation", sha256, str(line))  # type: ignore[return-value]


def _sha1(*parts: str) -> str:
    """SHA-1 over the parts, as ``make_entity_id`` but without its text cleaning: a UFDR report
    has millions of messages, and these parts are already plain ids (5x faster)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def ufdr_owner_id(project: str) -> str:
    """The owner of the device a UFDR report was made from: one entity per report (project id)."""
    return _sha1("clew:ufdr-owner", project)


def ufdr_model_id(project: str, model_id: str) -> str:
    """A model (contact, call, message, event) or tagged file of a UFDR report, by its element id."""
    return _sha1("clew:ufdr-model", project, model_id)


def ufdr_account_id(project: str, service: str, identifier: str) -> str:
    """An app account seen in a UFDR report (the owner's, a chat participant's): one record per
    report and (app, identifier), as every source's own record of an account is; resolution
    joins the reports' records of one account on its user name or number."""
    return _sha1("clew:ufdr-account", project, service.strip().lower(), identifier.strip().lower())


def ufdr_group_id(service: str, chat_id: str) -> str:
    """A group chat by the app's own chat id: the id itself when it is a valid FtM id (as a
    platform return's mapping names the group with ``id_column``, so the group the provider
    returned and the group seen on a phone are one entity), else a hash of (app, chat id).
    The same group on two devices is one entity either way."""
    chat = chat_id.strip()
    if registry.entity.clean(chat) == chat:
        return chat
    return _sha1("clew:ufdr-group", service.strip().lower(), chat)


def ufdr_party_id(project: str, identifier: str) -> str:
    """A call or message party that is neither the owner nor a contact of the report."""
    return _sha1("clew:ufdr-party", project, identifier.strip().lower())


def _text_id(*parts: object) -> str:
    """``make_entity_id`` of the parts, the same id (each text part stripped, in UTF-8, hashed in
    turn; other values as FtM turns them into bytes) without FtM's type dispatch per part: a chat
    export computes a message id, and more, per message (``tests/ingest/test_values.py`` holds
    the two equal). The first part is a non-empty prefix, so there is always an id."""
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.strip().encode("utf-8") if isinstance(part, str) else key_bytes(part))
    return digest.hexdigest()


def chat_account_id(service: str, user_id: str) -> str:
    """An account of a chat service known by its numeric id (Telegram ``user123`` → ``123``), or
    by phone number (WhatsApp): one entity per (service, id) across chats, exports and files."""
    return _text_id("clew:chat-account", service.strip().lower(), user_id.strip())


def chat_named_id(service: str, chat: str, name: str) -> str:
    """A member an export names only by display name: one entity per (service, chat, name)."""
    return _text_id("clew:chat-named", service.strip().lower(), chat, name.strip())


def chat_group_id(service: str, chat: str) -> str:
    """A group, supergroup or channel: one entity per (service, chat id) across exports."""
    return _text_id("clew:chat-group", service.strip().lower(), chat)


def chat_membership_id(service: str, chat: str, member: str) -> str:
    return _text_id("clew:chat-membership", service.strip().lower(), chat, member)


def chat_message_id(service: str, chat: str, message: str) -> str:
    """A message: (service, chat, message id); two members' exports of a group name it alike."""
    return _text_id("clew:chat-message", service.strip().lower(), chat, message)


def chat_item_id(service: str, chat: str, message: str, kind: str) -> str:
    """Something a message carries (a file, a call): (service, chat, message id, kind)."""
    return _text_id("clew:chat-item", service.strip().lower(), chat, message, kind)
