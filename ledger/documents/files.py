"""Reading documents from files: a JSON list (or one object), JSON Lines, or a folder of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.errors import InvalidDocument

SUFFIXES = (".json", ".jsonl")


@dataclass(frozen=True)
class Located:
    """A document with the place it came from, for error messages."""

    document: Any
    where: str


def document_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise InvalidDocument(f"{path} holds no .json or .jsonl documents file")
        return files
    if not path.exists():
        raise InvalidDocument(f"{path} does not exist")
    if path.suffix not in SUFFIXES:
        raise InvalidDocument(f"{path} is not a .json or .jsonl documents file")
    return [path]


def read_documents(path: Path) -> Iterator[Located]:
    for file in document_files(path):
        if file.suffix == ".jsonl":
            yield from _read_lines(file)
        else:
            yield from _read_json(file)


def _read_lines(file: Path) -> Iterator[Located]:
    with file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield Located(json.loads(line), f"{file} line {number}")
            except json.JSONDecodeError as e:
                raise InvalidDocument(f"not valid JSON: {e.msg} (column {e.colno})", document=f"{file} line {number}") from None


def _read_json(file: Path) -> Iterator[Located]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InvalidDocument(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})", document=str(file)) from None
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items):
        yield Located(item, f"{file} item {number}")
