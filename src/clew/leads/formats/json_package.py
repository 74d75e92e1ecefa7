"""The JSON lead package and its published JSON Schema (``clew/leads/data/lead-package.schema.json``,
printed by ``clew leads schema``). The schema is declared here, from the leads vocabulary, so
the words can never drift from what Clew writes; tests validate every package with ``jsonschema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clew.leads.vocabulary import (
    HANDLING_CODES,
    INFORMATION_ACCURACY,
    OUTCOME_KINDS,
    REQUESTED_ACTIONS,
    SOURCE_RELIABILITY,
    TLP_MARKINGS,
)

STR = {"type": "string"}
OPT_STR = {"type": ["string", "null"]}
NUM = {"type": "number"}
DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}"}
CC = {"type": "string", "pattern": "^[A-Z]{2}$"}
OPT_CC = {"type": ["string", "null"]}


def _obj(props: dict[str, Any], required: list[str] | None = None, extra: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": required if required is not None else list(props),
        "additionalProperties": extra,
    }


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


EVALUATION = {
    "source_reliability": {"enum": list(SOURCE_RELIABILITY)},
    "information_accuracy": {"enum": list(INFORMATION_ACCURACY)},
}
IDENTIFIER = _obj(
    {
        "kind": STR,
        "value": STR,
        "raw": STR,
        "valid": {"type": "boolean"},
        "country": OPT_CC,
        "source": STR,
        "source_kind": OPT_STR,
        "collected": DATE,
        "confidence": NUM,
        "evaluation": _obj(EVALUATION),
    }
)
EVIDENCE = _obj(
    {
        "rule": STR,
        "key": STR,
        "explanation": STR,
        "confidence": NUM,
        "source_id": {"type": ["integer", "null"]},
        "seen_at": OPT_STR,
        "time_zone": OPT_STR,
    }
)
SUBJECT = _obj(
    {
        "subject_id": STR,
        "display_name": OPT_STR,
        "names": _list(STR),
        "birth_dates": _list(STR),
        "identifiers": _list(IDENTIFIER),
        "attributed_country": OPT_CC,
        "country_evidence": _list(_obj({"country": CC, "share": NUM, "evidence": _list(EVIDENCE)})),
        "cross_border": {"type": "boolean"},
        "bridges": _list(_obj({"subject_id": STR, "country": OPT_CC, "kinds": _list(STR), "weight": NUM})),
    }
)
# media: counts per hash list and series only (never a name, path or description)
MEDIA = _obj(
    {
        "hash_list": OPT_STR,
        "series": OPT_STR,
        "match": STR,
        "count": {"type": "integer", "minimum": 1},
        "sha256": _list({"type": "string", "pattern": "^[0-9a-f]{64}$"}),
    }
)
PAYMENT = _obj(
    {
        "direction": {"enum": ["in", "out"]},
        "date": STR,
        "amount": {"type": ["number", "null"]},
        "currency": OPT_STR,
        "account": OPT_STR,
        "counterpart_account": OPT_STR,
        "counterpart_subject": OPT_STR,
        "counterpart_country": OPT_CC,
        "foreign": {"type": "boolean"},
    }
)
PRESERVATION = _obj(
    {
        "request_id": STR,
        "subject_id": STR,
        "provider": STR,
        "account_kind": STR,
        "account": STR,
        "date_from": DATE,
        "date_to": DATE,
        "legal_basis": STR,
        "days": {"type": "integer"},
        "renewable": {"type": "boolean"},
    }
)
OUTCOME = _obj(
    {
        "kind": {"enum": list(OUTCOME_KINDS)},
        "subject_id": OPT_STR,
        "date": DATE,
        "count": {"type": "integer", "minimum": 0},
        "reference": OPT_STR,
    },
    required=["kind", "date"],
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://clew.example/schemas/lead-package-1.json",
    "title": "Clew lead package",
    **_obj(
        {
            "schema": {"const": "clew-lead-package/1"},
            "envelope": _obj(
                {
                    "package_id": STR,
                    "version": {"type": "integer", "minimum": 1},
                    "supersedes": {"type": ["integer", "null"]},
                    "created_at": STR,
                    "operation": STR,
                    "sending_unit": STR,
                    "point_of_contact": STR,
                    "receiving_agency": STR,
                    "receiving_country": CC,
                    "channel": STR,
                    "language": STR,
                    "receiver_contact": STR,
                    "sender_case_references": _list(STR),
                    "warnings": _list(STR),
                }
            ),
            "handling": _obj(
                {
                    "tlp": {"enum": list(TLP_MARKINGS)},
                    "handling_codes": _list(_obj({"code": {"enum": list(HANDLING_CODES)}, "meaning": STR})),
                    "review_date": DATE,
                    "legal_basis": STR,
                }
            ),
            "priority": _obj(
                {
                    "highest": NUM,
                    "subjects": _list(
                        _obj({"subject_id": STR, "priority": NUM, "reasons": _list({"type": "object"})})
                    ),
                }
            ),
            "subjects": _list(SUBJECT),
            "activity": _list(
                _obj(
                    {
                        "subject_id": STR,
                        "roles": _list(
                            _obj({"role": STR, "analysis": STR, "score": {"type": ["number", "null"]}})
                        ),
                        "syndicate_id": OPT_STR,
                        "date_range": _obj({"from": DATE, "to": DATE}),
                        "hash_list_matches": _list(MEDIA),
                    }
                )
            ),
            "money": _list(_obj({"subject_id": STR, "payments": _list(PAYMENT)})),
            "evidence": _obj(
                {
                    "holdings": _list(
                        _obj({"subject_id": STR, "source": STR, "kind": OPT_STR, "held_by": STR})
                    ),
                    "preservation_requests": _list(PRESERVATION),
                    "formal_route": _obj(
                        {"channel": STR, "route": STR, "expected_days": {"type": "integer"}}
                    ),
                }
            ),
            "deconfliction": _obj({"sender_case_references": _list(STR), "how": STR}),
            "evaluation": _list(_obj({"subject_id": STR, "item": STR, **EVALUATION})),
            "requested_action": _obj({"actions": _list({"enum": list(REQUESTED_ACTIONS)})}),
            "feedback": _obj(
                {
                    "package_id": STR,
                    "version": {"type": "integer"},
                    "reporting_agency": STR,
                    "country": CC,
                    "outcome_kinds": _list(STR),
                    "outcomes": _list(OUTCOME),
                }
            ),
            "integrity": _obj(
                {
                    "canonicalisation": STR,
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "signature_algorithm": {"const": "Ed25519"},
                    "signature": STR,
                    "public_key": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                }
            ),
        }
    ),
}

#: the feedback file a partner returns (``clew outcomes import``): the package's feedback block, filled in.
FEEDBACK_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Clew partner feedback",
    **_obj(
        {
            "package_id": STR,
            "version": {"type": "integer"},
            "reporting_agency": STR,
            "country": CC,
            "outcome_kinds": _list(STR),
            "outcomes": _list(OUTCOME),
        },
        required=["package_id", "reporting_agency", "outcomes"],
    ),
}


def validate(document: dict[str, Any], schema: dict[str, Any] | None = None) -> None:
    """Raise ``jsonschema.ValidationError`` when ``document`` does not fit the schema."""
    import jsonschema

    jsonschema.validate(document, schema or SCHEMA, cls=jsonschema.Draft202012Validator)


def write(document: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_preservation(document: dict[str, Any], path: Path) -> Path:
    env = document["envelope"]
    body = {
        "package_id": env["package_id"],
        "version": env["version"],
        "sending_unit": env["sending_unit"],
        "point_of_contact": env["point_of_contact"],
        "tlp": document["handling"]["tlp"],
        "requests": document["evidence"]["preservation_requests"],
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def schema_text() -> str:
    return json.dumps(SCHEMA, indent=2) + "\n"
