"""The service's OpenAPI 3.1 description, written as data (served at ``/openapi.json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leadqual.io._config import ServeSettings

__all__ = ["openapi"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "400": _json(_ref("Error"), "The body is not JSON (or not UTF-8)."),
    "401": _json(_ref("Error"), "No or a wrong API token, or a bad webhook signature."),
    "413": _json(_ref("Error"), "The body is larger than serve.max_body_bytes."),
    "421": _json(_ref("Error"), "The Host header is not a name of this service."),
    "422": _json(_ref("Error"), "The body is JSON but not valid; place names the field."),
    "500": _json(_ref("Error"), "A bug; the details are in the server log only."),
    "503": _json(_ref("Error"), "The store is unavailable."),
}
_LEAD_ID = {"name": "lead_id", "in": "path", "required": True, "schema": {"type": "string"}}
_LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"enum": ["en", "nl"]},
    "description": "the language of texts (default: the config's lang)",
}
_NOT_FOUND = {"404": _json(_ref("Error"), "No lead with that id.")}


def _op(name: str, summary: str, ok: dict[str, Any], **extra: Any) -> dict[str, Any]:  # noqa: ANN401
    """One operation; ``name`` is its ``operationId``, the service method that answers it."""
    operation: dict[str, Any] = {
        "operationId": name,
        "summary": summary,
        "responses": {"200": ok, **_ERRORS},
    }
    operation.update(extra)
    return operation


def _body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"required": True, **_json(schema, description)}


_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "place"],
        "properties": {
            "error": {"type": "string", "description": "what is wrong, with its place"},
            "place": {"type": ["string", "null"], "description": "the field, e.g. events[0].at"},
        },
    },
    "Lead": {
        "type": "object",
        "required": ["id"],
        "description": "A lead as in a leads file (docs/leads.md): id, profile, company, "
        "events, answers; CRM state (owner, stage) optional.",
        "properties": {
            "id": {"type": "string"},
            "events": {"type": "array", "items": _ref("Event")},
        },
        "additionalProperties": True,
    },
    "Event": {
        "type": "object",
        "required": ["type", "at"],
        "properties": {
            "id": {"type": "string", "description": "makes re-posting the event idempotent"},
            "type": {"type": "string"},
            "at": {"type": "string", "format": "date-time"},
            "properties": {"type": "object"},
        },
    },
    "IngestReport": {
        "type": "object",
        "properties": {
            "leads": {"type": "integer"},
            "created": {"type": "integer"},
            "changed": {"type": "integer"},
            "unchanged": {"type": "integer"},
            "events_added": {"type": "integer"},
            "stage_changes": {"type": "integer"},
            "handoffs": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Feedback": {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"enum": ["accept", "reject", "not_now", "won", "lost"]},
            "reason": {"type": "string", "description": "required for reject and lost"},
            "at": {"type": "string", "description": "ISO moment or date; default now"},
            "revisit": {"type": "string", "description": "with not_now only"},
            "amount": {"type": "number", "description": "with won only"},
            "by": {"type": "string"},
            "note": {"type": "string"},
        },
        "additionalProperties": False,
    },
    "Object": {"type": "object"},
}


def openapi(settings: ServeSettings) -> dict[str, Any]:
    """The OpenAPI document for a server with ``settings`` (its security and limits).

    >>> from leadqual.io._config import ServeSettings
    >>> sorted(openapi(ServeSettings())["paths"])[:3]
    ['/dashboard', '/health', '/leads']
    """
    report = _json(_ref("IngestReport"), "What the ingest did; handoffs lists new hand-offs.")
    obj = _json(_ref("Object"), "JSON data")
    rows = _json({"type": "array", "items": _ref("Object")}, "JSON rows")
    html = {"description": "an HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}
    lead_params = {"parameters": [_LEAD_ID, _LANG]}
    signed = (
        f" Signed bodies: {settings.signature_header}: sha256=<hex HMAC-SHA256 of the body>,"
        " when the server has a webhook secret."
    )
    paths: dict[str, Any] = {
        "/health": {
            "get": {
                **_op("health", "Liveness, the store's schema and the worker", obj),
                "security": [],
            }
        },
        "/openapi.json": {"get": _op("openapi", "This description", obj)},
        "/leads": {
            "get": _op(
                "get_leads",
                "The stored leads (or those in ?stage=), by id",
                rows,
                parameters=[
                    _LANG,
                    {
                        "name": "stage",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                    },
                ],
            ),
            "post": _op(
                "post_leads",
                "Merge a lead (or a list of leads) in, qualify, queue hand-offs" + signed,
                report,
                requestBody=_body(
                    {"oneOf": [_ref("Lead"), {"type": "array", "items": _ref("Lead")}]},
                    "a lead or a list of leads",
                ),
            ),
        },
        "/leads/{lead_id}": {"get": _op("get_lead", "The stored lead's state", obj, **lead_params)},
        "/leads/{lead_id}/events": {
            "post": _op(
                "post_events",
                "Add events to a lead (idempotent by event id)" + signed,
                report,
                parameters=[_LEAD_ID],
                requestBody=_body(
                    {
                        "oneOf": [
                            {"type": "object", "properties": {"events": {"type": "array"}}},
                            {"type": "array", "items": _ref("Event")},
                        ]
                    },
                    '{"events": [...]} or a list of events',
                ),
            )
        },
        "/leads/{lead_id}/verdict": {
            "get": _op("get_verdict", "The lead's verdict now", obj, **lead_params)
        },
        "/leads/{lead_id}/dossier": {
            "get": _op(
                "get_dossier",
                "The rep's dossier (format=html for the page)",
                obj,
                parameters=[
                    _LEAD_ID,
                    _LANG,
                    {"name": "format", "in": "query", "schema": {"enum": ["json", "html"]}},
                ],
            )
        },
        "/leads/{lead_id}/history": {
            "get": _op(
                "get_history",
                "The timeline: stage changes and hand-offs",
                rows,
                parameters=[_LEAD_ID],
            )
        },
        "/leads/{lead_id}/feedback": {
            "post": _op(
                "post_feedback",
                "Record sales feedback (409 when the stage does not allow the move)",
                obj,
                parameters=[_LEAD_ID],
                requestBody=_body(_ref("Feedback"), "the feedback"),
            )
        },
        "/queue": {"get": _op("get_queue", "Open SQLs to call, best first", rows)},
        "/dashboard": {
            "get": _op(
                "get_dashboard", "The dashboard, live from the store", html, parameters=[_LANG]
            )
        },
    }
    for path, item in paths.items():
        if "{lead_id}" in path:
            for operation in item.values():
                operation["responses"].update(_NOT_FOUND)
    for item in paths.values():
        if "post" in item:
            item["post"]["responses"]["415"] = _json(
                _ref("Error"), "The Content-Type is not application/json."
            )
    conflict = _json(_ref("Error"), "The lead's stage does not allow this move.")
    paths["/leads/{lead_id}/feedback"]["post"]["responses"]["409"] = conflict
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "leadqual lead desk",
            "version": "1",
            "description": "Leads and events in, verdicts, dossiers, the call queue and "
            f"hand-offs out. Bodies up to {settings.max_body_bytes} bytes.",
        },
        "paths": paths,
        "components": {
            "schemas": _SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}],
    }
