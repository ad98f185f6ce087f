"""JSON as RFC 8259 has it, and no more; and a .json file's list read item by item.

`loads` refuses what Python's reader would accept or choke on (NaN, a key twice, integers beyond 2^53 - 1).
`JSONList` reads a file holding a list one item at a time, in blocks, so that reading it takes the memory
of one item rather than of the file; what it refuses it refuses with the words `json.loads` would use, at
the line and column of the file.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Callable, Iterator
from typing import IO, Any

from ledger.documents.limits import MAX_INTEGER, excerpt

BLOCK = 1 << 20  # bytes read at a time
MARGIN = 16  # a scan that ends this close to the end of the text read so far may need more of it
WHITESPACE = " \t\n\r"


class NotJSON(ValueError):
    """What the JSON reader would otherwise accept or choke on; `field` names the key whose value it is,
    where one is known."""

    def __init__(self, reason: str, field: str | None = None, event_id: str | None = None) -> None:
        super().__init__(f"field {field!r}: {reason}" if field else reason)
        self.reason, self.field, self.event_id = reason, field, event_id


class TooLarge(NotJSON):
    """An integer beyond 2^53 - 1. The reader's hook for numbers does not know the key the number is the
    value of: `stand_in` takes the number's place, and the document read whole names the key holding it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.stand_in = object()


class Broken(ValueError):
    """A .json file that is not a well-formed list, in the words of the refusal."""


def loads(text: str) -> Any:
    """JSON as RFC 8259 has it, and no more: no NaN or Infinity, no key twice, no integer beyond 2^53 - 1."""
    return Notes().loads(text)


