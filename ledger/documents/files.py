"""Reading documents from files: a JSON list, JSON Lines, or a folder of them.

A path that cannot be read stops a load at once (`Unreadable`). What a readable file holds is
read to the end: each line or item that is not a document becomes a `Located` with its problem,
so a load names every bad one (`parse_documents`), not only the first. Files are read as their
documents are asked for, a line or a list item at a time: a load of any size holds one chunk of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ledger.documents.parse import Located, json_kind
from ledger.documents.strict_json import Broken, JSONList, Notes, NotJSON, loads
from ledger.errors import InvalidDocument, Unreadable

SUFFIXES = (".json", ".jsonl")
BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark, as some editors write: read past it

__all__ = ["SUFFIXES", "Documents", "Located", "document_files", "read_documents", "read_paths"]


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
        # A .csv is most likely the veto list the README imports: say the command that reads it.
        hint = f"; a veto list .csv is imported with `ledger import vetoes {path}`" if path.suffix.lower() == ".csv" else ""
        raise Unreadable(f"{path} is not a .json or .jsonl documents file{hint}")
    return [path]


class Documents:
    """The documents of files and folders, in order, read as they are asked for: again from the start each
    time they are iterated. Every path is checked when they are made, before any is read.

    `size` is the bytes of every file together; `read`, how many of them this pass has read so far.
    """

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self.files = [file for p in paths for file in document_files(Path(p))]
        self.size = sum(_size(file) for file in self.files)
        self.read = 0

    def __iter__(self) -> Iterator[Located]:
        self.read = 0
        for file in self.files:
            yield from _reading(file, self._advance)

    def _advance(self, size: int) -> None:
        self.read += size


def read_paths(paths: Iterable[str | Path]) -> Documents:
    """Every document of files and folders, in order, read lazily; every path is checked before any is read."""
    return Documents(paths)


def read_documents(path: Path) -> Iterator[Located]:
    for file in document_files(path):
        yield from _reading(file, lambda _: None)


def _reading(file: Path, advance: Callable[[int], None]) -> Iterator[Located]:
    try:
        if file.suffix == ".jsonl":
            yield from _read_lines(file, advance)
        else:
            yield from _read_json(file, advance)
    except OSError as e:
        raise Unreadable(f"{file}: {_os_reason(e)}") from None


def _read_lines(file: Path, advance: Callable[[int], None]) -> Iterator[Located]:
    reader = Notes()
    with file.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            advance(len(line))
            if number == 1:
                line = line.removeprefix(BOM)
            if not line.strip():
                continue  # blank lines (a final newline, a gap) hold no document
            where = f"{file} line {number}"
            try:
                text = line.decode("utf-8").rstrip("\r\n")  # a document cut short ends where its line does
            except UnicodeDecodeError as e:
                yield _refused(f"is not UTF-8 text: byte 0x{line[e.start]:02x} at column {e.start + 1}", where)
                continue
            try:
                yield Located(reader.loads(text), where)
            except json.JSONDecodeError as e:
                yield _refused(f"not valid JSON: {e.msg} (column {e.colno})", where)
            except NotJSON as e:
                yield _refused(e.reason, where, field=e.field, event_id=e.event_id)
            except RecursionError:
                yield _refused("not a document: JSON nested too deeply to read", where)


def _read_json(file: Path, advance: Callable[[int], None]) -> Iterator[Located]:
    """A list read item by item (its memory is an item's, not the file's); anything else is refused whole.

    Items before the place where a list stops being well formed are read, and checked, as documents: the
    file's own refusal follows them."""
    with file.open("rb") as raw:
        listed = JSONList(raw, advance)
        try:
            first = listed.start()
            if first == "[":
                for number, item in enumerate(listed.items()):
                    yield Located(item, f"{file} item {number}")
                return
        except Broken as e:
            yield _refused(str(e), str(file), whole_file=True)
            return
    yield _refused(_not_a_list(file), str(file), whole_file=True)


def _not_a_list(file: Path) -> str:
    """Why a .json file that does not start a list is refused (read whole: it is refused whatever it holds)."""
    raw = file.read_bytes().removeprefix(BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        return f"is not UTF-8 text: byte 0x{raw[e.start]:02x} on line {line}"
    if not text.strip():
        return "is empty: a .json file holds a list of documents ([] for none)"
    try:
        data = loads(text)
    except json.JSONDecodeError as e:
        return f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
    except NotJSON as e:
        return str(e)
    except RecursionError:
        return "not a list of documents: JSON nested too deeply to read"
    what = "one object" if isinstance(data, dict) else json_kind(data)
    return (f"holds {what}, not a list: a .json file holds a list of documents, [{{...}}, ...]; "
            "put a single document in brackets, or write one per line in a .jsonl file")


def _refused(reason: str, where: str, *, whole_file: bool = False, field: str | None = None,
             event_id: str | None = None) -> Located:
    return Located(None, where, InvalidDocument(reason, field=field, event_id=event_id), whole_file=whole_file)


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError as e:
        raise Unreadable(f"{file}: {_os_reason(e)}") from None


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__
