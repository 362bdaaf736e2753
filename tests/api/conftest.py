"""An API client that checks every answer against the app's own OpenAPI document."""

import json
import uuid

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder


class CheckedClient:
    def __init__(self, client, openapi: OpenAPI):
        self.client = client
        self.openapi = openapi

    def get(self, *args, **kwargs):
        return self._checked(self.client.get(*args, **kwargs))

    def post(self, *args, **kwargs):
        return self._checked(self.client.post(*args, **kwargs))

    def _checked(self, response):
        # The operation is found from method and path; the body was read by the app already.
        sent = response.request
        request = EnvironBuilder(
            method=sent.method, path=sent.path, query_string=sent.query_string.decode()
        ).get_request()
        self.openapi.validate_response(
            WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response)
        )
        return response


_CHECKED: dict[str, OpenAPI] = {}  # by document: checking an OpenAPI document takes a while


@pytest.fixture
def api(client):
    document = client.get("/api/v1/openapi.json").get_json()
    key = json.dumps(document, sort_keys=True)
    if key not in _CHECKED:
        _CHECKED[key] = OpenAPI.from_dict(document)
    return CheckedClient(client, _CHECKED[key])


VALID_ANSWERS = {
    "transport": "bus",
    "ages": ["0-2", "6-9"],
    "happy": 4,
    "childcare": True,
    "childcare_mood": 3,
    "children": 2,
    "wish": "Meer groen",
}


def submission(**changes):
    return {"id": str(uuid.uuid4()), "link": "test", "language": "nl",
            "answers": dict(VALID_ANSWERS), **changes}
