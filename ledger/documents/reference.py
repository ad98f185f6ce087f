"""The field reference of every document type, and its JSON Schema, read off the marshmallow schemas.

Both come from one walk over the schema fields, so neither is written twice. Packages that do this
were tried and left: marshmallow-jsonschema 0.16 (draft 7 only) stops at `VoteSide` and at a
`Length` on a `Dict`; apispec 6.10 writes OpenAPI components, gives `VoteSide` no type and a `Dict`
a `minLength`, and both leave out the id and date patterns. The walk refuses a field, validator or
option it has no mapping for, so a schema that grows one fails the tests instead of being misdescribed.
What a schema cannot say (references held as of a date, the Council's rules, real calendar days) the
ledger checks on append.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from marshmallow import fields

from ledger.documents.examples import example
from ledger.documents.fields import Day, Id, Occurred, SourceText, Text, VoteSide
from ledger.documents.json_schema import field_schema, object_schema
from ledger.documents.limits import MAX_SOURCE_TEXT_BYTES
from ledger.documents.meanings import FORMS, MEANINGS
from ledger.documents.schemas import SCHEMAS, Fact, Registration
from ledger.domain.catalogue import CATALOGUE

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

@dataclass(frozen=True)
class FieldRef:
    name: str  # a nested field is named by its path: source.document
    required: bool
    form: str
    meaning: str


@dataclass(frozen=True)
class TypeRef:
    name: str
    kind: str  # "registration" or "fact"
    summary: str
    common: tuple[str, ...]  # the common fields it has as every type of its kind has them
    fields: tuple[FieldRef, ...]  # its own fields, and common ones it has otherwise (see common_fields)
    example: dict[str, Any] | None  # None for a type with no example yet


# -- the reference -----------------------------------------------------------------------------------


def _form(field: fields.Field[Any], schema: dict[str, Any]) -> str:
    if isinstance(field, fields.List):
        inner = _form(field.inner, schema["items"])
        plural = {"text": "texts", "id": "ids"}.get(inner, inner)
        least = schema.get("minItems")
        return f"list of {plural}" + (f", at least {least}" if least else "")
    kind = type(field)
    if kind is Id:
        form = "id"
    elif kind is SourceText:
        return f"text, at most {MAX_SOURCE_TEXT_BYTES:,} bytes of UTF-8"
    elif kind is Text:
        form = "text"
    elif kind is Occurred:
        form = "date"
    elif kind is Day:
        form = "day"
    elif kind is VoteSide:
        return "count or list of ids"
    elif "enum" in schema:
        return "one of " + ", ".join(schema["enum"])
    elif schema.get("type") == "integer":
        least = schema.get("minimum")
        return "whole number" + (f", at least {least}" if least is not None else "")
    elif isinstance(field, fields.Nested):
        return "object"
    elif isinstance(field, fields.Dict):
        least = schema.get("minProperties")
        return "object {field: new value}" + (f", at least {least} field" if least else "")
    else:
        form = "string"
    most = schema.get("maxLength")
    return form + (f", at most {most:,} characters" if most is not None else "")


def _meaning(type_name: str | None, name: str) -> str:
    found = MEANINGS.get(f"{type_name}.{name}") or MEANINGS.get(name)
    if found is None:
        raise KeyError(f"the field reference has no meaning for {type_name}.{name}: add one to MEANINGS")
    return found


def _refs(
    type_name: str | None, named: Iterable[tuple[str, fields.Field[Any]]], prefix: str = ""
) -> Iterator[FieldRef]:
    for name, field in named:
        path = prefix + name
        yield FieldRef(path, field.required, _form(field, field_schema(field)), _meaning(type_name, path))
        if isinstance(field, fields.Nested):
            yield from _refs(type_name, field.schema.fields.items(), prefix=path + ".")


def _same(a: fields.Field[Any], b: fields.Field[Any]) -> bool:
    return type(a) is type(b) and a.required == b.required and field_schema(a) == field_schema(b)


def common_fields(kind: str) -> tuple[FieldRef, ...]:
    """The fields every registration (kind "registration") or every fact (kind "fact") has."""
    base = Fact if kind == "fact" else Registration
    return tuple(_refs(None, base().fields.items()))


def type_reference(name: str) -> TypeRef:
    """One type: its own fields (those not common to its kind, or common but different) and an example."""
    schema_class = SCHEMAS[name]
    kind = "fact" if issubclass(schema_class, Fact) else "registration"
    common = (Fact if kind == "fact" else Registration)().fields
    own = [(n, f) for n, f in schema_class().fields.items() if n not in common or not _same(f, common[n])]
    shared = tuple(n for n in common if n not in dict(own))
    return TypeRef(name, kind, CATALOGUE[name].means, shared, tuple(_refs(name, own)), example(name))


def reference() -> list[TypeRef]:
    return [type_reference(name) for name in SCHEMAS]


def json_schema(name: str | None = None) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of one document type, or of any document (one of the types)."""
    if name is not None:
        return {"$schema": JSON_SCHEMA_DIALECT, **_type_schema(name)}
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "ledger document",
        "description": "One document to append to the ledger: an object of one of the types in $defs.",
        "oneOf": [{"$ref": f"#/$defs/{kind}"} for kind in SCHEMAS],
        "$defs": {kind: _type_schema(kind) for kind in SCHEMAS},
    }


