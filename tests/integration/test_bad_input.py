"""Bad files and bad documents: a `LedgerError` that says what is wrong, never a traceback, nothing stored."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ledger import InvalidDocument, InvalidDocuments, Ledger, LedgerError, Unreadable
from ledger.documents.limits import MAX_DOCUMENT_BYTES, MAX_QUOTE_CHARS, MAX_REPORTED, MAX_SOURCE_TEXT_BYTES
from tests.conftest import SEEDS

SEED_DOCUMENTS = [json.loads(line) for line in (SEEDS / "dprk-panel-veto.jsonl").read_text(encoding="utf-8").splitlines()]
SOURCE = {"type": "SourceRegistered", "id": "src.new", "source_id": "new", "title": "A new source", "published_on": "2024-01-01"}
STATEMENT = {"type": "StatementIssued", "id": "st.new", "occurred_on": "2024-03-28", "source": {"document": "S/PV.9591"},
             "speakers": ["FRA"], "stance": "regrets"}


def state(lg: Ledger) -> tuple[int, str]:
    return lg.head(), str(lg.digest())


def refusal(lg: Ledger, load: Callable[[], Any], kind: type[LedgerError] = InvalidDocument) -> LedgerError:
    """Run a load that must be refused, and check the log is exactly as it was."""
    before = state(lg)
    with pytest.raises(kind) as caught:
        load()
    assert state(lg) == before
    return caught.value


def write(path: Path, content: bytes | str) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """One seeded ledger for the tests that are refused before the database is read: a refusal leaves it as it was."""
    with Ledger.open(f"sqlite:///{tmp_path_factory.mktemp('shared') / 'ledger.db'}") as lg:
        lg.load(SEEDS)
        yield lg


# -- files that are not documents ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("latin1.jsonl", json.dumps({**SOURCE, "title": "Côte d'Ivoire"}, ensure_ascii=False).encode("latin-1"),
         "line 1, document 0: is not UTF-8 text: byte 0xf4 at column 78"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("deep.jsonl", '{"a": ' * 50_000 + "1" + "}" * 50_000 + "\n", "line 1, document 0: not a document: JSON nested too deeply"),
        ("object.json", json.dumps(SOURCE), "holds one object, not a list: a .json file holds a list of documents"),
        ("number.json", "42", "holds a number, not a list"),
        ("empty.json", "", "is empty: a .json file holds a list of documents"),
        ("spaces.json", " \n\t\n", "is empty"),
        ("truncated.json", "[" + json.dumps(SOURCE), "not valid JSON"),
        ("nan.jsonl", json.dumps({**STATEMENT, "times": float("nan")}) + "\n", "NaN is not a JSON number"),
        ("infinity.json", '[{"a": -Infinity}]', "-Infinity is not a JSON number"),
        ("overflow.json", '[{"a": 1e999}]', "too large"),
        ("huge.jsonl", '{"type": "VotePostponed", "times": ' + "9" * 5000 + "}\n",
         "document 0: field 'times': a number of 5000 digits: integers are at most"),
        ("twice.jsonl", '{"type": "SourceRegistered", "id": "a", "id": "b"}\n', "gives 'id' twice"),
        ("null.jsonl", "null\n", "a document must be a JSON object, not null"),
        ("string.json", '["StatementIssued"]', "a document must be a JSON object, not a string"),
        ("surrogate.jsonl", json.dumps({**SOURCE, "title": "\ud800"}) + "\n", "field 'title': holds a lone surrogate"),
        ("not-json.jsonl", "{'type': 'SourceRegistered'}\n", "line 1, document 0: not valid JSON"),
        ("cut-short.jsonl", '{"a":1\n', "line 1, document 0: not valid JSON: Expecting ',' delimiter (column 7)"),
    ],
)
def test_a_file_that_is_not_documents_is_refused_and_named(shared: Ledger, tmp_path: Path, name: str, content: bytes | str,
                                                           words: str) -> None:
    path = write(tmp_path / name, content)
    error = refusal(shared, lambda: shared.load(path))
    assert str(path) in str(error) and words in str(error)
    assert "\n" not in str(error)  # one problem, one line


def test_the_same_text_in_utf8_loads(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "utf8.jsonl", json.dumps({**SOURCE, "title": "Côte d'Ivoire"}, ensure_ascii=False) + "\n")
    assert [r.event_id for r in ledger.load(path)] == ["src.new"]


def test_byte_order_marks_blank_lines_and_windows_line_ends_are_read_past(ledger: Ledger, tmp_path: Path) -> None:
    lines = write(tmp_path / "bom.jsonl", b"\xef\xbb\xbf" + json.dumps(SOURCE).encode() + b"\r\n\r\n   \n")
    listed = write(tmp_path / "bom.json", b"\xef\xbb\xbf[" + json.dumps({**SOURCE, "id": "src.2", "source_id": "two"}).encode() + b"]")
    assert [r.event_id for r in ledger.load(lines, listed)] == ["src.new", "src.2"]


def test_the_same_document_twice_in_a_file_is_stored_once_and_reported_as_a_repeat(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "twice.jsonl", (json.dumps(SOURCE) + "\n") * 2)
    first, second = ledger.load(path)
    assert (first.repeated, second.repeated) == (False, True)
    assert first.position == second.position == ledger.head() == 1


def test_an_empty_jsonl_file_and_an_empty_list_hold_no_documents(ledger: Ledger, tmp_path: Path) -> None:
    assert ledger.load(write(tmp_path / "empty.jsonl", ""), write(tmp_path / "none.json", "[]")) == []
    assert ledger.head() == 0


# -- places that cannot be read ---------------------------------------------------------------------


def test_a_path_that_does_not_exist_is_refused_before_any_file_is_read(shared: Ledger, tmp_path: Path) -> None:
    good = write(tmp_path / "good.jsonl", json.dumps(SOURCE) + "\n")
    error = refusal(shared, lambda: shared.load(good, tmp_path / "missing.jsonl"), Unreadable)
    assert str(error) == f"{tmp_path / 'missing.jsonl'} does not exist"


def test_a_folder_without_documents_files_is_refused(shared: Ledger, tmp_path: Path) -> None:
    write(tmp_path / "notes.txt", "not documents")
    (tmp_path / "sub.json").mkdir()  # a folder named like a file is not a file
    error = refusal(shared, lambda: shared.load(tmp_path), Unreadable)
    assert "holds no .json or .jsonl documents file" in str(error)


def test_a_file_of_another_kind_is_refused(shared: Ledger, tmp_path: Path) -> None:
    error = refusal(shared, lambda: shared.load(write(tmp_path / "facts.csv", "type,id\n")), Unreadable)
    assert "is not a .json or .jsonl documents file" in str(error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode; the next test covers it")
def test_an_unreadable_file_is_refused(shared: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "locked.jsonl", json.dumps(SOURCE) + "\n")
    path.chmod(0)
    error = refusal(shared, lambda: shared.load(path), Unreadable)
    assert "Permission denied" in str(error)


def test_a_file_the_system_will_not_read_is_refused(shared: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.json", "[]")
    real = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)  # files are read as they are loaded, through `open`
    error = refusal(shared, lambda: shared.load(path), Unreadable)
    assert str(error) == f"{path}: Permission denied"


# -- limits --------------------------------------------------------------------------------------------


def test_a_quote_longer_than_the_limit_is_refused_and_the_limit_named(seeded: Ledger) -> None:
    at_limit = {**STATEMENT, "id": "st.long", "source": {"document": "S/PV.9591", "quote": "q" * MAX_QUOTE_CHARS}}
    seeded.append(at_limit)
    over = {**STATEMENT, "source": {"document": "S/PV.9591", "quote": "q" * (MAX_QUOTE_CHARS + 1)}}
    error = refusal(seeded, lambda: seeded.append(over))
    assert error.field == "source.quote"
    assert f"is {MAX_QUOTE_CHARS + 1:,} characters long; a quote is at most {MAX_QUOTE_CHARS:,} characters" in str(error)


def test_a_ten_megabyte_string_is_refused_wherever_it_is(seeded: Ledger) -> None:
    ten_mb = "x" * 10_000_000
    text = refusal(seeded, lambda: seeded.append({**SOURCE, "text": ten_mb}))
    assert text.field == "text" and f"a source's text is at most {MAX_SOURCE_TEXT_BYTES:,} bytes (5 MB)" in str(text)
    title = refusal(seeded, lambda: seeded.append({**SOURCE, "title": ten_mb}))
    assert title.field == "title" and "is 10,000,000 characters long and makes the document 10,000,099 bytes" in str(title)
    assert f"a document is at most {MAX_DOCUMENT_BYTES:,} bytes (1 MB), a source's text aside" in str(title)
    quote = refusal(seeded, lambda: seeded.append({**STATEMENT, "source": {"document": "S/PV.9591", "quote": ten_mb}}))
    assert quote.field == "source.quote" and len(str(quote)) < 300
    many = refusal(seeded, lambda: seeded.append({**STATEMENT, "about": [f"id.{n}" for n in range(100_000)]}))
    assert many.field is None and "bytes as JSON; a document is at most" in str(many)


def test_a_source_text_is_counted_apart_from_its_document(seeded: Ledger) -> None:
    text = "é" * (MAX_SOURCE_TEXT_BYTES // 2)  # 2 bytes each: exactly at the limit, and over the document's
    assert seeded.append({**SOURCE, "text": text}).event_id == "src.new"
    fix = {"type": "FactCorrected", "id": "fix.text", "corrects": "src.new", "changes": {"text": text + "é"},
           "reason": "one more character", "source": {"document": "S/PV.9591"}}
    error = refusal(seeded, lambda: seeded.append(fix))
    assert error.field == "changes.text" and "5,000,002 bytes long" in str(error)


@pytest.mark.parametrize(
    ("document", "field", "words"),
    [
        ({**STATEMENT, "stance": float("nan")}, "stance", "NaN is not a number JSON can hold"),
        ({"type": "VotePostponed", "times": 10**5000}, "times", "integers are at most 9,007,199,254,740,991"),
        ({"type": "VotePostponed", "id": "pp", "occurred_on": "2024-03-20", "source": {"document": "S/PV.9591"},
          "concerning": "S/2024/255", "times": 2**53}, "times", "from 1 to 9,007,199,254,740,991"),
        ({**SOURCE, "title": "a\udc00b"}, "title", "lone surrogate"),
        ({**SOURCE, "text": "a\udc00b"}, "text", "lone surrogate"),
    ],
)
def test_values_json_cannot_hold_are_refused_through_the_api(shared: Ledger, document: dict[str, Any], field: str, words: str) -> None:
    error = refusal(shared, lambda: shared.append(document))
    assert error.field == field and words in str(error)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("title", "Report\x1b[2J", "the control character U+001B at character 6"),
        ("title", "a\x00b", "the control character U+0000 at character 1"),
        ("publisher", "\x9b31m", "the control character U+009B at character 0"),
        ("title", " \t\n ", "is only spaces"),
    ],
)
def test_text_that_is_not_writing_is_refused_naming_its_field(shared: Ledger, field: str, value: str, words: str) -> None:
    error = refusal(shared, lambda: shared.append({**SOURCE, field: value}))
    assert error.field == field and words in str(error)


def test_text_keeps_its_tabs_line_breaks_and_page_breaks(tmp_path: Path) -> None:
    title = "Page one\x0cpage two,\r\n\tindented"
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as lg:
        lg.append({**SOURCE, "title": title})
        assert [f.document["title"] for f in lg.facts()] == [title]


def test_a_document_without_an_id_is_named_by_its_type(shared: Ledger) -> None:
    unnamed = {k: v for k, v in STATEMENT.items() if k != "id"}
    malformed = refusal(shared, lambda: shared.append({**unnamed, "stance": "shrugs"}))
    assert str(malformed).startswith("a StatementIssued without an id: field 'stance': ")
    breaking = refusal(shared, lambda: shared.append_many([{**unnamed, "speakers": ["nobody-held"]}]), LedgerError)
    assert str(breaking).startswith("document 0, a StatementIssued without an id: field 'speakers")


def test_a_document_that_holds_itself_is_refused(shared: Ledger) -> None:
    document: dict[str, Any] = {**SOURCE}
    document["title"] = document
    assert "circular" in str(refusal(shared, lambda: shared.append(document)))


# -- several bad documents --------------------------------------------------------------------------


def test_every_malformed_document_of_a_file_is_named_each_on_its_line(shared: Ledger, tmp_path: Path) -> None:
    lines = [json.dumps(SOURCE), json.dumps({**STATEMENT, "stance": "shrugs"}), "not json",
             json.dumps({**STATEMENT, "id": "st.2", "occurred_on": "2024-02-30"}), "[]"]
    path = write(tmp_path / "bad.jsonl", "\n".join(lines) + "\n")
    error = refusal(shared, lambda: shared.load(path))
    assert isinstance(error, InvalidDocuments) and error.count == 4
    first, *listed = str(error).splitlines()
    assert first == "4 of 5 documents refused; nothing was stored:"
    assert listed == [f"  {p}" for p in error.problems]
    assert [line.split(":")[0].strip() for line in listed] == [
        f"{path} line 2, document 1, id 'st.new'", f"{path} line 3, document 2", f"{path} line 4, document 3, id 'st.2'",
        f"{path} line 5, document 4"]
    assert "field 'stance'" in listed[0] and "not valid JSON" in listed[1] and "field 'occurred_on'" in listed[2]
    assert "a document must be a JSON object, not a list" in listed[3]


def test_many_malformed_documents_are_named_up_to_a_limit_then_counted(shared: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", json.dumps([{**STATEMENT, "id": f"s{n}", "stance": "?"} for n in range(50)]))
    error = refusal(shared, lambda: shared.load(path))
    assert len(error.problems) == MAX_REPORTED
    assert str(error).splitlines()[-1] == f"  ... and {50 - MAX_REPORTED} more"
    assert all(p.field == "stance" for p in error.problems)


def test_files_of_a_load_are_all_read_and_their_problems_named_together(shared: Ledger, tmp_path: Path) -> None:
    one = write(tmp_path / "one.json", json.dumps(SOURCE))
    two = write(tmp_path / "two.jsonl", b"\xff\n")
    error = refusal(shared, lambda: shared.load(one, two))
    assert [p.document for p in error.problems] == [str(one), f"{two} line 1"]


def test_append_many_names_each_malformed_document_by_its_index(shared: Ledger) -> None:
    error = refusal(shared, lambda: shared.append_many([SOURCE, {"type": "Nope"}, STATEMENT, 7]))  # type: ignore[list-item]
    assert [(p.index, p.field) for p in error.problems] == [(1, "type"), (3, None)]


def test_a_broken_rule_stops_at_the_first_once_every_document_is_well_formed(seeded: Ledger) -> None:
    unknown = [{**STATEMENT, "id": f"s{n}", "source": {"document": f"nowhere{n}"}} for n in range(3)]
    error = refusal(seeded, lambda: seeded.append_many(unknown), LedgerError)
    assert error.problems == [error] and error.index == 0


# -- random input ------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=2**53 - 2, max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
    | st.sampled_from(["\ud800", "\x00", "2024-03-28", "S/PV.9591", "RUS", "dprk-panel", *sorted({d["type"] for d in SEED_DOCUMENTS})]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "id", "source", "quote", "document", "occurred_on", "x"]) | st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated_seed(draw: st.DrawFn) -> Any:
    """A seed document changed a little: often still well formed, so the rules and the store are reached too."""
    document = dict(draw(st.sampled_from(SEED_DOCUMENTS)))
    if draw(st.booleans()):
        document["id"] = draw(st.from_regex(r"[a-z]{1,8}\.[0-9]{1,3}", fullmatch=True))
    for _ in range(draw(st.sampled_from([0, 1, 1, 2]))):
        action = draw(st.sampled_from(["plausible", "plausible", "date", "drop", "set", "add", "nest"]))
        key = draw(st.sampled_from(sorted(document))) if document else "type"
        if action == "plausible":  # another seed document's value for the same field
            document[key] = draw(st.sampled_from([d[key] for d in SEED_DOCUMENTS if key in d] or [None]))
        elif action == "date":
            day = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31))).isoformat()
            field = draw(st.sampled_from(["occurred_on", "mandate_ends_on", "published_on"]))
            document[field] = day[: draw(st.sampled_from([4, 7, 10]))]
        elif action == "drop":
            document.pop(key, None)
        elif action == "set":
            document[key] = draw(json_values)
        elif action == "add":
            document[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
        else:
            document = {"wrapped": document}
    return document


def _as_file(draw: st.DrawFn, documents: list[Any]) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["json", "jsonl", "bytes"]))
    ascii_only = draw(st.booleans())
    if kind == "json":
        content = json.dumps(documents if draw(st.integers(0, 4)) else documents[0] if documents else {}, ensure_ascii=ascii_only)
        return "json", content.encode("utf-8", "surrogatepass")
    content = "".join(json.dumps(d, ensure_ascii=ascii_only) + "\n" for d in documents)
    raw = content.encode("utf-8", "surrogatepass")
    if kind == "bytes" and raw:  # a slip of the disk or the editor: one byte changed, or the end cut off
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:] if draw(st.booleans()) else raw[:at]
    return draw(st.sampled_from(["json", "jsonl"])) if kind == "bytes" else "jsonl", raw


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    source = draw(st.sampled_from(["bytes", "values", "seeds", "seeds"]))
    if source == "bytes":
        return draw(st.sampled_from(["json", "jsonl"])), draw(st.binary(max_size=200))
    if source == "values":
        documents = draw(st.lists(json_values, max_size=4))
    else:
        documents = draw(st.lists(mutated_seed(), min_size=1, max_size=3))
    return _as_file(draw, documents)


@pytest.fixture
def seeded_file_ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as lg:
        lg.load(SEEDS)
        yield lg


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file=files())
def test_any_file_is_loaded_or_refused_with_a_ledger_error_and_a_refusal_changes_nothing(
    seeded_file_ledger: Ledger, tmp_path: Path, file: tuple[str, bytes]
) -> None:
    lg = seeded_file_ledger
    suffix, content = file
    path = write(tmp_path / f"random.{suffix}", content)
    before = state(lg)
    try:
        recordings = lg.load(path)
    except LedgerError as e:
        event(f"refused: {type(e).__name__}")  # how far random input gets: the reader, the schemas, the rules
        assert str(e).strip() and "Traceback" not in str(e)
        assert state(lg) == before
    else:
        event("loaded" if any(not r.repeated for r in recordings) else "loaded nothing new")  # a vote may bring its vetoes: at least one event for each new document
        assert lg.head() >= before[0] + sum(not r.repeated for r in recordings)


def test_a_refusal_within_a_list_file_names_the_line_its_item_begins_on_and_a_line_file_its_id(
        shared: Ledger, tmp_path: Path) -> None:
    listed = write(tmp_path / "dup.json", "[\n" + json.dumps(SOURCE) + ",\n" + '{"type": "X", "id": "a", "id": "b"}\n]')
    assert "gives 'id' twice, so which value holds is unclear (in the item that begins on line 3)" in str(
        refusal(shared, lambda: shared.load(listed)))
    lines = write(tmp_path / "big.jsonl", '{"type": "VotePostponed", "id": "vp.big", "times": 9007199254740992}\n')
    assert "line 1, document 0, id 'vp.big': field 'times': a number of 16 digits" in str(
        refusal(shared, lambda: shared.load(lines)))
