"""Platform tip reports (``*.tip.json``, ``"format": "clew-tip-report/1"``).

Modelled on the public structure of NCMEC CyberTipline reports. A report becomes a
``UserAccount`` per reported account, an ``Event`` per IP event and one for the incident,
and an ``Image``/``Video``/``Document`` per uploaded file with its hashes. Hashes only:
no file content is ever part of a report.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from clew.errors import FormatError, Location
from clew.ingest.ids import tip_account_id, tip_event_id, tip_file_id
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name
from clew.ingest.region import Region

FORMAT = "clew-tip-report/1"
MAX_SIZE = 64 * 2**20
IMAGE = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff")
VIDEO = (".mp4", ".avi", ".mov", ".mkv", ".wmv", ".webm", ".3gp", ".m4v", ".mpg", ".mpeg", ".flv")


class TipReader(Reader):
    name = "tip"

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        return lower_name(path).endswith(".tip.json")

    def sniff(self, path: Path, head: bytes) -> bool:
        return FORMAT.encode() in head

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        where = Location(file=str(path))
        try:
            if path.stat().st_size > MAX_SIZE:
                raise FormatError(f"larger than {MAX_SIZE} bytes: not a tip report", where)
            data = path.read_bytes()
        except OSError as exc:
            raise FormatError(f"cannot read: {exc.strerror or exc}", where) from exc
        self.position = len(data)
        try:
            doc = orjson.loads(data.removeprefix(codecs.BOM_UTF8))
        except orjson.JSONDecodeError as exc:
            raise FormatError(f"malformed JSON: {exc}", Location(file=str(path), line=exc.lineno)) from exc
        reports = doc if isinstance(doc, list) else [doc]
        for index, report in enumerate(reports):
            prefix = f"$[{index}]" if isinstance(doc, list) else "$"
            yield from read_report(report, prefix, index + 1 if isinstance(doc, list) else None)


def read_report(report: Any, prefix: str, line: int | None) -> Iterator[RecordResult]:
    """One report's entities; each problem is an error naming the JSON path as the field."""
    if not isinstance(report, dict):
        yield RecordResult.fail(prefix, line, "a report must be a JSON object", prefix, report)
        return
    if report.get("format") != FORMAT:
        yield RecordResult.fail(
            prefix, line, f"format is not {FORMAT!r}", f"{prefix}.format", report.get("format")
        )
        return
    report_id = _text(report.get("report_id"))
    if not report_id:
        yield RecordResult.fail(prefix, line, "no report_id", f"{prefix}.report_id", report)
        return
    yield from _wrong_types(report, prefix, line)
    hint = (_text(report.get("country_hint")) or "").upper() or None
    platform = report.get("reporting_platform") or {}
    platform_name = _text(platform.get("name")) if isinstance(platform, dict) else None
    accounts: dict[str, str] = {}
    account_ids: list[str] = []
    for i, acct in enumerate(_items(report.get("reported_accounts"))):
        loc = f"{prefix}.reported_accounts[{i}]"
        if not isinstance(acct, dict):
            yield RecordResult.fail(loc, line, "an account must be a JSON object", loc, acct)
            continue
        service = _text(acct.get("service")) or platform_name
        user_id, username = _text(acct.get("user_id")), _text(acct.get("username"))
        if not service or not (user_id or username):
            yield RecordResult.fail(
                loc, line, "an account needs a service and a user_id or username", loc, acct
            )
            continue
        entity_id = tip_account_id(service, user_id, username)
        for key in (user_id, username):
            if key:
                accounts[key] = entity_id
        account_ids.append(entity_id)
        events = acct.get("ip_events")
        yield from _wrong_types(acct, loc, line, {"ip_events": list})
        for j, event in enumerate(_items(events)):
            if not isinstance(event, dict):
                eloc = f"{loc}.ip_events[{j}]"
                why = "an IP event must be a JSON object; kept raw here"
                yield RecordResult.fail(eloc, line, why, eloc, event)
        ip_events = [e for e in _items(events) if isinstance(e, dict)]
        props = {
            "service": [service],
            "username": _list(username),
            "clew:userId": _list(user_id),
            "name": _list(acct.get("display_name")),
            "email": _list(acct.get("emails")),
            "phone": _list(acct.get("phones")),
            "clew:dateOfBirth": _list(acct.get("date_of_birth")),
            "ipAddress": [ip for e in ip_events for ip in _list(e.get("ip"))],
        }
        yield _entity(loc, line, entity_id, "UserAccount", props, hint)
        for j, event in enumerate(ip_events):
            eloc = f"{loc}.ip_events[{j}]"
            yield _entity(
                eloc,
                line,
                tip_event_id(report_id, f"ip:{i}:{j}"),
                "Event",
                {
                    "name": [f"IP event: {_text(event.get('event')) or 'seen'}"],
                    "date": _list(event.get("time")),
                    "ipMentioned": _list(event.get("ip")),
                    "involved": [entity_id],
                    "recordId": [report_id],
                },
                hint,
            )
    incident = report.get("incident") or {}
    if not isinstance(incident, dict):
        incident = {}
    description = f"Tip report {report_id} from {platform_name or 'an unnamed platform'}"
    contact = _text(platform.get("contact_email")) if isinstance(platform, dict) else None
    if contact:
        description += f" (contact {contact})"
    yield _entity(
        prefix,
        line,
        tip_event_id(report_id, "incident"),
        "Event",
        {
            "name": [f"Tip report {report_id}: {_text(incident.get('type')) or 'incident'}"],
            "keywords": _list(incident.get("type")),
            "date": _list(incident.get("time")),
            "involved": account_ids,
            "publisher": _list(platform_name),
            "recordId": [report_id],
            "description": [description],
            "country": _list(hint),
        },
        hint,
    )
    for k, item in enumerate(_items(report.get("files"))):
        floc = f"{prefix}.files[{k}]"
        if not isinstance(item, dict):
            yield RecordResult.fail(floc, line, "a file must be a JSON object", floc, item)
            continue
        name = _text(item.get("file_name")) or ""
        schema = (
            "Image"
            if name.lower().endswith(IMAGE)
            else "Video"
            if name.lower().endswith(VIDEO)
            else "Document"
        )
        uploader = _text(item.get("uploaded_by"))
        holder = accounts.get(uploader or "") or (
            tip_account_id(platform_name, uploader, None) if uploader and platform_name else None
        )
        props = {
            "fileName": _list(name),
            "contentHash": _list(item.get("sha1")),
            "clew:md5": _list(item.get("md5")),
            "clew:sha256": _list(item.get("sha256")),
            "clew:pdq": _list(item.get("pdq")),
            "clew:holder": _list(holder),
            "date": _list(item.get("upload_time")),
        }
        yield _entity(floc, line, tip_file_id(report_id, k), schema, props, hint)