def as_json_schema(name: str | None = None) -> str:
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False)


def _type_schema(name: str) -> dict[str, Any]:
    schema = object_schema(SCHEMAS[name]().fields.items())
    for key, prop in schema["properties"].items():
        prop["description"] = _meaning(name, key)
        for sub, nested in prop.get("properties", {}).items():
            nested["description"] = _meaning(name, f"{key}.{sub}")
    schema["properties"]["type"] = {"const": name, "description": f"always {name}"}
    found = example(name)
    return {"title": name, "description": CATALOGUE[name].means, **schema, **({"examples": [found]} if found else {})}


# -- printing ------------------------------------------------------------------------------------------


def _line(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False)


def as_text(names: list[str] | None = None, width: int = 80) -> str:
    """The reference for a terminal: each field on a line, its meaning wrapped below it."""
    out: list[str] = []

    def fields_of(refs: tuple[FieldRef, ...]) -> None:
        pad = max(len(ref.name) for ref in refs)
        for ref in refs:
            line = f"  {ref.name:<{pad}}  {'required' if ref.required else 'optional'}  {ref.form}"
            out.extend(textwrap.wrap(line, width, subsequent_indent=" " * (pad + 14), break_on_hyphens=False))
            out.extend(textwrap.wrap(ref.meaning, width, initial_indent="      ", subsequent_indent="      "))

    if names is None:
        out.extend(textwrap.wrap("Documents are JSON objects: one per line in a .jsonl file, or a list in a .json file.",
                                 width))
        out.append("")
        out.append("Every document:")
        fields_of(common_fields("registration"))
        out.append("Every fact (each type but SourceRegistered and ActorRegistered) also:")
        fields_of(tuple(f for f in common_fields("fact") if f.name not in {"type", "id"}))
        out.append("")
        out.append("Forms:")
        for form, meaning in FORMS:
            out.extend(textwrap.wrap(f"{form}: {meaning}", width, initial_indent="  ", subsequent_indent="      "))
    for ref in (type_reference(n) for n in (names or list(SCHEMAS))):
        if out:
            out.append("")
        out.append(f"{ref.name} (a {ref.kind}; also {', '.join(ref.common)})")
        out.extend(textwrap.wrap(ref.summary, width, initial_indent="  ", subsequent_indent="  "))
        fields_of(ref.fields)
        if ref.example is not None:
            out.append("  example:")
            out.append("  " + _line(ref.example))
    return "\n".join(out) + "\n"


def _table(refs: tuple[FieldRef, ...]) -> list[str]:
    rows = ["| field | | form | meaning |", "| --- | --- | --- | --- |"]
    for ref in refs:
        cells = (f"`{ref.name}`", "required" if ref.required else "optional", ref.form, ref.meaning)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return rows


def as_markdown() -> str:
    """The whole reference as Markdown: the README's section between its markers."""
    out = [
        "Documents are JSON objects: one per line in a `.jsonl` file, or a list in a `.json` file. "
        "`ledger types` prints this reference, `ledger types TYPE` one type, and "
        "`ledger types [TYPE] --json-schema` a JSON Schema (draft 2020-12) generated from the same schemas.",
        "",
        "Every document has:",
        "",
        *_table(common_fields("registration")),
        "",
        "Every fact (each type but `SourceRegistered` and `ActorRegistered`) also has:",
        "",
        *_table(tuple(f for f in common_fields("fact") if f.name not in {"type", "id"})),
        "",
        "Forms of the values:",
        "",
        *(f"- **{form}**: {meaning}" for form, meaning in FORMS),
    ]
    for ref in reference():
        also = f"A {ref.kind}: also {', '.join(f'`{n}`' for n in ref.common)}."
        out += ["", f"### {ref.name}", "", f"{ref.summary} {also}", "", *_table(ref.fields)]
        if ref.example is not None:
            out += ["", "```json", _line(ref.example), "```"]
    return "\n".join(out) + "\n"
