"""Turn a JSON document into a checked, normalised document, or say exactly what is wrong."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError

from ledger.documents.limits import MAX_REPORTED, check_size, cut, excerpt
from ledger.documents.schemas import SCHEMAS
from ledger.domain.catalogue import BY_LEDGER
from ledger.errors import InvalidDocument, InvalidDocuments, LedgerError


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


@dataclass(frozen=True)
class Located:
    """A document with the place it came from, for error messages; or why that place held none."""

    document: Any
    where: str | None = None
    problem: LedgerError | None = None
    whole_file: bool = False  # the problem is a file's, not one document's: it has no place in the batch


def parse_documents(items: Sequence[Located], *, indexed: bool = True) -> list[dict[str, Any]]:
    """Check every document of a batch, and refuse the batch naming each malformed one.

    One malformed document is refused with its own error, as `parse_document` gives it; several
    with an `InvalidDocuments` that names the first `MAX_REPORTED` and counts the rest.
    """
    shapes = Shapes(indexed=indexed)
    documents = [document for item in items if (document := shapes.check(item)) is not None]
    shapes.refuse()
    return documents


class Shapes:
    """Documents checked one at a time as they stream past: the first `MAX_REPORTED` problems kept, all counted.

    `index` is the place in the batch of the last document checked (a file's own problem takes none)."""

    def __init__(self, *, indexed: bool = True) -> None:
        self.indexed = indexed
        self.problems: list[LedgerError] = []
        self.count = 0  # malformed documents (and files)
        self.seen = 0
        self.index = -1

    def check(self, item: Located) -> dict[str, Any] | None:
        """The document checked and normalised; None when it is malformed (its problem is noted)."""
        self.seen += 1
        self.index += not item.whole_file
        problem = item.problem
        if problem is None:
            try:
                return parse_document(item.document)
            except LedgerError as e:
                problem = e
        self.count += 1
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(problem.located(index=self.index if self.indexed and not item.whole_file else None,
                                                 event_id=given_id(item.document), document=item.where))
        return None

    def refuse(self) -> None:
        """Raise the refusal of every malformed document checked, if there was any."""
        if self.count == 1:
            raise self.problems[0]
        if self.count:
            raise InvalidDocuments(self.problems, self.count, self.seen)


def given_id(raw: Any) -> str | None:
    """The `id` a document was given, if any: what its errors call it."""
    ident = raw.get("id") if isinstance(raw, Mapping) else None
    return cut(ident, 128) if isinstance(ident, str) else None


_JSON_NAMES = {type(None): "null", bool: "true or false", int: "a number", float: "a number", str: "a string",
               list: "a list", tuple: "a list", dict: "an object"}


def json_kind(value: Any) -> str:
    """What a value is, in JSON's words: what a user who wrote the file would call it."""
    return _JSON_NAMES.get(type(value), type(value).__name__)


def parse_document(raw: Any) -> dict[str, Any]:
    """Check a document against its type's schema; give it an id derived from its content if it has none."""
    if not isinstance(raw, Mapping):
        raise InvalidDocument(f"a document must be a JSON object, not {json_kind(raw)}")
    kind = raw.get("type")
    event_id = given_id(raw)
    check_size(raw, event_id)
    if kind is None:
        raise InvalidDocument("is required", field="type", event_id=event_id)
    if isinstance(kind, str) and kind in BY_LEDGER:
        raise InvalidDocument(
            f"{kind} is recorded by the ledger itself from the vote; append the DraftResolutionVoted",
            field="type",
            event_id=event_id,
        )
    schema_class = SCHEMAS.get(kind) if isinstance(kind, str) else None
    if schema_class is None:
        known = ", ".join(sorted(SCHEMAS))
        raise InvalidDocument(f"unknown type {excerpt(kind)}; known types: {known}", field="type", event_id=event_id)
    try:
        document: dict[str, Any] = _schema(schema_class).load(dict(raw))
    except ValidationError as e:
        field, message = _first_problem(e.messages)
        more = _count(e.messages) - 1
        reason = _reason(field, message) + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        raise InvalidDocument(reason, field=cut(field), event_id=event_id) from None
    if "id" not in document:
        document["id"] = "ev-" + fingerprint(document)[:24]
    return document


@cache
def _schema(schema_class: type[Schema]) -> Schema:
    """One instance per schema class: building one costs more than a document's whole check, and a
    marshmallow schema keeps no state between loads."""
    return schema_class()
