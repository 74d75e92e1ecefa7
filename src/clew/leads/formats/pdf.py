"""A lead package as a PDF for the receiving officer (``reportlab``): the envelope and handling
on the first page, then per subject its identifiers, country evidence, activity (counts of
hash-list matches only), money and a small picture of its ties; then preservation requests,
the formal route, requested action and how to answer. Tests read it back with ``pypdf``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

STYLES = getSampleStyleSheet()
MAX_ROWS = 40  # per table: the JSON holds everything, the PDF is for reading
DETAILED = 25  # subjects with a page of their own (highest priority first); the rest in one table
PICTURE_NODES = 12
IDENTIFIER_WIDTHS = (16, 38, 31, 41, 23, 10)  # mm, 159 in all: A4's frame; values wide, the rest narrow


def _p(text: Any, style: str = "BodyText") -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")), STYLES[style])


def _table(header: list[str], rows: list[list[Any]], widths: tuple[float, ...] | None = None) -> Table:
    """A gridded table; ``widths`` in mm (default: equal columns over the frame)."""
    shown = rows[:MAX_ROWS] + (
        [[f"… {len(rows) - MAX_ROWS} more in the JSON package"] + [""] * (len(header) - 1)]
        if len(rows) > MAX_ROWS
        else []
    )
    t = Table(
        [[_p(h, "Heading6") for h in header]] + [[_p(c) for c in r] for r in shown],
        repeatRows=1,
        colWidths=[w * mm for w in widths] if widths else None,
    )
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def picture(subject: dict[str, Any]) -> Drawing:
    """The subject in the middle, its strongest bridges around it, labelled with their country."""
    d = Drawing(160 * mm, 60 * mm)
    cx, cy, r = 80 * mm, 30 * mm, 24 * mm
    bridges = subject["bridges"][:PICTURE_NODES]
    for i, b in enumerate(bridges):
        a = 2 * math.pi * i / max(1, len(bridges))
        x, y = cx + 2.2 * r * math.cos(a), cy + r * math.sin(a)
        d.add(Line(cx, cy, x, y, strokeColor=colors.grey, strokeWidth=0.5 + min(3.0, b["weight"])))
        d.add(Circle(x, y, 3 * mm, fillColor=colors.lightblue, strokeColor=colors.black))
        d.add(String(x - 8 * mm, y - 6 * mm, f"{b['subject_id'][-6:]} {b['country'] or '?'}", fontSize=6))
    d.add(Circle(cx, cy, 4 * mm, fillColor=colors.orange, strokeColor=colors.black))
    d.add(String(cx - 10 * mm, cy - 8 * mm, subject["subject_id"], fontSize=7))
    return d


def _evidence(e: dict[str, Any]) -> str:
    """One piece of country evidence; an IP address with when it was used and the zone then."""
    text = f"{e['rule']} {e['key']}"
    if e["seen_at"]:
        return f"{text} used {e['seen_at']} ({e['time_zone']})"
    return f"{text} (time of use unknown; {e['time_zone']})" if e["time_zone"] else text


def story(document: dict[str, Any]) -> list[Any]:
    env, handling = document["envelope"], document["handling"]
    out: list[Any] = [
        _p(f"{handling['tlp']}  ·  {', '.join(c['code'] for c in handling['handling_codes'])}", "Heading4"),
        _p(f"Lead package {env['package_id']} version {env['version']}", "Title"),
    ]
    out.append(
        _table(
            ["field", "value"],
            [[k.replace("_", " "), ", ".join(v) if isinstance(v, list) else v] for k, v in env.items()],
        )
    )
    out.append(_p("Handling", "Heading2"))
    out.append(
        _table(
            ["code", "meaning"],
            [[c["code"], c["meaning"]] for c in handling["handling_codes"]]
            + [["review", handling["review_date"]], ["legal basis", handling["legal_basis"]]],
        )
    )
    out.append(_p("Priority", "Heading2"))
    out.append(
        _table(
            ["subject", "priority", "reasons"],
            [
                [s["subject_id"], s["priority"], ", ".join(sorted({r.get("role", "") for r in s["reasons"]}))]
                for s in document["priority"]["subjects"]
            ],
        )
    )
    activity = {a["subject_id"]: a for a in document["activity"]}
    money = {m["subject_id"]: m["payments"] for m in document["money"]}
    for subject in document["subjects"][:DETAILED]:
        sid = subject["subject_id"]
        act = activity.get(sid, {})
        out += [
            PageBreak(),
            _p(f"Subject {sid}", "Heading2"),
            _p(
                f"Name: {subject['display_name'] or '-'}; also {', '.join(subject['names'][:8]) or '-'}; "
                f"born {', '.join(subject['birth_dates']) or '-'}; attributed country "
                f"{subject['attributed_country'] or '-'}; syndicate {act.get('syndicate_id') or '-'}; roles "
                f"{', '.join(sorted({r['role'] for r in act.get('roles', [])})) or '-'}; active "
                f"{act.get('date_range', {}).get('from') or '?'} to "
                f"{act.get('date_range', {}).get('to') or '?'}"
            ),
        ]
        out.append(
            _table(
                ["kind", "normalised", "raw", "source", "collected", "eval"],
                [
                    [
                        i["kind"],
                        i["value"],
                        i["raw"],
                        i["source"],
                        i["collected"],
                        i["evaluation"]["source_reliability"] + i["evaluation"]["information_accuracy"],
                    ]
                    for i in subject["identifiers"]
                ],
                IDENTIFIER_WIDTHS,
            )
        )
        out.append(_p("Country evidence", "Heading4"))
        out.append(
            _table(
                ["country", "share", "evidence"],
                [
                    [
                        c["country"],
                        c["share"],
                        "; ".join(_evidence(e) for e in c["evidence"][:6]),
                    ]
                    for c in subject["country_evidence"]
                ],
                (20, 15, 124),
            )
        )
        if act.get("hash_list_matches"):
            out.append(_p("Hash-list matches (counts only)", "Heading4"))
            out.append(
                _table(
                    ["hash list", "series", "match", "count"],
                    [[m["hash_list"], m["series"], m["match"], m["count"]] for m in act["hash_list_matches"]],
                )
            )
        if money.get(sid):
            out.append(_p("Payments", "Heading4"))
            out.append(
                _table(
                    ["date", "dir", "amount", "counterpart", "country", "foreign"],
                    [
                        [
                            p["date"],
                            p["direction"],
                            f"{p['amount']} {p['currency']}",
                            p["counterpart_account"],
                            p["counterpart_country"],
                            "yes" if p["foreign"] else "",
                        ]
                        for p in money[sid]
                    ],
                )
            )
        if subject["bridges"]:
            out += [_p("Ties to other countries", "Heading4"), picture(subject)]
    rest = document["subjects"][DETAILED:]
    if rest:
        out += [
            PageBreak(),
            _p(f"Further subjects ({len(rest)}; full detail in the JSON package)", "Heading2"),
            Table(
                [["subject", "attributed", "identifiers"]]
                + [
                    [
                        s["subject_id"],
                        s["attributed_country"] or "",
                        ", ".join(i["value"] for i in s["identifiers"][:3]),
                    ]
                    for s in rest
                ],
                repeatRows=1,
            ),
        ]
    out += [PageBreak(), _p("Evidence and preservation", "Heading2")]
    route = document["evidence"]["formal_route"]
    out.append(
        _p(
            f"Formal route: {route['route']} (channel {route['channel']}, expect about "
            f"{route['expected_days']} days)"
        )
    )
    out.append(
        _table(
            ["request", "provider", "account", "from", "to", "days"],
            [
                [r["request_id"], r["provider"], r["account"], r["date_from"], r["date_to"], r["days"]]
                for r in document["evidence"]["preservation_requests"]
            ],
        )
    )
    out += [
        Spacer(1, 6 * mm),
        _p("Requested action: " + ", ".join(document["requested_action"]["actions"]), "Heading3"),
        _p(
            "Feedback: return the feedback block of the JSON package with outcomes filled in (kinds: "
            + ", ".join(document["feedback"]["outcome_kinds"])
            + ")."
        ),
        _p(f"SHA-256 {document['integrity']['sha256']}; Ed25519 key {document['integrity']['public_key']}"),
    ]
    return out


def write(document: dict[str, Any], path: Path) -> Path:
    env = document["envelope"]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=f"Lead package {env['package_id']}",
        author=env["sending_unit"],
        subject=document["handling"]["tlp"],
    )
    doc.build(story(document))
    return path


def write_preservation(document: dict[str, Any], path: Path) -> Path:
    """The package's preservation requests, one table (legal basis and term stated once each)."""
    env, requests = document["envelope"], document["evidence"]["preservation_requests"]
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=f"Preservation requests {env['package_id']}")
    parts: list[Any] = [
        _p(document["handling"]["tlp"], "Heading4"),
        _p(f"Preservation requests — {env['package_id']} v{env['version']}", "Title"),
        _p(
            f"From {env['sending_unit']} ({env['point_of_contact']}) to the providers below, "
            f"through {env['receiving_agency']}."
        ),
    ]
    for basis in sorted({(r["legal_basis"], r["days"], r["renewable"]) for r in requests}):
        parts.append(
            _p(f"Legal basis: {basis[0]}; preserve for {basis[1]} days" + (", renewable" if basis[2] else ""))
        )
    rows = [
        [r["request_id"], r["provider"], r["account_kind"], r["account"], r["date_from"], r["date_to"]]
        for r in requests
    ]
    table = Table([["request", "provider", "kind", "account", "from", "to"], *rows], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    doc.build([*parts, Spacer(1, 4 * mm), table])
    return path


def text(path: Path) -> str:
    """The text of a PDF (pypdf), for tests and checks."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
