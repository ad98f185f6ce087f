"""Turn a JSON document into a checked, normalised document, or say exactly what is wrong."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError

from ledger.documents.limits import MAX_REPORTED, check_size, cut, excerpt
from ledger.documents.schemas import SCHEMAS
from ledger.domain.catalogue import BY_LEDGER
from ledger.errors import InvalidDocument, InvalidDocuments, LedgerError

MAX_PROBLEMS_SHOWN = 5  # of one document's malformed fields, in its one line

# marshmallow's words for a value of the wrong JSON kind, and what the field takes instead
_EXPECTED = {"Not a valid string.": "text (a JSON string)", "Not a valid integer.": "a whole number",
             "Not a valid list.": "a list", "Invalid input type.": "an object", "Not a valid mapping type.": "an object"}


def _problems(messages: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Each (field path, marshmallow's message) of its nested error messages, fields in name order."""
    if isinstance(messages, Mapping):
        for key in sorted(messages, key=str):
            # "_schema": marshmallow's key for a problem of the nested object itself, not of a field in it
            yield from _problems(messages[key], path if key == "_schema" else f"{path}.{key}" if path else str(key))
    elif isinstance(messages, list) and messages:
        if all(isinstance(m, str) for m in messages):
            yield path, messages[0]  # one field's messages: the first says what to fix
        else:
            for m in messages:
                yield from _problems(m, path)
    else:
        yield path, str(messages)


def value_at(raw: Any, path: str) -> tuple[bool, Any]:
    """(found, the value) at a dotted field path of the document as given."""
    value = raw
    for part in path.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return False, None
    return True, value


def _reason(message: str, raw: Any, field: str) -> str:
    if message == "Unknown field.":
        return "is not a field of this type"
    if message == "Missing data for required field.":
        return "is required"
    if message == "Field may not be null.":
        return "must not be null: give a value, or leave the field out if it is optional"
    if message in _EXPECTED:
        found, value = value_at(raw, field)
        got = repr(value) if isinstance(value, float) else json_kind(value)  # "not 2.0": a number, but not whole
        return f"must be {_EXPECTED[message]}" + (f", not {got}" if found else "")
    if message.endswith(".") and not message.endswith(".."):  # marshmallow's sentences; the line goes on after
        message = message[:-1]
    return message[0].lower() + message[1:] if message else message


def malformed(problems: list[tuple[str, str]], event_id: str | None = None) -> InvalidDocument:
    """The refusal of a document its schema refuses: every (field, reason), the first field named."""
    field, reason = said(problems)
    error = InvalidDocument(reason, field=cut(field), event_id=event_id)
    error.malformed = tuple(problems)
    return error


def said(found: list[tuple[str, str]]) -> tuple[str, str]:
    """The field to name and the reason: every malformed field of the document, the first one named."""
    (field, reason), others = found[0], found[1 : 1 + MAX_PROBLEMS_SHOWN]
    also = "; ".join(f"field {cut(f)!r}: {r}" for f, r in others)
    more = len(found) - 1 - len(others)
    return field, reason + (f"; also {also}" if also else "") + (f"; and {more} more" if more else "")


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


# Every malformed field of a document, given the ones its schema found: more, where the ledger knows more.
Problems = Callable[[Any, Sequence[tuple[str, str]]], list[tuple[str, str]]]


class Shapes:
    """Documents checked one at a time as they stream past: the first `MAX_REPORTED` problems kept, all counted.

    `index` is the place in the batch of the last document checked (a file's own problem takes none). `more`,
    when given, names with a malformed document's fields those only the ledger can find malformed (a correction's
    `changes`, on the fact it corrects), so that one refusal names every field to fix."""

    def __init__(self, *, indexed: bool = True, more: Problems | None = None) -> None:
        self.indexed = indexed
        self.more = more
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
                problem = self._all_of(item.document, e)
        self.count += 1
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(problem.located(index=self.index if self.indexed and not item.whole_file else None,
                                                 event_id=given_id(item.document), document=item.where,
                                                 doc_type=_type_named(item.document)))
        return None

    def _all_of(self, raw: Any, error: LedgerError) -> LedgerError:
        if self.more is None or not isinstance(error, InvalidDocument) or not error.malformed:
            return error
        found = self.more(raw, error.malformed)
        return malformed(found, error.event_id) if len(found) > len(error.malformed) else error

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


def _type_named(document: Any) -> str | None:
    """The type a document names, when it is one of the ledger's: it names a document that has no id."""
    kind = document.get("type") if isinstance(document, Mapping) else None
    return kind if isinstance(kind, str) and kind in SCHEMAS else None


def _type_meant(kind: Any) -> str:
    """The known type a misspelt one most likely means (`StatementIsued`, `statementissued`), said as `ledger types`
    says it: types are matched as written, so the case counts too."""
    if not isinstance(kind, str):
        return ""
    import difflib  # a refusal's cost only

    same = [known for known in SCHEMAS if known.casefold() == kind.casefold()]
    near = same or difflib.get_close_matches(kind, list(SCHEMAS), n=1)
    return f" (did you mean {near[0]}?)" if near else ""


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
        raise InvalidDocument(f"unknown type {excerpt(kind)}{_type_meant(kind)}; known types: {known}", field="type",
                              event_id=event_id)
    try:
        document: dict[str, Any] = _schema(schema_class).load(dict(raw))
    except ValidationError as e:
        found = [(field, _reason(message, raw, field)) for field, message in _problems(e.messages)]
        raise malformed(found, event_id) from None
    if "id" not in document:
        document["id"] = "ev-" + fingerprint(document)[:24]
    return document


@cache
def _schema(schema_class: type[Schema]) -> Schema:
    """One instance per schema class: building one costs more than a document's whole check, and a
    marshmallow schema keeps no state between loads."""
    return schema_class()
