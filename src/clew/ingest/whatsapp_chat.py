"""The second pass over a WhatsApp export (``clew.ingest.whatsapp``): the records of its lines —
accounts, the group and its memberships, messages (date, sender, recipients; the text is never
kept), attached files hashed when beside ``_chat.txt`` or in the zip."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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
from clew.ingest.records import Reader, RecordResult, SourceContext
from clew.ingest.whatsapp_lines import YOU, attached, iso, notice
from clew.ingest.whatsapp_scan import Scan, parse

SERVICE = "WhatsApp"
PHONE = re.compile(r"^\+?[\d\s().-]{7,24}$")
ZIP_ERRORS = (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError)


class Chat:
    """The second pass over one export: its records, one line at a time."""

    def __init__(
        self,
        reader: Reader,
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
                    name=self.scan.title or chat_title(self.path),
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


def chat_title(path: Path) -> str | None:
    """``WhatsApp Chat with Sunrise`` / ``WhatsApp Chat - Sunrise`` → ``Sunrise``."""
    for prefix in ("WhatsApp Chat with ", "WhatsApp Chat - "):
        if path.stem.startswith(prefix):
            return path.stem[len(prefix) :] or None
    return None
