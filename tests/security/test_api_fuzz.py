"""schemathesis on /api/v1: generated requests, valid and invalid, under every check of
``call_and_validate``: no server error, no status, header or body that the OpenAPI document does
not describe. Bounded for CI (WAVE2.md: SQLite only, at most 60 seconds; this takes ~10)."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")

from schemathesis import GenerationMode  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from participatie.extensions import db  # noqa: E402

EXAMPLES = 75  # per operation and mode: 300 requests


@pytest.fixture
def api_schema(app, make_link):
    make_link("test")
    # A schema-valid response may still be refused: its answers are checked against the
    # questionnaire (422), which the document cannot describe, its link may be unknown (404),
    # closed (410), or its id taken with other content (409).
    config = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
        "expected-statuses": ["2XX", "404", "409", "410", "422"]}}})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


def test_the_api_holds_to_its_document_on_generated_requests(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # schemathesis leaves out the document's own path
    assert {o.path for o in operations} == {"/api/v1/questionnaires/{key}", "/api/v1/responses"}
    statuses: Counter = Counter()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def check(case):
        answer = case.call_and_validate()
        statuses[answer.status_code] += 1
        db.session.rollback()

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            given(operation.as_strategy(generation_mode=mode))(check)()
    assert sum(statuses.values()) >= 250, statuses
    assert not [status for status in statuses if status >= 500], statuses
    print("schemathesis: requests per status", dict(sorted(statuses.items())))
