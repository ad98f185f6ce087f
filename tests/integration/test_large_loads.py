"""Loads larger than a chunk: every fact stored once in one transaction, or nothing; no statement grows
with the input; a database that fails says so, and only another writer in the way is tried again."""

from __future__ import annotations

import json
import sqlite3
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, text

from ledger import Busy, InvalidDocument, Ledger, LedgerError, StorageError, UnknownReference
from ledger.projections import readmodels
from ledger.service import appending
from ledger.service.appending import CHUNK
from ledger.storage import binding
from ledger.storage.eventstore import EventStore
from ledger.storage.failures import database_failure, is_conflict
from ledger.storage.tables import facts as fact_index
from tests.bench import statements, synthetic
from tests.integration.test_projector import rows

LARGE = 5 * CHUNK + 500  # six chunks, eleven slices of ids
OLD_SQLITE = 999  # the most variables a statement could bind before SQLite 3.32


def state(lg: Ledger) -> tuple[int, str]:
    return lg.head(), str(lg.digest())


def limit_variables(lg: Ledger, most: int = OLD_SQLITE) -> None:
    """Make every SQLite connection of the ledger bind at most `most` variables a statement (none on PostgreSQL)."""
    engine = lg.store.engine
    if engine.dialect.name != "sqlite":
        return
    engine.dispose()
    event.listen(engine, "connect", lambda connection, _: connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, most))


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a batch took the log's lock: once per attempt."""
    taken: list[int] = []
    real = EventStore.lock_log

    def counted(self: EventStore, session: Any) -> None:
        taken.append(len(taken) + 1)
        real(self, session)

    monkeypatch.setattr(EventStore, "lock_log", counted)
    return taken


# -- a load of many chunks ------------------------------------------------------------------------------


def test_a_load_larger_than_any_chunk_stores_every_fact_once(ledger: Ledger, tmp_path: Path) -> None:
    path = statements.write(tmp_path / "large.jsonl", LARGE)
    limit_variables(ledger)
    seen: list[tuple[int, int, int]] = []
    recordings = ledger.load(path, progress=lambda *done: seen.append(done))
    assert len(recordings) == recordings.new == ledger.head() == LARGE
    ids = [fact.event_id for fact in ledger.facts()]
    assert len(set(ids)) == len(ids) == LARGE
    assert [r.event_id for r in recordings] == ids and [r.position for r in recordings] == list(range(1, LARGE + 1))
    verified = ledger.verify()
    assert verified.ok and verified.checked == LARGE
    # A recording per chunk, a microsecond apart, all committed together.
    assert len({r.recorded_at for r in recordings}) == -(-LARGE // CHUNK)
    assert len(ledger.as_of("2030-01-01").statements) == LARGE - len(statements.OPENING)
    # Progress after each chunk: documents, then bytes read of the file's.
    assert [documents for documents, _, _ in seen] == [min(n * CHUNK, LARGE) for n in range(1, len(seen) + 1)]
    assert seen[-1][1:] == (path.stat().st_size, path.stat().st_size)


def test_a_large_load_again_stores_nothing_new(ledger: Ledger, tmp_path: Path) -> None:
    path = statements.write(tmp_path / "large.jsonl", 2 * CHUNK + 10)
    ledger.load(path)
    before = state(ledger)
    again = ledger.load(path)
    assert again.repeated == len(again) == 2 * CHUNK + 10 and state(ledger) == before
    assert [r.position for r in again] == list(range(1, 2 * CHUNK + 11))


def test_a_malformed_document_near_the_end_stores_nothing(ledger: Ledger, tmp_path: Path) -> None:
    size = 3 * CHUNK + 200
    path = statements.write(tmp_path / "bad.jsonl", size, bad_at=size - 5)
    before = state(ledger)
    with pytest.raises(InvalidDocument) as refused:
        ledger.load(path)
    assert state(ledger) == before == (0, f"0:{'0' * 64}")
    assert str(refused.value).startswith(f"{path} line {size - 4}, document {size - 5}, id 'st.{size - 8}': field 'stance'")
    assert ledger.load(statements.write(tmp_path / "good.jsonl", size)).new == size


def test_a_broken_rule_near_the_end_stores_nothing(ledger: Ledger, tmp_path: Path) -> None:
    size = 2 * CHUNK + 100
    path = statements.write(tmp_path / "unknown.jsonl", size)
    nowhere = {"type": "StatementIssued", "id": "st.nowhere", "occurred_on": "2010-01-01", "source": {"document": "nowhere"},
               "speakers": ["FRA"], "stance": "regrets"}
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(nowhere) + "\n")
    with pytest.raises(UnknownReference) as refused:
        ledger.load(path)
    assert (refused.value.index, refused.value.event_id, refused.value.document) == (size, "st.nowhere", f"{path} line {size + 1}")
    assert state(ledger) == (0, f"0:{'0' * 64}")


