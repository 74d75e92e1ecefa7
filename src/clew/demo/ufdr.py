"""Writing synthetic Cellebrite UFDR reports (``report.xml`` in a ``.ufdr`` zip) for the demo,
the tests and ``bench/ufdr.py``.

The shape follows what Physical Analyzer writes and Aleph's ingest-file reads (namespace
``http://pa.cellebrite.com/report/2.0``; ``project/metadata`` device items, ``taggedFiles/file``,
``decodedData/modelType/model`` with ``field``/``multiModelField``/``modelField`` children).
Every person, number and file in it is synthetic. Each function returns one element as text, so
a big report can be written as a stream (``bench/ufdr.py``) and a small one assembled by
:class:`UfdrReport`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "http://pa.cellebrite.com/report/2.0"
STAMP = (2026, 3, 14, 9, 30, 0)


@dataclass
class Party:
    identifier: str | None = None
    name: str | None = None
    owner: bool = False  # IsPhoneOwner
    role: str | None = None  # From / To
    admin: bool = False


def value_field(name: str, value: object, kind: str = "String") -> str:
    if value is None or value == "":
        return ""
    return f'<field name="{name}" type="{kind}"><value type="{kind}">{escape(str(value))}</value></field>'


def model(kind: str, ident: str, *children: str) -> str:
    inner = "".join(c for c in children if c)
    attrs = f'type="{kind}" id={quoteattr(ident)} deleted_state="Intact" decoding_confidence="High"'
    return f"<model {attrs}>{inner}</model>"


def multi(name: str, kind: str, models: Iterable[str]) -> str:
    inner = "".join(models)
    return f'<multiModelField name="{name}" type="{kind}">{inner}</multiModelField>' if inner else ""


def party(p: Party, ident: str) -> str:
    return model(
        "Party",
        ident,
        value_field("Identifier", p.identifier),
        value_field("Name", p.name),
        value_field("Role", p.role),
        value_field("IsPhoneOwner", "True" if p.owner else None, "Boolean"),
        value_field("IsAdmin", "True" if p.admin else None, "Boolean"),
    )


def contact(
    ident: str,
    name: str | None,
    phones: Iterable[str] = (),
    emails: Iterable[str] = (),
    user_ids: Iterable[tuple[str, str]] = (),
    source: str = "Phone",
) -> str:
    entries = [
        model("PhoneNumber", f"{ident}-p{k}", value_field("Category", "Mobile"), value_field("Value", v))
        for k, v in enumerate(phones)
    ]
    entries += [model("EmailAddress", f"{ident}-e{k}", value_field("Value", v)) for k, v in enumerate(emails)]
    entries += [
        model("UserID", f"{ident}-u{k}", value_field("Category", app), value_field("Value", v))
        for k, (app, v) in enumerate(user_ids)
    ]
    return model(
        "Contact",
        ident,
        value_field("Source", source),
        value_field("Name", name),
        multi("Entries", "ContactEntry", entries),
    )


def account(
    ident: str, service: str, username: str | None, name: str | None = None, phones: Iterable[str] = ()
) -> str:
    entries = [model("PhoneNumber", f"{ident}-p{k}", value_field("Value", v)) for k, v in enumerate(phones)]
    return model(
        "UserAccount",
        ident,
        value_field("Source", service),
        value_field("Username", username),
        value_field("Name", name),
        multi("Entries", "ContactEntry", entries),
    )


def message(ident: str, when: str, sender: Party | None, to: Iterable[Party] = ()) -> str:
    frm = (
        f'<modelField name="From" type="Party">{party(sender, ident + "-from")}</modelField>'
        if sender
        else ""
    )
    return model(
        "InstantMessage",
        ident,
        value_field("TimeStamp", when, "TimeStamp"),
        frm,
        multi("To", "Party", (party(p, f"{ident}-to{k}") for k, p in enumerate(to))),
    )


def sms(ident: str, when: str, parties: Iterable[Party]) -> str:
    """An SMS: its parties carry their ``Role`` (From/To)."""
    return model(
        "SMS", ident, value_field("TimeStamp", when, "TimeStamp"),
        multi("Parties", "Party", (party(p, f"{ident}-p{k}") for k, p in enumerate(parties))),
    )  # fmt: skip


def chat(
    ident: str,
    service: str,
    chat_id: str | None,
    name: str | None,
    chat_type: str,
    participants: Iterable[Party],
    messages: Iterable[str] = (),
) -> str:
    return model(
        "Chat",
        ident,
        value_field("Source", service),
        value_field("Id", chat_id),
        value_field("Name", name),
        value_field("ChatType", chat_type),
        multi("Participants", "Party", (party(p, f"{ident}-p{k}") for k, p in enumerate(participants))),
        multi("Messages", "InstantMessage", messages),
    )


def call(ident: str, kind: str, when: str, seconds: int, parties: Iterable[Party]) -> str:
    duration = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return model(
        "Call",
        ident,
        value_field("Type", kind),
        value_field("TimeStamp", when, "TimeStamp"),
        value_field("Duration", duration, "TimeSpan"),
        multi("Parties", "Party", (party(p, f"{ident}-p{k}") for k, p in enumerate(parties))),
    )


def calendar(ident: str, subject: str, start: str, location: str | None, attendees: Iterable[Party]) -> str:
    return model(
        "CalendarEntry",
        ident,
        value_field("Subject", subject),
        value_field("StartDate", start, "TimeStamp"),
        value_field("Location", location),
        multi("Attendees", "Party", (party(p, f"{ident}-a{k}") for k, p in enumerate(attendees))),
    )


def app(ident: str, name: str, package: str, version: str = "1.0") -> str:
    return model(
        "InstalledApplication",
        ident,
        value_field("Name", name),
        value_field("Identifier", package),
        value_field("Version", version),
    )


def tagged_file(
    ident: str, path: str, size: int, local: str | None, hashes: dict[str, str], tags: str
) -> str:
    items = [f"<item name={quoteattr(k)}>{escape(v)}</item>" for k, v in hashes.items() if v]
    if local:
        items.insert(0, f'<item name="Local Path">{escape(local)}</item>')
    items.append(f'<item name="Tags">{escape(tags)}</item>')
    meta = f'<metadata section="File">{"".join(items)}</metadata>'
    attrs = f'fs="userdata" path={quoteattr(path)} size="{size}" id={quoteattr(ident)} deleted="Intact"'
    return f"<file {attrs}>{meta}</file>"


def head(project: str, device: dict[str, list[str]]) -> str:
    items = "".join(
        f'<item name={quoteattr(name)} sourceExtraction="0">{escape(v)}</item>'
        for name, values in device.items()
        for v in values
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<project id={quoteattr(project)} name="Synthetic extraction" reportVersion="7.0" xmlns="{NS}">\n'
        '<sourceExtractions><extractionInfo id="0" name="Logical" type="Logical" /></sourceExtractions>\n'
        f'<metadata section="Device Info">{items}</metadata>\n'
    )


def lines(elements: Iterable[str]) -> list[str]:
    return [f"{e}\n" for e in elements]


@dataclass
class UfdrReport:
    """A small report assembled in memory: models by type, tagged files, and files to put in the zip."""

    project: str
    device: dict[str, list[str]] = field(default_factory=dict)
    models: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)  # zip member -> bytes (benign generated)

    def add(self, kind: str, xml: str) -> None:
        self.models.setdefault(kind, []).append(xml)

    def xml(self) -> str:
        body = [
            head(self.project, self.device),
            "<taggedFiles>",
            *self.files,
            "</taggedFiles>\n<decodedData>\n",
        ]
        for kind, items in self.models.items():
            body += [f'<modelType type="{kind}">', *items, "</modelType>\n"]
        body.append("</decodedData>\n</project>\n")
        return "".join(body)

    def write(self, path: Path) -> Path:
        """Write ``path`` (a ``.ufdr`` zip); members are stored with a fixed time (reproducible)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo("report.xml", STAMP), self.xml(), zipfile.ZIP_DEFLATED)
            for name, data in sorted(self.blobs.items()):
                z.writestr(zipfile.ZipInfo(name, STAMP), data, zipfile.ZIP_DEFLATED)
        return path
