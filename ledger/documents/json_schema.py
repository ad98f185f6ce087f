"""The JSON Schema (draft 2020-12) of a marshmallow field, walked from the field and its validators.

Every field class and validator the schemas use has a mapping here; any other is refused, so that a
schema change cannot be described wrongly without a word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from marshmallow import fields, validate

from ledger.documents.fields import ID_PATTERN, AtMostChars, Day, DistinctIds, Id, Occurred, SourceText, Text, VoteSide
from ledger.documents.limits import MAX_SOURCE_TEXT_BYTES

# The form of `ledger.domain.dates`, in ASCII digits; the calendar (no 2024-02-30) is checked on append.
_DATE = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[?~%]?"  # a year, month or day, maybe uncertain or approximate
OCCURRED_PATTERN = rf"^((\.\./)?{_DATE}|{_DATE}/{_DATE})$"  # or an interval, or an open start (../D)
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# A text: something not a space, and no control character but tab, line feed, form feed and carriage return.
_WRITING = r"[^\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"
TEXT_PATTERN = rf"^{_WRITING}*[^\s\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]{_WRITING}*$"


def _string(_: fields.Field[Any]) -> dict[str, Any]:
    return {"type": "string"}


def _text(_: fields.Field[Any]) -> dict[str, Any]:
    return {"type": "string", "pattern": TEXT_PATTERN}


def _list(field: fields.Field[Any]) -> dict[str, Any]:
    assert isinstance(field, fields.List)
    return {"type": "array", "items": field_schema(field.inner)}


def _nested(field: fields.Field[Any]) -> dict[str, Any]:
    assert isinstance(field, fields.Nested)
    nested = field.schema
    return object_schema(nested.fields.items())


def _integer(field: fields.Field[Any]) -> dict[str, Any]:
    assert isinstance(field, fields.Integer)
    if not field.strict:
        raise TypeError(f"field {field.name!r}: an Integer that takes strings has no mapping")
    return {"type": "integer"}


def _dict(field: fields.Field[Any]) -> dict[str, Any]:
    assert isinstance(field, fields.Dict)
    if field.value_field is not None or type(field.key_field) not in (type(None), fields.String):
        raise TypeError(f"field {field.name!r}: a Dict with typed values or keys has no mapping")
    return {"type": "object"}


def _vote_side(_: fields.Field[Any]) -> dict[str, Any]:
    members = {"type": "array", "items": field_schema(Id()), "uniqueItems": True}
    return {"oneOf": [{"type": "integer", "minimum": 0}, members]}


# Keyed by exact class: a new subclass (a new custom field) must be given its own mapping.
_FIELD_SCHEMAS: dict[type[fields.Field[Any]], Callable[[fields.Field[Any]], dict[str, Any]]] = {
    Id: lambda _: {"type": "string", "pattern": ID_PATTERN.pattern},
    Text: _text,
    # JSON Schema counts characters, the ledger bytes of UTF-8: a character is one byte or more, so this bound
    # is necessary, not sufficient (the field reference states the byte limit).
    SourceText: lambda _: {"type": "string", "pattern": TEXT_PATTERN, "maxLength": MAX_SOURCE_TEXT_BYTES},
    Occurred: lambda _: {"type": "string", "pattern": OCCURRED_PATTERN},
    Day: lambda _: {"type": "string", "pattern": DAY_PATTERN, "format": "date"},
    VoteSide: _vote_side,
    fields.String: _string,
    fields.Integer: _integer,
    fields.List: _list,
    fields.Dict: _dict,
    fields.Nested: _nested,
}

_LENGTH_KEYWORDS = {
    "string": ("minLength", "maxLength"),
    "array": ("minItems", "maxItems"),
    "object": ("minProperties", "maxProperties"),
}


def _validator_schema(validator: Any, base: dict[str, Any]) -> dict[str, Any]:
    if isinstance(validator, validate.OneOf):
        return {"enum": list(validator.choices)}
    if isinstance(validator, validate.Length):
        low, high = _LENGTH_KEYWORDS[base["type"]]
        least = validator.equal if validator.equal is not None else validator.min
        most = validator.equal if validator.equal is not None else validator.max
        return {k: v for k, v in ((low, least), (high, most)) if v is not None}
    if isinstance(validator, validate.Range):
        bounds = (
            ("minimum" if validator.min_inclusive else "exclusiveMinimum", validator.min),
            ("maximum" if validator.max_inclusive else "exclusiveMaximum", validator.max),
        )
        return {k: v for k, v in bounds if v is not None}
    if isinstance(validator, validate.Regexp):
        return {"pattern": validator.regex.pattern}
    if isinstance(validator, AtMostChars):
        return {"maxLength": validator.most}
    if isinstance(validator, DistinctIds):
        return {"uniqueItems": True, **({"minItems": validator.min_items} if validator.min_items else {})}
    raise TypeError(f"no JSON Schema mapping for the validator {validator!r}")


def field_schema(field: fields.Field[Any]) -> dict[str, Any]:
    """The JSON Schema of one marshmallow field, its validators included."""
    mapping = _FIELD_SCHEMAS.get(type(field))
    if mapping is None:
        raise TypeError(f"no JSON Schema mapping for the field class {type(field).__name__}")
    if field.allow_none or field.data_key is not None:
        raise TypeError(f"field {field.name!r}: allow_none and data_key have no mapping")
    schema = mapping(field)
    for validator in field.validators:
        schema.update(_validator_schema(validator, schema))
    return schema


def object_schema(named: Iterable[tuple[str, fields.Field[Any]]]) -> dict[str, Any]:
    """A schema's fields as a JSON object; marshmallow refuses unknown fields, so does the schema."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, field in named:
        properties[name] = field_schema(field)
        if field.required:
            required.append(name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
