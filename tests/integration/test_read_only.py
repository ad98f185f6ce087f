"""`Ledger.open(url, read_only=True)`: opening and reading write nothing, on SQLite and on PostgreSQL.

The read-only URL is the database's own refusal: SQLite's `mode=ro`, or a PostgreSQL session with
`default_transaction_read_only=on` (what a hot standby gives). Read models that cannot answer for the
log are answered from the log, with one warning.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from ledger import Ledger, NoLedger, ReadOnly, SchemaBehind
from ledger.log import LOGGER
from ledger.storage.readonly import read_only_url, sqlite_file
from tests.conftest import SEEDS, postgres_schema, unsaying

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DAY = "2024-05-01"
VOTE = "vote.S/2024/255"
FIX = {"type": "FactCorrected", "id": "fix.vote", "corrects": VOTE, "changes": {"concerning": "mali-panel"},
       "reason": "misread the record", "source": {"document": "S/PV.9591"}}


def read_only_form(url: str) -> str:
    """The same database, as the database itself refuses to write it."""
    if url.startswith("sqlite"):
        return f"sqlite:///file:{sqlite_file(url)}?mode=ro&uri=true"
    return url + "%20-cdefault_transaction_read_only%3Don"


def answers(lg: Ledger) -> dict[str, Any]:
    """What every read of the ledger says, as plain data."""
    return {
        "view": lg.as_of(DAY).to_dict(),
        "known_at": lg.as_of(DAY, known_at="2024-01-01T00:00:00Z").to_dict(),
        "timeline": [row.to_dict() for row in lg.timeline("2024-01-01", "2024-12-31")],
        "panel": [v.to_dict() for v in lg.history("dprk-panel")],
        "other panel": [v.to_dict() for v in lg.history("mali-panel")],
        "regime": [v.to_dict() for v in lg.history("dprk-regime")],
        "event": [v.to_dict() for v in lg.history(VOTE)],
        "verify": lg.verify().ok,
        "digest": str(lg.digest()),
        "audit": [p.to_dict() for p in lg.audit()],
        "facts": [f.position for f in lg.facts()],
    }


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def written(seeded: Ledger) -> Ledger:
    """The seed and a correction that moves a vote to another panel: the drafts about a panel then differ
    between what the vote said and what it says now."""
    seeded.append(FIX)
    return seeded


def test_a_read_only_ledger_answers_as_the_writer_does(written: Ledger, ledger_url: str) -> None:
    expected = answers(written)
    with Ledger.open(read_only_form(ledger_url), read_only=True) as lg, logged() as logs:
        assert answers(lg) == expected
    assert not [e for e in logs if e["log_level"] == "warning"]  # the read models were up to date


def test_a_read_only_sqlite_file_keeps_its_bytes(written: Ledger, ledger_url: str) -> None:
    if not ledger_url.startswith("sqlite"):
        pytest.skip("a file's bytes: SQLite")
    path = sqlite_file(ledger_url)
    assert path is not None
    written.close()
    before = digest_of(path)

    def beside() -> list[tuple[str, int]]:
        return sorted((p.name, p.stat().st_size) for p in path.parent.iterdir() if p.name != path.name)

    assert beside() == []
    # A plain URL is read with `query_only` (SQLite removes its side files on closing); `immutable` needs none.
    for url in (ledger_url, f"sqlite:///file:{path}?immutable=1&uri=true"):
        with Ledger.open(url, read_only=True) as lg:
            answers(lg)
        assert digest_of(path) == before and beside() == [], url
    # `mode=ro`: SQLite creates the side files a write-ahead log needs, holding nothing, and leaves them.
    with Ledger.open(read_only_form(ledger_url), read_only=True) as lg:
        answers(lg)
    assert digest_of(path) == before
    assert beside() in ([], [(path.name + "-shm", 32768), (path.name + "-wal", 0)])


def test_writes_on_a_read_only_ledger_are_refused_and_store_nothing(written: Ledger, ledger_url: str) -> None:
    head = written.head()
    with Ledger.open(read_only_form(ledger_url), read_only=True) as lg:
        document = {"type": "ActorRegistered", "id": "a.x", "actor_id": "x", "name": "X", "kind": "body"}
        for attempt in (lambda: lg.append(document), lambda: lg.append_many([document]),
                        lambda: lg.load(SEEDS), lg.rebuild, lg.catch_up):
            with pytest.raises(ReadOnly, match="opened read-only: it cannot"):
                attempt()
    assert written.head() == head


def test_even_a_plain_url_refuses_writes_when_opened_read_only(written: Ledger, ledger_url: str) -> None:
    """The database refuses them too (SQLite `query_only`, PostgreSQL `READ ONLY`), not only the API."""
    with Ledger.open(ledger_url, read_only=True) as lg:
        with pytest.raises(SQLAlchemyError, match="read-?only"), lg.store.engine.begin() as connection:
            connection.execute(text("UPDATE rm_generations SET format = 1"))
        assert answers(lg)["verify"]


@contextmanager
def logged() -> Iterator[list[dict[str, Any]]]:
    """The fields of every line the ledger logs meanwhile, with its level, from the `logging` logger "ledger"."""
    seen: list[dict[str, Any]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append({**getattr(record, "ledger", {}), "log_level": record.levelname.lower()})

    keep, was = Keep(), LOGGER.level
    LOGGER.addHandler(keep)
    LOGGER.setLevel(logging.DEBUG)
    try:
        yield seen
    finally:
        LOGGER.removeHandler(keep)
        LOGGER.setLevel(was)


def test_stale_read_models_are_answered_from_the_log_and_left_stale(written: Ledger, ledger_url: str) -> None:
    expected = answers(written)
    engine = create_engine(ledger_url)
    with engine.begin() as connection:  # as if written by older code
        connection.execute(text("UPDATE rm_generations SET format = 2 WHERE current"))
    with Ledger.open(read_only_form(ledger_url), read_only=True) as lg, logged() as logs:
        assert lg.as_of(DAY).to_dict() == lg.replay(DAY).to_dict()
        assert answers(lg) == expected
        assert lg.answered_from_log is not None and "format 2" in lg.answered_from_log
    notices = [e for e in logs if e["log_level"] == "warning"]
    assert len(notices) == 1 and "answering from the log" in notices[0]["event"]
    assert "format 2" in notices[0]["why"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT format FROM rm_generations WHERE current")).scalar_one() == 2
    engine.dispose()


def test_read_models_behind_the_log_are_answered_from_the_log(written: Ledger, ledger_url: str) -> None:
    written.append_many(unsaying(written, "S/2024/255"))  # the statements about the vote go first, projected
    with Ledger.open(ledger_url, project=False) as writer:  # appends that leave the read models behind
        writer.append({"type": "FactRetracted", "id": "fix.retract", "retracts": VOTE, "reason": "no such vote",
                       "source": {"document": "S/PV.9591"}})
    with Ledger.open(read_only_form(ledger_url), read_only=True) as lg, logged() as logs:
        assert lg.as_of(DAY).to_dict() == lg.replay(DAY).to_dict()
        assert [v.draft_id for v in lg.as_of(DAY).panel("mali-panel").vetoes] == ["S/2023/638"]  # type: ignore[union-attr]
        assert [v.event_id for v in lg.history("mali-panel")][-1] == "fix.retract"
        seen = answers(lg)
    [notice] = [e for e in logs if e["log_level"] == "warning"]
    assert notice["why"] == "read models 1 event behind the log"
    assert seen == answers(written)  # the writer brings its read models up to date and agrees


def test_a_read_only_ledger_follows_a_writer(written: Ledger, ledger_url: str) -> None:
    written.append_many(unsaying(written, "S/2024/255"))  # the statements about the vote go first
    with Ledger.open(read_only_form(ledger_url), read_only=True) as lg:
        head = lg.head()
        written.append({"type": "FactRetracted", "id": "fix.retract", "retracts": VOTE, "reason": "no such vote",
                        "source": {"document": "S/PV.9591"}})
        assert lg.head() == head + 1
        assert lg.as_of(DAY).to_dict() == written.as_of(DAY).to_dict()


def test_no_ledger_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "mistyped.db"
    for url in (f"sqlite:///{missing}", f"sqlite:///file:{missing}?mode=ro&uri=true", "sqlite://"):
        with pytest.raises(NoLedger, match=r"no ledger at .*; `ledger load` or `ledger init` creates one"):
            Ledger.open(url, read_only=True)
    assert list(tmp_path.iterdir()) == []
    sqlite3.connect(missing).close()  # an empty database: a file, but no ledger in it
    with pytest.raises(NoLedger):
        Ledger.open(f"sqlite:///{missing}", read_only=True)
    assert missing.stat().st_size == 0 and [p.name for p in tmp_path.iterdir()] == ["mistyped.db"]


@pytest.mark.postgres
def test_an_empty_postgresql_schema_is_no_ledger_and_stays_empty(postgres_url: str) -> None:
    with postgres_schema(postgres_url) as url:
        for candidate in (url, read_only_form(url)):
            with pytest.raises(NoLedger, match="no ledger at"):
                Ledger.open(candidate, read_only=True)
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM information_schema.tables "
                                           "WHERE table_schema = current_schema()")).scalar_one() == 0
        engine.dispose()


def test_a_schema_behind_is_refused_not_upgraded(tmp_path: Path) -> None:
    old = tmp_path / "ledger-v1.db"
    old.write_bytes((FIXTURES / "ledger-v1.db").read_bytes())
    before = digest_of(old)
    with pytest.raises(SchemaBehind, match="at revision 0002, this code needs .*opened read-only, so it was not upgraded"):
        Ledger.open(f"sqlite:///{old}", read_only=True)
    assert digest_of(old) == before


def test_a_copy_in_a_folder_nobody_may_write_is_read_immutable(written: Ledger, ledger_url: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite cannot read a database in write-ahead-log mode there without creating its side files, so it
    is opened `immutable` (as root the folder is always writable: the permission check is stood in for)."""
    if not ledger_url.startswith("sqlite"):
        pytest.skip("SQLite files")
    path = sqlite_file(ledger_url)
    assert path is not None
    written.close()
    assert read_only_url(ledger_url, ledger_url) == ledger_url
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path.parent else real_access(p, mode))
    url = read_only_url(ledger_url, ledger_url)
    assert "immutable=1" in url and "mode=ro" in url
    before = digest_of(path)
    with Ledger.open(ledger_url, read_only=True) as lg:
        assert lg.verify().ok and lg.as_of(DAY).panel("dprk-panel") is not None
    assert digest_of(path) == before and [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:////tmp/x.db", "/tmp/x.db"),
    ("sqlite:///relative/x.db", "relative/x.db"),
    ("sqlite:///file:/tmp/a%20b.db?mode=ro&uri=true", "/tmp/a b.db"),
    ("sqlite:///file:///tmp/x.db?uri=true", "/tmp/x.db"),
    ("sqlite:///:memory:", None),
    ("sqlite:///file::memory:?cache=shared&uri=true", None),
    ("postgresql+psycopg://postgres@127.0.0.1/test", None),
])
def test_the_file_of_a_sqlite_url(url: str, path: str | None) -> None:
    assert sqlite_file(url) == (Path(path) if path else None)