def test_every_malformed_document_is_named_even_after_a_broken_rule(ledger: Ledger, tmp_path: Path) -> None:
    """As for a small batch: malformed documents are the refusal, wherever they are, before any broken rule."""
    size = 2 * CHUNK + 100
    path = statements.write(tmp_path / "both.jsonl", size, bad_at=size - 1)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = json.dumps({**json.loads(lines[10]), "source": {"document": "nowhere"}})  # breaks a rule, early
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidDocument) as refused:
        ledger.load(path)
    assert refused.value.index == size - 1 and refused.value.field == "stance"
    assert ledger.head() == 0


def test_a_load_that_fails_midway_leaves_nothing_and_runs_again(ledger: Ledger, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = statements.write(tmp_path / "large.jsonl", 4 * CHUNK)
    ledger.append({"type": "SourceRegistered", "id": "src.other", "source_id": "other", "title": "Another",
                   "published_on": "2020-01-01"})
    before = state(ledger)
    real, saved = EventStore.save_batch, []

    def failing(self: EventStore, *args: Any) -> Any:
        if len(saved) == 2:
            raise RuntimeError("the power went out")
        saved.append(1)
        return real(self, *args)

    monkeypatch.setattr(EventStore, "save_batch", failing)
    with pytest.raises(RuntimeError):
        ledger.load(path)
    assert state(ledger) == before and ledger.as_of("2030-01-01").statements == []
    monkeypatch.undo()
    assert ledger.load(path).new == 4 * CHUNK
    verified = ledger.verify()  # PostgreSQL's positions skip those the failed load drew (its sequences never go back)
    assert verified.ok and verified.checked == 4 * CHUNK + 1


# -- database failures ----------------------------------------------------------------------------------


def test_a_statement_beyond_the_databases_limit_is_a_database_error_tried_once(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempts: list[int]
) -> None:
    if ledger.store.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL binds 65,535 values a statement: a chunk of that many documents is a benchmark's size")
    path = statements.write(tmp_path / "large.jsonl", CHUNK + 10)
    limit_variables(ledger)
    monkeypatch.setattr(binding, "MANY", 10 * OLD_SQLITE)  # as if the ids of a chunk were bound all at once
    with pytest.raises(StorageError) as failed:
        ledger.load(path)
    assert str(failed.value) == "too many SQL variables; nothing was stored" and failed.value.kind == "database error"
    assert attempts == [1] and ledger.head() == 0


def test_a_missing_table_is_a_database_error_tried_once(ledger: Ledger, tmp_path: Path, attempts: list[int]) -> None:
    with ledger.store.engine.begin() as connection:
        connection.execute(text("DROP TABLE ledger_chain"))
    with pytest.raises(StorageError) as failed:
        ledger.load(statements.write(tmp_path / "few.jsonl", 10))
    assert "ledger_chain" in str(failed.value) and "\n" not in str(failed.value)
    assert str(failed.value).endswith("; nothing was stored")
    assert attempts == [1]


def test_a_database_that_refuses_writes_is_a_database_error_tried_once(ledger: Ledger, tmp_path: Path,
                                                                       attempts: list[int]) -> None:
    engine = ledger.store.engine
    engine.dispose()
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA query_only = ON"))
    else:
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("SET TRANSACTION READ ONLY"))
    with pytest.raises(StorageError) as failed:
        ledger.load(statements.write(tmp_path / "few.jsonl", 10))
    assert any(words in str(failed.value) for words in ("readonly database", "read-only transaction"))
    assert attempts == [1]


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Iterator[tuple[Ledger, str]]:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger.open(url) as lg:
        lg.store.engine.dispose()  # every connection from here on waits a moment for a lock, not five seconds
        event.listen(lg.store.engine, "connect", lambda connection, _: connection.execute("PRAGMA busy_timeout = 20"))
        yield lg, str(tmp_path / "ledger.db")


