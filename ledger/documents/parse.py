"""Turn a JSON document into a checked, normalised document, or say exactly what is wrong."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from ledger.documents.schemas import SCHEMAS
from ledger.errors import InvalidDocument

RECORDED_BY_THE_LEDGER = {"VetoCast"}


def _first_problem(messages: Any, path: str = "") -> tuple[str, str]:
    """The first (field path, reason) of marshmallow's nested error messages."""
    if isinstance(messages, Mapping):
        key = sorted(messages, key=str)[0]
        sub = f"{path}.{key}" if path else str(key)
        return _first_problem(messages[key], sub)
    if isinstance(messages, list) and messages:
        return _first_problem(messages[0], path)
    return path, str(messages)


def _count(messages: Any) -> int:
    if isinstance(messages, Mapping):
        return sum(_count(v) for v in messages.values())
    if isinstance(messages, list) and messages and not all(isinstance(m, str) for m in messages):
        return sum(_count(m) for m in messages)
    return 1


def _reason(field: str, message: str) -> str:
    if message == "Unknown field.":
        return "is not a field of this type"
    if message == "Missing data for required field.":
        return "is required"
    return message[0].lower() + message[1:] if message else message


def fingerprint(document: Mapping[str, Any]) -> str:
    """A digest of what a document says, its `id` aside: equal documents say the same thing."""
    content = {k: v for k, v in document.items() if k != "id"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_document(raw: Any) -> dict[str, Any]:
    """Check a document against its type's schema; give it an id derived from its content if it has none."""
    if not isinstance(raw, Mapping):
        raise InvalidDocument(f"a document must be a JSON object, not {type(raw).__name__}")
    kind = raw.get("type")
    event_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    if kind is None:
        raise InvalidDocument("is required", field="type", event_id=event_id)
    if kind in RECORDED_BY_THE_LEDGER:
        raise InvalidDocument(
            f"{kind} is recorded by the ledger itself from the vote; append the DraftResolutionVoted",
            field="type",
            event_id=event_id,
        )
    schema_class = SCHEMAS.get(kind) if isinstance(kind, str) else None
    if schema_class is None:
        known = ", ".join(sorted(SCHEMAS))
        raise InvalidDocument(f"unknown type {kind!r}; known types: {known}", field="type", event_id=event_id)
    try:
        document: dict[str, Any] = schema_class().load(dict(raw))
    except ValidationError as e:
        field, message = _first_problem(e.messages)
        more = _count(e.messages) - 1
        reason = _reason(field, message) + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        raise InvalidDocument(reason, field=field, event_id=event_id) from None
    if "id" not in document:
        document["id"] = "ev-" + fingerprint(document)[:24]
    return document