def test_an_awkward_path_survives_the_uri_form(written: Ledger, ledger_url: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    if not ledger_url.startswith("sqlite"):
        pytest.skip("SQLite files")
    written.close()
    folder = tmp_path / "copy #1 at 100%"
    folder.mkdir()
    copy = folder / "ledger.db"
    copy.write_bytes(Path(str(sqlite_file(ledger_url))).read_bytes())
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    with Ledger.open(f"sqlite:///{copy}", read_only=True) as lg:
        assert "immutable=1" in read_only_url(f"sqlite:///{copy}", "") and lg.verify().ok


LATER = {"type": "StatementIssued", "occurred_on": "2024-03-28", "speakers": ["FRA"], "stance": "regrets",
         "source": {"document": "S/PV.9591"}}


def cut_short(lg: Ledger, url: str, count: int) -> int:
    """Delete the newest events of the log by hand, as someone with the database password would; the new head."""
    lg.append_many([{**LATER, "id": f"later.{i}"} for i in range(count + 1)])  # projected: the read models hold them
    head = lg.head() - count
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_events WHERE id > :p"), {"p": head})
    engine.dispose()
    return head


@pytest.mark.parametrize("read_only", [True, False])
def test_read_models_ahead_of_a_log_cut_short_are_not_read_and_the_ledger_says_so(
        written: Ledger, ledger_url: str, read_only: bool) -> None:
    """Read models projected past the log's end hold facts the log no longer has: views are folded from the log
    (the record), and the ledger says why, in words that point to `verify`, not to a rebuild."""
    head = cut_short(written, ledger_url, 2)
    url = read_only_form(ledger_url) if read_only else ledger_url
    with Ledger.open(url, read_only=read_only) as lg, logged() as logs:
        assert lg.head() == head
        view = lg.as_of(DAY)
        assert view.to_dict() == lg.replay(DAY).to_dict()
        assert {s.event_id for s in view.statements} >= {"later.0"}
        assert not {s.event_id for s in view.statements} & {"later.1", "later.2"}
        assert [r.event_id for r in lg.timeline("2024-03-28", "2024-03-28") if r.event_id.startswith("later.")] == ["later.0"]
        assert lg.answered_from_log == "read models 2 events ahead of the log"
        assert lg.log_cut_short
    [notice] = [e for e in logs if e["log_level"] == "warning"]
    assert notice["why"] == "read models 2 events ahead of the log" and "`ledger verify`" in notice["event"]


def test_read_models_up_to_date_say_nothing(written: Ledger) -> None:
    written.as_of(DAY)
    assert written.answered_from_log is None and not written.log_cut_short
