"""Writes, side by side in one run: the ledger against the library beneath it and the database's floor.

    python -m tests.bench.writes [--url URL] [--facts N] [--single N] [--also-postgres]

Statements with their own ids about one panel, on a ledger holding a source, a regime and a panel:
`append` one at a time against a bare `eventsourcing` application saving one new aggregate (one event
carrying the document) per `save`, on the same persistence module (eventsourcing-sqlalchemy); then
`append_many` of 1,000 against one `save` of 1,000 aggregates. Beside them the native `eventsourcing.sqlite`
module (SQLite only) and raw `executemany` of the ledger's own stored bytes into a plain table. Then a
mixed history (regimes, panels, votes, statements, fixes) through `append_many`; last, the batched documents'
check alone (marshmallow, nothing stored), beside the share of a bare save's time per fact it takes.

Every measurement runs on a fresh database (a file of its own; on PostgreSQL a schema of its own), the
contenders interleaved, twice over: the best of the two is printed, as the machine's speed drifts.
`--url` is a SQLAlchemy URL naming where to measure (SQLite files go in a temporary folder whatever it
names); `--also-postgres` adds PostgreSQL after SQLite when LEDGER_BENCH_POSTGRES_URL or the local test
database answers.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from sqlalchemy import create_engine, text

from ledger import Ledger
from ledger.documents.parse import Located, parse_documents
from tests.bench import statements, synthetic
from tests.conftest import postgres_schema

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BATCH = 1000
ROUNDS = 2
Row = tuple[str, int, str, bytes]  # originator id, version, topic, state: what the log stores


class Statement(Aggregate):
    """The bare library's counterpart of a fact: one aggregate, created by one event carrying the document."""

    def __init__(self, fact: dict[str, Any]) -> None:
        self.fact = fact


