"""Alembic owns every table: the migrations create and remove them, and agree with the code's models."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect
from sqlalchemy_utils.types.uuid import UUIDType

import ledger.projections.tables  # noqa: F401 - registers the read-model tables on the metadata
from ledger import Ledger, SchemaBehind
from ledger.service.application import database_url
from ledger.storage.eventstore import EventStore, store_env
from ledger.storage.schema import alembic_config, head_revision
from ledger.storage.tables import metadata as side_tables

TABLES = {"ledger_events", "ledger_facts", "ledger_chain", "alembic_version",
          "rm_panels", "rm_regimes", "rm_drafts", "rm_timeline", "rm_generations"}


def migrate(url: str, target: str) -> None:
    engine = create_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if target == "base":
            command.downgrade(config, target)
        else:
            command.upgrade(config, target)
    engine.dispose()


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_creates_every_table_and_downgrade_removes_them(ledger_url: str) -> None:
    migrate(ledger_url, "head")
    assert tables(ledger_url) == TABLES
    migrate(ledger_url, "base")
    assert tables(ledger_url) <= {"alembic_version"}


def test_the_migrations_agree_with_the_models(ledger_url: str) -> None:
    migrate(ledger_url, "head")
    store = EventStore(env=store_env(database_url(ledger_url)))  # registers the event table's model
    models = MetaData()
    for table in side_tables.tables.values():
        table.to_metadata(models)
    store.recorder.events_record_cls.__table__.to_metadata(models)  # type: ignore[attr-defined]
    engine = create_engine(ledger_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": _same_type})
        differences = compare_metadata(context, models)
    engine.dispose()
    store.close()
    assert differences == []


def _same_type(context, inspected_column, metadata_column, inspected_type, metadata_type):  # type: ignore[no-untyped-def]
    """SQLite reflects the BINARY(16) of a UUID column by affinity, as NUMERIC(16): the same column."""
    if isinstance(metadata_type, UUIDType) and context.dialect.name == "sqlite":
        return getattr(inspected_type, "precision", None) != 16 and getattr(inspected_type, "length", None) != 16
    return None


def test_opening_an_empty_database_without_upgrading_says_what_to_run(ledger_url: str) -> None:
    with pytest.raises(SchemaBehind) as caught:
        Ledger.open(ledger_url, upgrade=False)
    message = str(caught.value)
    assert "alembic -c " in message and "upgrade head" in message
    ini = Path(message.split("alembic -c ", 1)[1].split()[0])
    assert ini.is_absolute() and ini.name == "alembic.ini" and ini.is_file()  # runs from any folder


def test_opening_a_missing_file_without_upgrading_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "not-yet.db"
    with pytest.raises(SchemaBehind, match="at revision none.*run: alembic -c "):
        Ledger.open(f"sqlite:///{path}", upgrade=False)
    assert list(tmp_path.iterdir()) == []  # no empty database left behind, nor its -wal and -shm


def test_the_head_revision_the_code_names_is_the_newest_migration() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_opening_a_current_ledger_logs_nothing_of_alembic(ledger_url: str, caplog: pytest.LogCaptureFixture) -> None:
    Ledger.open(ledger_url).close()
    with caplog.at_level(logging.INFO):  # an application that logs at INFO hears its own lines, not the schema check
        with Ledger.open(ledger_url) as lg:
            assert lg.head() == 0
    assert [r for r in caplog.records if r.name.startswith("alembic")] == []


def test_a_new_process_opening_a_current_ledger_neither_imports_nor_hears_alembic(tmp_path: Path) -> None:
    """Importing Alembic logs its plugins at INFO: an application's first open of a current ledger must not."""
    url = f"sqlite:///{tmp_path / 'current.db'}"
    Ledger.open(url).close()
    script = ("import logging, sys\n"
              "logging.basicConfig(level=logging.INFO, format='%(name)s %(message)s')\n"
              "from ledger import Ledger\n"
              f"with Ledger.open({url!r}) as lg: lg.head()\n"
              "print('alembic' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout == "False\n"
    assert "alembic" not in run.stderr


def _logged_while_creating(path: Path, alembic_level: str) -> list[str]:
    """The log lines of a new process that creates a ledger with logging at INFO, and the level of Alembic's
    logger afterwards as its last line."""
    script = ("import logging\n"
              "logging.basicConfig(level=logging.INFO, format='%(name)s %(message)s')\n"
              f"logging.getLogger('alembic').setLevel({alembic_level})\n"
              "from ledger import Ledger\n"
              f"Ledger.open({f'sqlite:///{path}'!r}).close()\n"
              "logging.getLogger('check').warning(logging.getLogger('alembic').level)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return run.stderr.splitlines()


def test_creating_a_ledger_logs_one_line_of_its_own_and_leaves_alembics_level_as_it_was(tmp_path: Path) -> None:
    said = _logged_while_creating(tmp_path / "new.db", "logging.NOTSET")
    assert said == [f"ledger schema upgraded was=none now={head_revision()}", "check 0"]


def test_an_application_that_sets_alembics_level_hears_alembic(tmp_path: Path) -> None:
    said = _logged_while_creating(tmp_path / "new.db", "logging.INFO")
    assert any(line.startswith("alembic.runtime.migration Running upgrade") for line in said)
    assert said[-1] == "check 20"


def test_opening_upgrades_a_database_to_the_head(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as lg:
        assert lg.head() == 0
    engine = create_engine(ledger_url)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    engine.dispose()
    with Ledger.open(ledger_url, upgrade=False) as again:
        assert again.head() == 0


def test_the_process_environment_does_not_configure_how_facts_are_stored(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The library beneath would read COMPRESSOR_TOPIC from the environment: the stored bytes must stay the
    documents' JSON, which the chain, the exports and the check of citations read."""
    monkeypatch.setenv("COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")
    monkeypatch.setenv("LEDGER_PERSISTENCE_MODULE", "eventsourcing.popo")
    url = f"sqlite:///{tmp_path / 'l.db'}"
    with Ledger.open(url) as lg:
        lg.append({"type": "SourceRegistered", "id": "s", "source_id": "s", "title": "t", "published_on": "2024-01-01"})
    engine = create_engine(url)
    with engine.connect() as connection:
        [state] = connection.exec_driver_sql("SELECT state FROM ledger_events").scalars().all()
    engine.dispose()
    assert b'"source_id":"s"' in bytes(state).replace(b" ", b"")
