"""The field kinds that event documents are made of: ids, dates, vote sides, sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from ledger.documents.limits import MAX_INTEGER, MAX_QUOTE_CHARS, MAX_SOURCE_TEXT_BYTES, amount, excerpt
from ledger.domain.dates import parse_day, parse_occurrence

ID_PATTERN = re.compile(r"^[A-Za-z0-9._:/-]{1,128}$")
# Control characters but tab, line feed, form feed (a page break in text taken from a PDF) and carriage return:
# none is writing, and ESC or CSI in a title would reach the terminal of whoever reads a timeline.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class Id(fields.String):
    """An id or a reference to one: 1-128 letters, digits and `._:/-`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not ID_PATTERN.fullmatch(text):  # not .match: its $ would let a trailing newline through
            raise ValidationError(f"{excerpt(text)} is not an id: {_why_not_an_id(text)}; use 1-128 letters, digits "
                                  "and the characters . _ : / -")
        return text


def _why_not_an_id(text: str) -> str:
    """What in a text keeps it from being an id, in words: its length, or its first character not allowed."""
    if not text:
        return "it is empty"
    if len(text) > 128:
        return f"it is {len(text):,} characters long"
    place, char = next((i, c) for i, c in enumerate(text) if not ID_PATTERN.fullmatch(c))
    named = {" ": "a space", "\t": "a tab", "\n": "a line break"}.get(char, repr(char))
    return f"{named} at character {place + 1}"


class AtMostChars(validate.Validator):
    """A text no longer than `most` characters (a class, so the field reference can read the bound)."""

    def __init__(self, most: int, what: str) -> None:
        self.most = most
        self.what = what

    def __call__(self, text: str) -> str:
        if len(text) > self.most:
            raise ValidationError(f"is {len(text):,} characters long; {self.what} is at most {amount(self.most, 'characters')}")
        return text


class Text(fields.String):
    """Free text that says something: not empty nor blank, no control characters but line and page breaks
    and tabs (and, for a quote, not longer than a quote)."""

    def __init__(self, *, max_chars: int | None = None, what: str = "", **kwargs: Any) -> None:
        checks: list[Callable[[str], Any]] = [validate.Length(min=1, error="must not be empty")]
        if max_chars is not None:
            checks.append(AtMostChars(max_chars, what))
        super().__init__(validate=checks, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        control = CONTROL_CHARACTER.search(text)
        if control:
            raise ValidationError(f"holds the control character U+{ord(control.group()):04X} at character "
                                  f"{control.start():,}; a text may hold tabs, line breaks and page breaks, "
                                  "no other control character")
        if text and text.isspace():
            raise ValidationError("is only spaces; it must say something")
        return text


class SourceText(Text):
    """The full text of a source, bounded in bytes (what it costs to store and to read back)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as e:
            raise ValidationError(f"holds a lone surrogate ({text[e.start]!r} at character {e.start:,}), which is not text") from None
        if size > MAX_SOURCE_TEXT_BYTES:
            raise ValidationError(
                f"is {size:,} bytes long; a source's text is at most {amount(MAX_SOURCE_TEXT_BYTES, 'bytes')} of UTF-8"
            )
        return text


def count(**kwargs: Any) -> fields.Integer:
    """A whole number from 1 up to the largest integer every JSON reader reads back exactly."""
    return fields.Integer(strict=True, validate=validate.Range(
        min=1, max=MAX_INTEGER, error=f"must be a whole number from 1 to {MAX_INTEGER:,} (2^53 - 1)"), **kwargs)


class DistinctIds(validate.Validator):
    """No id named twice, and at least `min_items` of them (a class, so the field reference can read both)."""

    def __init__(self, min_items: int = 0) -> None:
        self.min_items = min_items

    def __call__(self, values: list[str]) -> list[str]:
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ValidationError(f"names {', '.join(repeated)} more than once")
        if len(values) < self.min_items:
            raise ValidationError(f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}")
        return values


def id_list(*, min_items: int = 0, **kwargs: Any) -> fields.List[str]:
    """A list of distinct ids."""
    return fields.List(Id(), validate=DistinctIds(min_items), **kwargs)


def text_list(**kwargs: Any) -> fields.List[str]:
    return fields.List(Text(), validate=validate.Length(min=1, error="needs at least one item"), **kwargs)


class Occurred(fields.String):
    """Valid time: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an EDTF level 1 form, kept as written."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            parse_occurrence(text)
        except ValueError as e:
            raise ValidationError(_quoting_briefly(str(e), text)) from None
        return text


class Day(fields.String):
    """A full date `YYYY-MM-DD`, kept as ISO text."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            parse_day(text)
        except ValueError as e:
            raise ValidationError(_quoting_briefly(str(e), text)) from None
        return text


def _quoting_briefly(message: str, text: str) -> str:
    """A date's error quotes what was written; a long text is quoted by its start."""
    return message.replace(repr(text), excerpt(text), 1)


class VoteSide(fields.Field[int | list[str]]):
    """One side of a vote: a whole number of votes >= 0, or the list of members who voted so."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int | list[str]:
        if isinstance(value, bool):
            raise ValidationError("must be a whole number of votes or a list of members, not true/false")
        if isinstance(value, int):
            if value < 0:
                raise ValidationError(f"{value} votes: a count cannot be negative")
            if value > MAX_INTEGER:
                raise ValidationError(f"a count of votes is at most {MAX_INTEGER:,} (2^53 - 1)")
            return value
        if isinstance(value, list):
            # deserialize, not _deserialize: the list's validators (no member twice) run too
            members = id_list().deserialize(value, attr, data, **kwargs)
            return [m for m in members if m is not None]  # an Id refuses null: this drops nothing
        raise ValidationError("must be a whole number of votes or a list of members")


class SourceSchema(Schema):
    """Where a fact comes from: the registered source, its words, and where in it they stand."""

    document = Id(required=True)
    quote = Text(max_chars=MAX_QUOTE_CHARS, what="a quote")
    locator = Text()


def source_field() -> fields.Nested:
    return fields.Nested(SourceSchema, required=True)


def also_cited_field() -> fields.List[Any]:
    """Further sources that say the same fact (a meeting record and a list that names it, say), each cited
    as `source` is and checked as it is."""
    return fields.List(fields.Nested(SourceSchema), validate=validate.Length(
        min=1, error="needs at least one citation; leave the field out when there is none"))