class Notes:
    """A JSON reader whose hooks note the first refusal instead of raising it, so that it can be given once
    the reader has gone as far as it can: first in the text, and with the field it is the value of."""

    def __init__(self) -> None:
        self.first: NotJSON | None = None
        hooks = {"object_pairs_hook": _object, "parse_constant": _constant, "parse_int": _integer, "parse_float": _float}
        self.decoder = json.JSONDecoder(**{name: self._noting(hook) for name, hook in hooks.items()})  # type: ignore[arg-type]

    def loads(self, text: str) -> Any:
        """`loads` with this reader: one reader for the many lines of a file."""
        self.first = None
        try:
            value = self.decoder.decode(text)
        except (json.JSONDecodeError, RecursionError):
            if self.first:  # the refusal noted before the reader failed came first in the text
                raise self.first from None
            raise
        if self.first:
            raise self.refusal(value)
        return value

    def _noting(self, hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def noted(value: Any) -> Any:
            try:
                return hook(value)
            except TooLarge as e:
                self.first = self.first or e
                return e.stand_in
            except NotJSON as e:
                self.first = self.first or e
                return None
        return noted

    def refusal(self, value: Any) -> NotJSON:
        """The first refusal noted while reading `value`, naming the field that holds it where it can."""
        first = self.first
        assert first is not None
        if isinstance(first, TooLarge):
            given = value.get("id") if isinstance(value, dict) else None
            return NotJSON(first.reason, _key_holding(value, first.stand_in), given if isinstance(given, str) else None)
        return first


def _key_holding(value: Any, stand_in: object) -> str | None:
    """The dotted path of the key whose value is, or holds in a list, `stand_in`."""
    stack: list[tuple[str | None, Any]] = [(None, value)]
    while stack:
        path, item = stack.pop()
        if item is stand_in:
            return path
        if isinstance(item, dict):
            stack.extend((f"{path}.{key}" if path else key, inner) for key, inner in item.items())
        elif isinstance(item, list):
            stack.extend((path, inner) for inner in item)
    return None


class JSONList:
    """The items of a JSON list, read from a binary file positioned after its `[` has been found by `start`."""

    def __init__(self, raw: IO[bytes], advance: Callable[[int], None] = lambda _: None) -> None:
        self.raw, self.advance = raw, advance
        self.text, self.pos, self.eof = "", 0, False
        self.lines, self.column = 0, 0  # newlines before `text`, and characters after the last of them
        self.byte_lines = 0  # newlines in the bytes decoded so far (a byte that is not UTF-8 is placed by them)
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.first = True
        # Each hook's refusal is noted, not raised, so that an item cut short by the end of a block is read again
        # whole before it is refused (a number cut in two would be refused with the wrong number of digits).
        self.notes = Notes()
        self.decoder = self.notes.decoder

    def start(self) -> str:
        """The first character that is not JSON whitespace ("" for none)."""
        self._skip()
        return self._peek()

    def items(self) -> Iterator[Any]:
        """Each item of the list; `Broken` where the file stops being one."""
        self.pos += 1  # the "["
        self._skip()
        if self._peek() == "]":
            self.pos += 1
        else:
            while True:
                yield self._value()
                self._skip()
                following = self._peek()
                self.pos += 1
                if following == "]":
                    break
                if following != ",":
                    raise self._broken("Expecting ',' delimiter", self.pos - 1)
                self._skip()
        self._skip()
        if self._peek():
            raise self._broken("Extra data", self.pos)

    # -- reading -----------------------------------------------------------------------------------

    def _value(self) -> Any:
        while True:
            self.notes.first = None
            try:
                value, end = self.decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as e:
                if self._near_end(e.pos) or (e.msg.startswith("Unterminated string") and self._near_end(len(self.text))):
                    continue
                # A refusal noted before the scan failed came first in the file: it is the one to give.
                raise Broken(self._placed(self.notes.first)) if self.notes.first else self._broken(e.msg, e.pos) from None
            except RecursionError:
                raise Broken(self._placed(self.notes.first) if self.notes.first else
                             "not a list of documents: JSON nested too deeply to read") from None
            if self._near_end(end):
                continue
            if self.notes.first is not None:
                raise Broken(self._placed(self.notes.refusal(value)))
            self.pos = end
            return value

    def _near_end(self, at: int) -> bool:
        """Whether a scan that ended at `at` may have been cut short: if so, more text is read for it."""
        if self.eof or at < len(self.text) - MARGIN:
            return False
        self._more(max(BLOCK, len(self.text)))
        return True

    def _skip(self) -> None:
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text) or self.eof:
                return
            self._more(BLOCK)

    def _peek(self) -> str:
        while self.pos >= len(self.text) and not self.eof:
            self._more(BLOCK)
        return self.text[self.pos : self.pos + 1]

    def _more(self, size: int) -> None:
        """Read more of the file, first letting go of the text already read past."""
        done = self.text[: self.pos]
        newlines = done.count("\n")
        self.column = len(done) - done.rfind("\n") - 1 if newlines else self.column + len(done)
        self.lines += newlines
        self.text, self.pos = self.text[self.pos :], 0
        block = self.raw.read(size)
        self.advance(len(block))
        if self.first:
            block, self.first = block.removeprefix(b"\xef\xbb\xbf"), False
        self.eof = not block
        pending = self.utf8.getstate()[0]
        try:
            self.text += self.utf8.decode(block, final=self.eof)
        except UnicodeDecodeError as e:
            data = pending + block
            line = self.byte_lines + data.count(b"\n", 0, e.start) + 1
            raise Broken(f"is not UTF-8 text: byte 0x{data[e.start]:02x} on line {line}") from None
        self.byte_lines += block.count(b"\n")

    def _broken(self, message: str, at: int) -> Broken:
        line, column = self._place(at)
        return Broken(f"not valid JSON: {message} (line {line}, column {column})")

    def _placed(self, problem: NotJSON) -> str:
        """A refusal of the item being read, with the line it begins on: a list may hold thousands."""
        return f"{problem} (in the item that begins on line {self._place(self.pos)[0]})"

    def _place(self, at: int) -> tuple[int, int]:
        """The line and column of a place in the text read so far."""
        before = self.text[:at]
        newline = before.rfind("\n")
        return self.lines + before.count("\n") + 1, at - newline if newline >= 0 else self.column + at + 1


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) < len(pairs):
        keys = [k for k, _ in pairs]
        twice = next(k for n, k in enumerate(keys) if k in keys[:n])
        raise NotJSON(f"not a document: it gives {excerpt(twice)} twice, so which value holds is unclear")
    return made


def _constant(name: str) -> Any:
    raise NotJSON(f"not valid JSON: {name} is not a JSON number")


def _integer(digits: str) -> int:
    # Checked on the digits, before Python's own limit on long integers (4,300 digits) refuses them less clearly.
    value = int(digits) if len(digits) <= 20 else MAX_INTEGER + 1
    if abs(value) > MAX_INTEGER:
        raise TooLarge(f"a number of {len(digits.lstrip('-'))} digits: integers are at most {MAX_INTEGER:,} (2^53 - 1)")
    return value


def _float(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise NotJSON(f"the number {digits} is too large for JSON readers to hold")
    return value
