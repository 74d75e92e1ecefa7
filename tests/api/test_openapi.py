"""The API conforms to its own OpenAPI document (checklist I6, technique T8): schemathesis,
in-process, a few examples per operation, as an analyst of ``demo``: no 5xx on any input,
only documented status codes, responses match their schemas.

Driven from a plain test (schemathesis' pytest fixture loader does not run under pytest 9).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from tests.api.conftest import Server

EXAMPLES = 4  # per operation: ~30 operations x 4 keeps this under a minute on 2 cores


def test_api_conforms_to_its_openapi_i6(server: Server) -> None:
    ana = server.person("ana")
    headers = ana.headers("contract test")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", server.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures: list[str] = []
    statuses: list[int] = []
    for operation in operations:
        check = _checker(operation, headers, statuses)
        try:
            check()
        except AssertionError as exc:
            failures.append(str(exc)[:300])
        except Exception as exc:  # schemathesis' own check failures
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:300]}")
    assert not failures, "\n".join(failures)
    assert len(statuses) >= len(operations) and 200 in statuses, statuses


def _checker(operation, headers: dict[str, str], statuses: list[int]):
    documented = {str(k) for k in operation.definition.raw.get("responses", {})}

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:
        response = case.call(headers={**(case.headers or {}), **headers})
        statuses.append(response.status_code)
        where = f"{case.method} {case.formatted_path}: {response.status_code}"
        assert response.status_code < 500, where
        assert str(response.status_code) in documented, f"{where} undocumented"
        case.validate_response(response)

    return check
