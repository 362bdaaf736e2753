"""The OpenAPI 3.1 document of ``/api/v1``; the tests check every API answer against it."""

from functools import cache

from ..questionnaire import Questionnaire
from ..security import MAX_ID
from ..vocabulary import UI_LANGUAGES


def _json(schema_name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}


def _answer(description: str, schema_name: str) -> dict:
    return {"description": description, "content": _json(schema_name)}


def _questionnaire_schemas() -> dict:
    schema = Questionnaire.model_json_schema(
        ref_template="#/components/schemas/{model}", mode="serialization"
    )
    definitions = schema.pop("$defs", {})
    return {"Questionnaire": schema, **definitions}


# A random UUID (version 4, RFC 9562 variant) in its canonical form.
UUID4 = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"

SUBMISSION = {
    "type": "object",
    "required": ["id", "link", "language", "answers"],
    "properties": {
        "id": {"type": "string", "format": "uuid", "pattern": UUID4,
               "description": "a UUID 4 made on the device"},
        "link": {"type": "string", "description": "the collection link's code"},
        "language": {"type": "string", "examples": list(UI_LANGUAGES)},
        "questionnaire_version": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "started_at": {"type": "string", "format": "date-time"},
        "finished_at": {"type": "string", "format": "date-time", "description":
                        "when an offline tablet finished the answers: accepted after the round "
                        "closed when the round was open then"},
        "answers": {
            "type": "object",
            "description": "question key → single choice: option key; multiple choice: list of "
            "option keys; yes/no: boolean; smiley: 1 (saddest) … faces; number; open text: string",
            "additionalProperties": {
                "type": ["string", "number", "boolean", "array", "null"],
                "items": {"type": "string"},
            },
        },
    },
}

SCHEMAS = {
    "Submission": SUBMISSION,
    "Receipt": {
        "type": "object",
        "required": ["id", "stored_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "stored_at": {"type": "string", "format": "date-time"},
        },
        "additionalProperties": False,
    },
    "ValidationErrors": {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {
                "type": "object",
                "description": "question key (or envelope field) → message in the response's "
                "language",
                "additionalProperties": {"type": "string"},
                "minProperties": 1,
            }
        },
    },
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    },
}

PATHS = {
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": {"description": "the OpenAPI document",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
        }
    },
    "/api/v1/questionnaires/{key}": {
        "get": {
            "summary": "A published questionnaire definition (the latest, or ?version=N)",
            "parameters": [
                {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "version", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},
            ],
            "responses": {
                "200": _answer("the definition", "Questionnaire"),
                "400": _answer("the version is not a whole number from 1 to 2147483647", "Error"),
                "404": _answer("no such questionnaire or version", "Error"),
            },
        }
    },
    "/api/v1/responses": {
        "post": {
            "summary": "Store a response exactly once (idempotent on its id)",
            "requestBody": {"required": True, "content": _json("Submission")},
            "responses": {
                "201": _answer("stored now", "Receipt"),
                "200": _answer("stored before, with the same content", "Receipt"),
                "400": _answer("the body is not JSON", "Error"),
                "404": _answer("unknown link", "Error"),
                "409": _answer("the id is stored with other content; nothing changed", "Error"),
                "410": _answer("the link is closed", "Error"),
                "422": _answer("refused answers or fields; nothing stored", "ValidationErrors"),
            },
        }
    },
}


@cache
def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "participatie API",
            "version": "1",
            "description": "Questionnaire definitions and anonymous, idempotent responses.",
        },
        "paths": PATHS,
        "components": {"schemas": {**SCHEMAS, **_questionnaire_schemas()}},
    }
