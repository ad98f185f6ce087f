"""Reading documents from files: a JSON list, JSON Lines, or a folder of them.

A path that cannot be read stops a load at once (`Unreadable`). What a readable file holds is
read to the end: each line or item that is not a document becomes a `Located` with its problem,
so a load names every bad one (`parse_documents`), not only the first.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ledger.documents.limits import MAX_INTEGER, excerpt
from ledger.documents.parse import Located, json_kind
from ledger.errors import InvalidDocument, Unreadable

SUFFIXES = (".json", ".jsonl")
BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark, as some editors write: read past it

__all__ = ["SUFFIXES", "Located", "document_files", "read_documents", "read_paths"]


class _NotJSON(ValueError):
    """Raised from inside the JSON reader for what it would otherwise accept or choke on."""


def document_files(path: Path) -> list[Path]:
    """The documents files a path names: itself, or the .json and .jsonl files of a folder (not its subfolders)."""
    try:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not files:
                raise Unreadable(f"{path} holds no .json or .jsonl documents file")
            return files
        if not path.exists():
            raise Unreadable(f"{path} does not exist")
    except OSError as e:
        raise Unreadable(f"{path}: {_os_reason(e)}") from None
    except ValueError as e:  # a path the system cannot even look up, such as one with a NUL byte
        raise Unreadable(f"{str(path)!r} is not a usable path: {e}") from None
    if path.suffix not in SUFFIXES:
        raise Unreadable(f"{path} is not a .json or .jsonl documents file")
    return [path]


def read_paths(paths: Iterable[str | Path]) -> list[Located]:
    """Every document of files and folders, in order; every path is checked before any is read."""
    files = [file for p in paths for file in document_files(Path(p))]
    return [item for file in files for item in read_documents(file)]


def read_documents(path: Path) -> Iterator[Located]:
    for file in document_files(path):
        try:
            if file.suffix == ".jsonl":
                yield from _read_lines(file)
            else:
                yield from _read_json(file)
        except OSError as e:
            raise Unreadable(f"{file}: {_os_reason(e)}") from None


def _read_lines(file: Path) -> Iterator[Located]:
    with file.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if number == 1:
                line = line.removeprefix(BOM)
            if not line.strip():
                continue  # blank lines (a final newline, a gap) hold no document
            where = f"{file} line {number}"
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as e:
                yield _refused(f"is not UTF-8 text: byte 0x{line[e.start]:02x} at column {e.start + 1}", where)
                continue
            try:
                yield Located(_loads(text), where)
            except json.JSONDecodeError as e:
                yield _refused(f"not valid JSON: {e.msg} (column {e.colno})", where)
            except _NotJSON as e:
                yield _refused(str(e), where)
            except RecursionError:
                yield _refused("not a document: JSON nested too deeply to read", where)


def _read_json(file: Path) -> Iterator[Located]:
    where = str(file)
    raw = file.read_bytes().removeprefix(BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        yield _refused(f"is not UTF-8 text: byte 0x{raw[e.start]:02x} on line {line}", where, whole_file=True)
        return
    if not text.strip():
        yield _refused("is empty: a .json file holds a list of documents ([] for none)", where, whole_file=True)
        return
    try:
        data = _loads(text)
    except json.JSONDecodeError as e:
        yield _refused(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})", where, whole_file=True)
        return
    except _NotJSON as e:
        yield _refused(str(e), where, whole_file=True)
        return
    except RecursionError:
        yield _refused("not a list of documents: JSON nested too deeply to read", where, whole_file=True)
        return
    if not isinstance(data, list):
        what = "one object" if isinstance(data, dict) else json_kind(data)
        yield _refused(
            f"holds {what}, not a list: a .json file holds a list of documents, [{{...}}, ...]; "
            "put a single document in brackets, or write one per line in a .jsonl file",
            where,
            whole_file=True,
        )
        return
    for number, item in enumerate(data):
        yield Located(item, f"{file} item {number}")


def _refused(reason: str, where: str, *, whole_file: bool = False) -> Located:
    return Located(None, where, InvalidDocument(reason), whole_file=whole_file)


def _loads(text: str) -> Any:
    """JSON as RFC 8259 has it, and no more: no NaN or Infinity, no key twice, no integer beyond 2^53 - 1."""
    return json.loads(text, object_pairs_hook=_object, parse_constant=_constant, parse_int=_integer,
                      parse_float=_float)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) < len(pairs):
        keys = [k for k, _ in pairs]
        twice = next(k for n, k in enumerate(keys) if k in keys[:n])
        raise _NotJSON(f"not a document: it gives {excerpt(twice)} twice, so which value holds is unclear")
    return made


def _constant(name: str) -> Any:
    raise _NotJSON(f"not valid JSON: {name} is not a JSON number")


def _integer(digits: str) -> int:
    # Checked on the digits, before Python's own limit on long integers (4,300 digits) refuses them less clearly.
    value = int(digits) if len(digits) <= 20 else MAX_INTEGER + 1
    if abs(value) > MAX_INTEGER:
        raise _NotJSON(f"a number of {len(digits.lstrip('-'))} digits: integers are at most {MAX_INTEGER:,} (2^53 - 1)")
    return value


def _float(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise _NotJSON(f"the number {digits} is too large for JSON readers to hold")
    return value


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__