class Databases:
    """Fresh databases on demand: files in a temporary folder, or schemas in one PostgreSQL database."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.postgres = url.startswith("postgresql")

    @contextmanager
    def fresh(self, name: str) -> Iterator[str]:
        """A SQLAlchemy URL of an empty database (dropped afterwards, on PostgreSQL)."""
        if not self.postgres:
            yield f"sqlite:///{self.folder / f'{name}-{uuid.uuid4().hex[:8]}.db'}"
            return
        with postgres_schema(self.url) as url:
            yield url


# -- the contenders: each returns facts per second -------------------------------------------------


def ledger_rate(url: str, docs: list[dict[str, Any]], size: int) -> tuple[float, list[Row]]:
    """Appends (size 1) or batches through the ledger, after its opening documents; and its stored bytes."""
    with Ledger.open(url) as lg:
        lg.append_many(statements.OPENING)
        started = time.perf_counter()
        if size == 1:
            for document in docs:
                lg.append(document)
        else:
            for start in range(0, len(docs), size):
                lg.append_many(docs[start : start + size])
        rate = len(docs) / (time.perf_counter() - started)
        stored = [(str(s.originator_id), s.version, s.topic, s.state) for s in lg.store.every_stored()]
    return rate, stored[len(statements.OPENING) :]


def library_rate(env: dict[str, str], docs: list[dict[str, Any]], size: int) -> float:
    """New aggregates saved one per `save` (size 1) or `size` per `save`, through a bare application."""
    app: Application[Any] = Application(env=env)
    try:
        started = time.perf_counter()
        for start in range(0, len(docs), size):
            app.save(*[Statement(fact=d) for d in docs[start : start + size]])
        return len(docs) / (time.perf_counter() - started)
    finally:
        app.close()


def bare_env(url: str) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url}


def native_env(url: str) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": url.removeprefix("sqlite:///")}


CREATE_RAW = ("CREATE TABLE raw (id {serial} PRIMARY KEY, originator_id TEXT NOT NULL, originator_version INTEGER NOT NULL,"
              " topic TEXT NOT NULL, state {blob} NOT NULL, UNIQUE (originator_id, originator_version))")
INSERT_RAW = "INSERT INTO raw (originator_id, originator_version, topic, state) VALUES ({0}, {0}, {0}, {0})"


def raw_rate(url: str, rows: list[Row], size: int) -> float:
    """The floor: the stored bytes inserted with `executemany`, `size` rows to a transaction."""
    if url.startswith("sqlite"):
        connection: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.execute("PRAGMA journal_mode=WAL")  # as both libraries set it on a file
        connection.execute(CREATE_RAW.format(serial="INTEGER", blob="BLOB"))
        insert = INSERT_RAW.format("?")
    else:
        import psycopg

        connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        connection.execute(CREATE_RAW.format(serial="BIGSERIAL", blob="BYTEA"))
        insert = INSERT_RAW.format("%s")
    connection.commit()
    try:
        started = time.perf_counter()
        for start in range(0, len(rows), size):
            connection.cursor().executemany(insert, rows[start : start + size])
            connection.commit()
        return len(rows) / (time.perf_counter() - started)
    finally:
        connection.close()


def check_rate(docs: list[dict[str, Any]]) -> float:
    """The documents' own check alone (marshmallow's schemas, nothing read or stored), a batch at a time."""
    started = time.perf_counter()
    for start in range(0, len(docs), BATCH):
        parse_documents([Located(d) for d in docs[start : start + BATCH]])
    return len(docs) / (time.perf_counter() - started)


def mixed_documents(regimes: int, years: int) -> list[dict[str, Any]]:
    """The benchmark's synthetic history, with each year's first statement about a vote corrected and its
    last retracted (each fix in the batch of the fact it fixes, or a later one)."""
    docs: list[dict[str, Any]] = []
    for year in synthetic.documents(regimes, years):
        fixes = []
        for document in year:
            if document["type"] == "StatementIssued" and document["id"].endswith(".statement.0"):
                fixes.append({"type": "FactCorrected", "id": f"fix.{document['id']}", "corrects": document["id"],
                              "source": document["source"], "changes": {"stance": "regrets"}, "reason": "misheard"})
            if document["type"] == "StatementIssued" and document["id"].endswith(".statement.11"):
                fixes.append({"type": "FactRetracted", "id": f"fix.{document['id']}", "retracts": document["id"],
                              "source": document["source"], "reason": "not said"})
        docs.extend(year + fixes)
    return docs


def mixed_rate(url: str, docs: list[dict[str, Any]]) -> float:
    with Ledger.open(url) as lg:
        started = time.perf_counter()
        for start in range(0, len(docs), BATCH):
            lg.append_many(docs[start : start + BATCH])
        return len(docs) / (time.perf_counter() - started)


# -- one database, every shape ----------------------------------------------------------------------


def measure(dbs: Databases, single: int, batched: int, regimes: int) -> dict[str, float]:
    """Best of `ROUNDS` rates for every cell, the contenders interleaved within each round."""
    opening = len(statements.OPENING)
    docs = list(statements.documents(opening + max(single, batched)))[opening:]
    mixed = mixed_documents(regimes, 10)
    best: dict[str, float] = {"mixed_count": len(mixed)}

    def keep(cell: str, rate: float) -> None:
        best[cell] = max(best.get(cell, 0.0), rate)

    for _ in range(ROUNDS):
        for shape, count, size in (("one", single, 1), ("batch", batched, BATCH)):
            some = docs[:count]
            with dbs.fresh("ledger") as url:
                rate, stored = ledger_rate(url, some, size)
                keep(f"{shape}.ledger", rate)
            with dbs.fresh("bare") as url:
                keep(f"{shape}.bare", library_rate(bare_env(url), some, size))
            if not dbs.postgres:
                with dbs.fresh("native") as url:
                    keep(f"{shape}.native", library_rate(native_env(url), some, size))
            with dbs.fresh("raw") as url:
                keep(f"{shape}.raw", raw_rate(url, stored, size))
        keep("batch.check", check_rate(docs[:batched]))
        with dbs.fresh("mixed") as url:
            keep("mixed.ledger", mixed_rate(url, mixed))
    return best


def table(name: str, best: dict[str, float], single: int, batched: int) -> str:
    def cell(key: str) -> str:
        return f"{best[key]:,.0f}" if key in best else "-"

    def ratio(shape: str) -> str:
        return f"{best[f'{shape}.ledger'] / best[f'{shape}.bare']:.2f}"

    head = f"{'writes, ' + name:<36}{'ledger':>10}{'bare es-sqlalchemy':>20}{'ratio':>8}{'native es.sqlite':>18}{'raw executemany':>17}"
    lines = [head]
    for shape, label in (("one", f"one fact at a time ({single:,}), facts/s"),
                         ("batch", f"batches of {BATCH:,} ({batched:,}), facts/s")):
        lines.append(f"{label:<36}{cell(shape + '.ledger'):>10}{cell(shape + '.bare'):>20}{ratio(shape):>8}"
                     f"{cell(shape + '.native'):>18}{cell(shape + '.raw'):>17}")
    mixed = f"mixed history ({best['mixed_count']:,.0f}) via append_many"
    lines.append(f"{mixed:<36}{cell('mixed.ledger'):>10}")
    # What the batched ratio can reach: a document's check alone takes this share of a bare save's time.
    share = best["batch.bare"] / best["batch.check"]
    lines.append(f"{'marshmallow check alone, facts/s':<36}{cell('batch.check'):>10}"
                 f"   ({share:.2f} of a bare batched save's time per fact)")
    return "\n".join(lines)


def measured_urls(url: str, also_postgres: bool) -> list[str]:
    """The URL asked for, and PostgreSQL's after it when asked and one answers (said when none does)."""
    urls = [url]
    if also_postgres:
        found = postgres_url()
        if found:
            urls.append(found)
        else:
            print("PostgreSQL: none answers (set LEDGER_BENCH_POSTGRES_URL); measured on SQLite only")
    return urls


