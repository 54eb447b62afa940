"""Schemathesis against the live OpenAPI schema: generated requests to every operation, no server error.

The server runs with uvicorn on loopback over a fresh SQLite or PostgreSQL store;
schemathesis reads the schema from it over HTTP, as an API client would, and
sends valid (positive) and invalid (negative) requests to every operation.
Checks: no 5xx, documented status codes, content types and response shapes.

Hypothesis drives each operation directly (`as_strategy`), rather than through
schemathesis' pytest plugin, which does not support this pytest version.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

pytestmark = pytest.mark.slow
EXAMPLES = {GenerationMode.POSITIVE: int(__import__("os").environ.get("N", 30)), GenerationMode.NEGATIVE: 15}
# Two checks are tuned, neither about server errors:
# - a schema-valid request can still be bad input, answered 400: `{"html": "0"}` is a valid
#   ArticleIn but holds no article text. The API documents 400 for exactly that;
# - "invalid data accepted" is off: unknown query parameters are ignored on purpose (old clients
#   keep working), and a multipart field is a string whatever it looks like ("5" is valid text).
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]},
            "negative_data_rejection": {"enabled": False},
        }
    }
)


def exercise(operation: schemathesis.APIOperation, mode: GenerationMode, base_url: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(base_url=base_url, timeout=30)

    run()


def test_every_operation_survives_generated_requests(live_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live_url}/openapi.json", config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    failures = []
    for operation in operations:
        for mode in EXAMPLES:
            try:
                exercise(operation, mode, live_url)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to get wrong: no parameters
            except Exception as exc:  # gather every operation's failure, then fail once with all of them
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    assert not failures, "\n\n".join(failures)
