"""WhatsApp chat exports: ``_chat.txt`` (with or without its media beside it) or the zip
WhatsApp's "Export chat" produces (``WhatsApp Chat - <name>.zip`` holding ``_chat.txt``).

Two passes over the text, each holding one line at a time. The first finds the file's date
order (``whatsapp_lines.date_order``; when no day exceeds 12 the analyst states it with
``date_order:`` in the folder's ``source.yaml`` — never guessed), whether the chat is a
group, and its participants' names. The second builds the records. The exporter appears as
"You"/"Du" in notices and under their own profile name in messages: ``exporter:`` in
``source.yaml`` names it, and the manifest's ``owner:`` (the device's owner) owns that
account. A chat has no id in the export: its entities are keyed by the file's SHA-256.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from clew.errors import FormatError, Location
from clew.fswalk import digests_of
from clew.ingest.chats import Attachment, attachment, entity, file_schema, name_of
from clew.ingest.ids import (
    chat_account_id,
    chat_group_id,
    chat_item_id,
    chat_membership_id,
    chat_message_id,
    chat_named_id,
)
from clew.ingest.lines import read_lines
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name
from clew.ingest.whatsapp_lines import ORDERS, YOU, Stamped, attached, clean, date_order, iso, notice, stamped

SERVICE = "WhatsApp"
CHAT_NAMES = ("_chat.txt",)
PHONE = re.compile(r"^\+?[\d\s().-]{7,24}$")
MAX_MEMBER_BYTES = 2 * 2**30  # a zip member larger than this is not a chat's text (a zip bomb)
ZIP_ERRORS = (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError)


@dataclass
class Scan:
    """What the first pass learnt: the date order and the shape of the chat."""

    first: set[int] = field(default_factory=set)
    second: set[int] = field(default_factory=set)
    long_first: bool = False
    names: set[str] = field(default_factory=set)  # message senders as written
    group: bool = False
    title: str | None = None


def parse(text: str) -> tuple[Stamped, str | None, str, bool] | None:
    """``(stamp, sender or None, body, is_notice)`` of a line that starts an entry; None for a
    continuation line. iOS writes notices as ``Group: \u200e<notice>``: the mark says so."""
    s = stamped(clean(text))
    if s is None:
        return None
    name, sep, body = s.rest.partition(": ")
    if not sep:
        return s, None, s.rest, True
    raw = text.split(": ", 1)[1] if ": " in text else ""
    if raw.startswith("\u200e") and notice(clean(raw)) is not None:
        return s, None, clean(raw), True
    return s, name, body, False


class WhatsAppReader(Reader):
    """``_chat.txt``, ``WhatsApp Chat with X.txt`` or ``WhatsApp Chat - X.zip``."""

    name = "whatsapp"

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        name = lower_name(path)
        return name in CHAT_NAMES or (name.startswith("whatsapp chat") and name.endswith((".txt", ".zip")))

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
        return lower_name(path).endswith(".txt") and stamped(clean(first)) is not None

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        archive = None
        try:
            if lower_name(path).endswith(".zip"):
                archive = zipfile.ZipFile(path)
                member = _chat_member(archive, path)
                opener: Callable[[], IO[bytes]] = lambda: archive.open(member)  # noqa: E731
                size = member.file_size
            else:
                opener, size = (lambda: path.open("rb")), path.stat().st_size
            scan = self._scan(opener)
            order = self._order(scan, path, ctx)
            with opener() as fh:
                yield from _Chat(self, path, ctx, scan, order, archive).records(fh, size)
        except ZIP_ERRORS as exc:
            why = getattr(exc, "strerror", None) or exc
            raise FormatError(f"not a readable WhatsApp export: {why}", Location(file=str(path))) from exc
        finally:
            if archive is not None:
                archive.close()

    def _scan(self, opener: Callable[[], IO[bytes]]) -> Scan:
        scan = Scan()
        with opener() as fh:
            for line in read_lines(fh):
                entry = parse(line.data.decode("utf-8", "replace")) if not line.oversized else None
                if entry is None:
                    continue
                s, sender, body, is_notice = entry
                scan.first.add(s.a)
                scan.second.add(s.b)
                scan.long_first = scan.long_first or s.a > 999
                if sender is not None:
                    scan.names.add(sender.strip())
                elif is_notice and (found := notice(body)) is not None:
                    scan.group = True
                    scan.title = found[3] or scan.title
        scan.group = scan.group or len(scan.names) > 2
        return scan

    def _order(self, scan: Scan, path: Path, ctx: SourceContext) -> str:
        """The file's date order: from its dates, else the manifest's ``date_order``; an
        ambiguous file without one, or one whose dates contradict each other, is refused."""
        found = date_order(scan.first, scan.second, scan.long_first)
        stated = ctx.extra.get("date_order")
        where = Location(file=str(path), field="date")
        if found == "conflict":
            raise FormatError("dates are day-first on some lines and month-first on others", where)
        if found is None and stated is None and scan.first:
            raise FormatError(
                "every date could be day-first or month-first (no day above 12): state "
                f"date_order: {' or '.join(ORDERS[:2])} in the folder's source.yaml",
                where,
            )
        if found is not None and stated is not None and found != stated:
            raise FormatError(
                f"source.yaml says date_order {stated}, but the dates are {found}",
                Location(file=str(path), field="date_order"),
            )
        return found or stated or ORDERS[0]


class _Chat:
    """The second pass over one export."""

    def __init__(
        self,
        reader: WhatsAppReader,
        path: Path,
        ctx: SourceContext,
        scan: Scan,
        order: str,
        archive: zipfile.ZipFile | None,
    ) -> None:
        self.reader, self.path, self.ctx, self.scan, self.order, self.archive = (
            reader,
            path,
            ctx,
            scan,
            order,
            archive,
        )
        self.chat = ctx.sha256 or "0"
        self.exporter: str | None = ctx.extra.get("exporter")
        self.owner = chat_named_id(SERVICE, "owner", ctx.owner) if ctx.owner else None
        self.group = chat_group_id(SERVICE, self.chat) if scan.group else None
        self.seen: set[Any] = set()
        people = {self.account(n)[0] for n in scan.names}
        self.parties = sorted(people | ({self.me()} if len(people) < 2 else set()))

    def me(self) -> str:
        return self.owner or chat_named_id(SERVICE, self.chat, "(exporter)")

    def account(self, name: str) -> tuple[str, dict[str, Any]]:
        """The account a display name stands for: the exporter's ("You", or ``exporter``), a
        phone number's (unsaved contacts show as numbers), else the name in this chat."""
        if name in YOU or (self.exporter and name == self.exporter):
            return self.me(), {"owner": self.ctx.owner, "name": self.exporter}
        if PHONE.match(name) and sum(ch.isdigit() for ch in name) >= 7:
            digits = "".join(ch for ch in name if ch.isdigit())
            return chat_account_id(SERVICE, ("+" if name.startswith("+") else "") + digits), {"phone": name}
        return chat_named_id(SERVICE, self.chat, name), {"name": name}

    def records(self, fh: IO[bytes], size: int) -> Iterator[RecordResult]:
        if self.group is not None:
            yield RecordResult(
                "chat",
                None,
                entity=entity(
                    self.group,
                    "Organization",
                    name=self.scan.title or _chat_title(self.path),
                    topics="clew.chatgroup",
                    description=f"{SERVICE} group (export {self.chat[:12]})",
                ),
            )
        scale = self.ctx.path.stat().st_size / max(size, 1)
        for line in read_lines(fh):
            self.reader.position = int(fh.tell() * scale) if hasattr(fh, "tell") else 0
            if line.oversized:
                continue  # a line over 8 MiB: a message's text, never stored
            locator = f"line {line.number}"
            try:
                text = line.data.decode("utf-8")
            except UnicodeDecodeError as exc:
                why = f"invalid UTF-8 at byte {exc.start}"
                yield RecordResult.fail(locator, line.number, why, "(encoding)", line.data)
                continue
            entry = parse(text)
            if entry is None:
                continue  # a continuation of a message's text
            s, sender, body, _notice = entry
            date = iso(s, self.order)
            if date is None:
                why = f"not a date and time read {self.order}"
                yield RecordResult.fail(locator, line.number, why, "date", text)
            elif sender is None:
                yield from self.notice(body, locator, line.number, date)
            else:
                yield from self.message(sender.strip(), body, locator, line.number, date)

    def notice(self, body: str, locator: str, line: int, date: str) -> Iterator[RecordResult]:
        found = notice(body) if self.group is not None else None
        if found is None:
            return  # "Messages and calls are end-to-end encrypted", a subject or icon change …
        event, actor, who, _title = found
        if actor and event in ("created", "added", "removed"):
            yield from self.member(
                actor,
                locator,
                line,
                date if event == "created" else None,
                "creator" if event == "created" else "member",
            )
        for name in who:
            yield from self.member(
                name,
                locator,
                line,
                date,
                "admin" if event == "admin" else "member",
                left=event in ("left", "removed"),
            )

    def participant(self, name: str, locator: str, line: int) -> Iterator[RecordResult | str]:
        account, props = self.account(name_of(name) or name)
        if account not in self.seen:
            self.seen.add(account)
            yield RecordResult(locator, line, entity=entity(account, "UserAccount", service=SERVICE, **props))
        yield account

    def member(
        self, name: str, locator: str, line: int, date: str | None, role: str, left: bool = False
    ) -> Iterator[RecordResult]:
        """A membership: its first sighting (with the role), a join date, a leaving date."""
        *out, account = self.participant(name, locator, line)
        yield from out  # type: ignore[misc]
        key = ("member", account)
        first = key not in self.seen
        if (not first and not date and role == "member") or self.group is None:
            return
        self.seen.add(key)
        props: dict[str, Any] = {"endDate" if left else "startDate": date}
        if first or role != "member":
            props.update(member=account, organization=self.group, role=role)
        mid = chat_membership_id(SERVICE, self.chat, str(account))
        yield RecordResult(locator, line, entity=entity(mid, "Membership", **props))

    def message(self, name: str, body: str, locator: str, line: int, date: str) -> Iterator[RecordResult]:
        *out, account = self.participant(name, locator, line)
        yield from out  # type: ignore[misc]
        if self.group is not None:
            yield from self.member(name, locator, line, None, "member")
            to: list[str] = []
        else:
            to = [p for p in self.parties if p != account][:1]
        yield RecordResult(
            locator,
            line,
            entity=entity(
                chat_message_id(SERVICE, self.chat, locator),
                "Message",
                senderAccount=account,
                date=date,
                recipientAccount=to,
                clew_group=self.group,
            ),
        )
        file_name = attached(body)
        if file_name:
            yield from self.file(file_name, str(account), date, locator, line)

    def file(self, name: str, holder: str, date: str, locator: str, line: int) -> list[RecordResult]:
        """An attachment: hashed when beside ``_chat.txt`` or in the zip (bytes never kept)."""
        props = {"clew_holder": holder, "clew_group": self.group, "date": date}
        if self.archive is None:
            item = Attachment(name)
            return attachment(
                self.path.parent, SERVICE, self.chat, locator, item, props, locator, "file", line
            )
        out: list[RecordResult] = []
        hashes: dict[str, Any] = {}
        info = next((i for i in self.archive.infolist() if i.filename == name and not i.is_dir()), None)
        if info is None:
            out.append(RecordResult.fail(locator, line, "attached file is not in the zip", "file", name))
        else:
            try:
                with self.archive.open(info) as fh:
                    found = digests_of(fh)
            except ZIP_ERRORS as exc:
                out.append(RecordResult.fail(locator, line, f"attached file not hashed: {exc}", "file", name))
            else:
                hashes = {
                    "contentHash": found.sha1,
                    "clew_md5": found.md5,
                    "clew_sha256": found.sha256,
                    "fileSize": found.size,
                }
        fid = chat_item_id(SERVICE, self.chat, locator, f"file:{name}")
        out.insert(
            0,
            RecordResult(
                locator, line, entity=entity(fid, file_schema(name), fileName=name, **hashes, **props)
            ),
        )
        return out


def _chat_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    found = [
        i
        for i in archive.infolist()
        if os.path.basename(i.filename) in CHAT_NAMES
        or (i.filename.lower().startswith("whatsapp chat") and i.filename.lower().endswith(".txt"))
    ]
    if not found:
        raise FormatError("the zip holds no _chat.txt", Location(file=str(path)))
    if found[0].file_size > MAX_MEMBER_BYTES:
        why = f"_chat.txt in the zip would be {found[0].file_size} bytes: not a chat's text"
        raise FormatError(why, Location(file=str(path)))
    return found[0]


def _chat_title(path: Path) -> str | None:
    """``WhatsApp Chat with Sunrise`` / ``WhatsApp Chat - Sunrise`` → ``Sunrise``."""
    for prefix in ("WhatsApp Chat with ", "WhatsApp Chat - "):
        if path.stem.startswith(prefix):
            return path.stem[len(prefix) :] or None
    return None