def postgres_url() -> str | None:
    """LEDGER_BENCH_POSTGRES_URL, else the local test database if it answers."""
    url = os.environ.get("LEDGER_BENCH_POSTGRES_URL")
    if url:
        return url
    try:
        engine = create_engine(LOCAL_POSTGRES, connect_args={"connect_timeout": 2})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return LOCAL_POSTGRES
    except Exception:  # noqa: BLE001 - any failure means there is none to measure
        return None


def server_version(url: str) -> str:
    if not url.startswith("postgresql"):
        return sqlite3.sqlite_version
    engine = create_engine(url)
    with engine.connect() as connection:
        version = str(connection.execute(text("SHOW server_version")).scalar())
    engine.dispose()
    return version


def run(urls: list[str], single: int, batched: int, regimes: int, say: Callable[[str], None] = print) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    say(f"writes benchmark, {now}, {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, eventsourcing {metadata.version('eventsourcing')}, "
        f"eventsourcing-sqlalchemy {metadata.version('eventsourcing-sqlalchemy')}; best of {ROUNDS} interleaved rounds, a fresh database each")
    for url in urls:
        with tempfile.TemporaryDirectory(prefix="ledger-writes-") as folder:
            dbs = Databases(url, Path(folder))
            name = "PostgreSQL" if dbs.postgres else "SQLite"
            started = time.perf_counter()
            best = measure(dbs, single, batched, regimes)
            say("")
            say(table(name, best, single, batched))
            say(f"({name} {server_version(url)}, measured in {time.perf_counter() - started:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="sqlite://", help="where to measure (default: SQLite files)")
    parser.add_argument("--facts", type=int, default=10 * BATCH, help="facts appended in batches of 1,000")
    parser.add_argument("--single", type=int, default=300, help="facts appended one at a time")
    parser.add_argument("--regimes", type=int, default=20, help="regimes of the mixed history (over 10 years)")
    parser.add_argument("--also-postgres", action="store_true", help="PostgreSQL too, if one answers")
    args = parser.parse_args()
    urls = measured_urls(args.url, args.also_postgres)
    run(urls, args.single, args.facts, args.regimes)


if __name__ == "__main__":
    main()