def test_another_writer_holding_the_database_is_waited_for(sqlite_ledger: tuple[Ledger, str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, attempts: list[int]) -> None:
    lg, file = sqlite_ledger
    other = sqlite3.connect(file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write transaction
    real = EventStore.lock_log

    def released_at_the_third(self: EventStore, session: Any) -> None:
        if len(attempts) == 2:  # two attempts counted: this is the third
            other.execute("COMMIT")
        real(self, session)

    monkeypatch.setattr(EventStore, "lock_log", released_at_the_third)
    assert lg.load(statements.write(tmp_path / "few.jsonl", 10)).new == 10
    assert attempts == [1, 2, 3]
    other.close()


def test_another_writer_that_never_lets_go_is_a_conflict(sqlite_ledger: tuple[Ledger, str], tmp_path: Path,
                                                         attempts: list[int]) -> None:
    lg, file = sqlite_ledger
    other = sqlite3.connect(file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(Busy) as refused:
            lg.load(statements.write(tmp_path / "few.jsonl", 10))
    finally:
        other.close()
    assert "database is locked" in str(refused.value) and len(attempts) > 1
    assert lg.head() == 0


def test_a_small_malformed_batch_is_refused_without_waiting_for_another_writer(
    sqlite_ledger: tuple[Ledger, str], tmp_path: Path, attempts: list[int]
) -> None:
    lg, file = sqlite_ledger
    other = sqlite3.connect(file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(InvalidDocument):
            lg.load(statements.write(tmp_path / "bad.jsonl", 10, bad_at=7))
        with pytest.raises(InvalidDocument):
            lg.append({"type": "StatementIssued"})
    finally:
        other.close()
    assert attempts == []  # the log's lock was never asked for


def test_a_taken_key_is_a_conflict_and_a_missing_table_is_not(ledger: Ledger) -> None:
    """On each database, as its driver says it: what a concurrent writer causes, and what it does not."""
    ledger.append({"type": "SourceRegistered", "id": "src.one", "source_id": "one", "title": "One", "published_on": "2020-01-01"})
    row = {"event_id": "src.one", "stream_id": "x", "type": "SourceRegistered", "fingerprint": "f", "position": 9,
           "recorded_at": ledger.recorded_range()[0]}  # type: ignore[index]
    failures: list[BaseException | None] = []
    for statement in (insert(fact_index).values(**row), text("SELECT * FROM no_such_table")):
        try:
            with ledger.store.transaction(commit=True) as session:
                session.execute(statement)
        except Exception as e:  # noqa: BLE001 - whatever the driver and the library raise
            failures.append(database_failure(e))
    taken, missing = failures
    assert taken is not None and is_conflict(taken)
    assert missing is not None and not is_conflict(missing)
    assert database_failure(LedgerError("not the database's")) is None and database_failure(KeyError("x")) is None


def test_the_store_reads_more_ids_than_one_statement_can_bind(ledger: Ledger) -> None:
    """70,000 values: more than PostgreSQL binds in a statement, and than this SQLite is then allowed."""
    limit_variables(ledger)
    ledger.append({"type": "SourceRegistered", "id": "src.one", "source_id": "one", "title": "One", "published_on": "2020-01-01"})
    ids = [f"id.{n}" for n in range(70_000)] + ["src.one"]
    store = ledger.store
    assert list(store.lookup(ids)) == ["src.one"]
    stream = store.lookup(["src.one"])["src.one"].stream_id
    streams = [uuid.uuid5(uuid.NAMESPACE_URL, i) for i in ids[:-1]] + [stream]
    assert list(store.streams(streams)) == [stream]
    assert list(store.stream_facts(streams, upto=ledger.head())) == [stream]
    assert store.panel_streams_of(ids) == []


def test_the_memory_a_load_holds_does_not_grow_with_its_file(tmp_path: Path) -> None:
    """Python's heap between the second chunk and the sixth grows by less than a kilobyte a document (the
    caches of stream ids and dates fill up to their bounds); a load that held every document took about nine."""
    path = statements.write(tmp_path / "large.jsonl", 6 * CHUNK)
    heap: dict[int, int] = {}

    def measured(documents: int, _read: int, _size: int) -> None:
        if documents in (2 * CHUNK, 6 * CHUNK):
            heap[documents] = tracemalloc.get_traced_memory()[0]

    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as lg:
        tracemalloc.start()
        try:
            assert lg.load(path, progress=measured).new == 6 * CHUNK
        finally:
            tracemalloc.stop()
    assert (heap[6 * CHUNK] - heap[2 * CHUNK]) / (4 * CHUNK) < 1024


def test_a_projector_that_lets_go_of_what_it_held_keeps_the_same_tables(ledger: Ledger, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Between chunks the projector forgets the streams it held once they are many: it reads them again from
    the log and the tables, and derives the rows it would have derived holding them."""
    path = tmp_path / "mixed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for year in synthetic.documents(3, 6):
            out.writelines(json.dumps(document) + "\n" for document in year)
    monkeypatch.setattr(appending, "CHUNK", 40)
    monkeypatch.setattr(readmodels, "HELD_FACTS", 0)
    ledger.load(path)
    ledger.append({"type": "FactCorrected", "id": "fix", "corrects": "reg1-panel.ext.2003",
                   "changes": {"mandate_ends_on": "2004-06-01"}, "reason": "x", "source": {"document": "un"}})
    kept = rows(ledger)
    assert ledger.rebuild() == ledger.head()
    assert rows(ledger) == kept
    for day in ("2001-06-01", "2003-12-31", "2005-12-31"):
        assert ledger.as_of(day).to_dict() == ledger.replay(day).to_dict()