def _entity(
    locator: str, line: int | None, entity_id: str, schema: str, props: dict[str, list[str]], hint: str | None
) -> RecordResult:
    props = {k: v for k, v in props.items() if v}
    region = Region(hint, None, own_first=False) if hint else None
    return RecordResult(
        locator, line, entity={"id": entity_id, "schema": schema, "properties": props}, region=region
    )


# The type each field of a report must have; a field of another type is quarantined with its
# raw value and the reason (never silently dropped, issue 10 item 2), the rest is read.
REPORT_TYPES: dict[str, type | tuple[type, ...]] = {
    "country_hint": str,
    "reporting_platform": dict,
    "incident": dict,
    "reported_accounts": list,
    "files": list,
}


def _wrong_types(
    obj: dict, prefix: str, line: int | None, types: dict[str, type | tuple[type, ...]] = REPORT_TYPES
) -> Iterator[RecordResult]:
    for key, kind in types.items():
        value = obj.get(key)
        if value is not None and not isinstance(value, kind):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            want, got = _JSON_NAMES.get(names, names), _JSON_NAMES.get(type(value).__name__, "a value")
            where = f"{prefix}.{key}"
            why = f"{key} must be {want}, not {got}; kept raw here"
            yield RecordResult.fail(where, line, why, where, value)


_JSON_NAMES = {"dict": "a JSON object", "list": "a JSON array", "str": "text", "int": "a number"}


def _items(value: Any) -> list:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _list(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [t for v in values if (t := _text(v))]
