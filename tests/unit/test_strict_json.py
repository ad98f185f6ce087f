"""A .json list read item by item, in blocks of any size, reads what the whole file read at once would, and
refuses what it would refuse, in the same words and at the same line and column."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ledger.documents import strict_json
from ledger.documents.strict_json import Broken, JSONList, NotJSON, loads

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["é", "\n", "\u2028", "x" * 40]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=10,
)
NOISE = st.sampled_from([",", "]", "[", "{", "}", '"', ":", "0", "-", "e", "1e999", "NaN", " ", "\n", "tru", "9" * 25, "x"])


def whole(text: str) -> tuple[list[Any], str | None]:
    """What reading the file at once gives: its items, or the refusal (as the loader words it)."""
    try:
        return loads(text), None
    except json.JSONDecodeError as e:
        return [], f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
    except NotJSON as e:
        return [], str(e)
    except RecursionError:
        return [], "not a list of documents: JSON nested too deeply to read"


def streamed(raw: bytes) -> tuple[list[Any], str | None]:
    listed = JSONList(io.BytesIO(raw))
    items: list[Any] = []
    try:
        assert listed.start() == "["
        items.extend(listed.items())
    except Broken as e:
        return items, str(e)
    return items, None


def unplaced(refused: str | None) -> str | None:
    """A refusal of an item read from a list without the line the item begins on, which the list adds."""
    return re.sub(r" \(in the item that begins on line \d+\)$", "", refused) if refused is not None else None


def names_the_field_of(refused: str | None, refusal: str | None) -> bool:
    """Read item by item, an integer too large in an item read whole is refused naming its field, where the
    file read at once fails further on, before any field can be known."""
    return (refused is not None and refusal is not None and refusal.startswith("a number of ")
            and refused.startswith("field ") and refused.endswith(f": {refusal}"))


@st.composite
def list_texts(draw: st.DrawFn) -> str:
    items = draw(st.lists(values, max_size=6))
    spaces = st.sampled_from(["", " ", "\n", "\r\n", "\t  "])
    text = draw(spaces) + "[" + draw(spaces) + ("," + draw(spaces)).join(
        json.dumps(item, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1]))) for item in items
    ) + draw(spaces) + "]" + draw(spaces)
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):  # a slip: a few characters in, or the end cut off
        at = draw(st.integers(1, len(text)))
        text = text[:at] + draw(NOISE) + text[at:] if draw(st.booleans()) else text[:at]
    return text


@settings(max_examples=800, deadline=None)
@given(text=list_texts(), block=st.sampled_from([1, 2, 3, 7, 64, 1 << 20]))
def test_a_list_read_in_blocks_reads_or_refuses_as_the_whole_file_does(text: str, block: int) -> None:
    assume(text.lstrip(" \t\n\r").startswith("["))  # anything else is read whole
    expected, refusal = whole(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(strict_json, "BLOCK", block)
        items, refused = streamed(text.encode("utf-8", "surrogatepass"))
    refused = unplaced(refused)
    assert refused == refusal or names_the_field_of(refused, refusal)
    if refusal is None:
        assert items == expected


def test_a_number_cut_by_a_block_is_read_whole_before_it_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strict_json, "BLOCK", 8)
    assert streamed(b"[1, 123456789012345678901234, 3]") == ([1], "a number of 24 digits: integers are at most "
                                                                 "9,007,199,254,740,991 (2^53 - 1) (in the item that "
                                                                 "begins on line 1)")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"times": 12345678901234567890}', "times"),
        ('{"source": {"page": -99999999999999999999}}', "source.page"),
        ('{"in_favour": [1, [2, 99999999999999999999]]}', "in_favour"),
        ("99999999999999999999", None),
    ],
)
def test_an_integer_too_large_is_refused_naming_its_field(text: str, field: str | None) -> None:
    with pytest.raises(NotJSON, match="a number of 20 digits: integers are at most") as refused:
        strict_json.loads(text)
    assert refused.value.field == field


def test_a_byte_that_is_not_utf8_is_placed_on_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strict_json, "BLOCK", 5)
    raw = b'[\n{"a": "\xc3\xa9"},\n{"b": "' + b"x" * 40 + b'\xff"}]'
    assert streamed(raw) == ([{"a": "é"}], "is not UTF-8 text: byte 0xff on line 3")


def test_a_byte_order_mark_is_read_past() -> None:
    assert streamed(b'\xef\xbb\xbf[{"a": 1}]') == ([{"a": 1}], None)


def test_reading_a_list_takes_an_item_at_a_time() -> None:
    """A list of many items is read in blocks: the text held at once stays near a block, whatever the file."""
    raw = json.dumps([{"n": n, "text": "x" * 200} for n in range(20_000)]).encode()  # about 4.5 MB
    listed = JSONList(io.BytesIO(raw))
    assert listed.start() == "["
    longest, count = 0, 0
    for _ in listed.items():
        longest, count = max(longest, len(listed.text)), count + 1
    assert count == 20_000
    assert longest <= 2 * strict_json.BLOCK < len(raw)
