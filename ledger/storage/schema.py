"""Keeping a database's schema at the head of the Alembic migrations."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from ledger.errors import LedgerError, NoLedger, SchemaBehind
from ledger.log import logger
from ledger.storage.readonly import NO_LEDGER, sqlite_file

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps

# The newest migration in migrations/versions, named here so that opening a current ledger never imports
# Alembic: its import logs seven INFO lines into an application's log and takes a quarter of a second.
# A test holds this to Alembic's own reading of the folder, so a new migration cannot be forgotten here.
HEAD_REVISION = "0006"


@cache
def migrations() -> Path:
    """The folder of the Alembic migrations: inside the installed package (the wheel maps the
    top-level migrations/ to ledger/_migrations), else the source tree's (a checkout, an editable install)."""
    shipped = resources.files("ledger").joinpath("_migrations")
    if isinstance(shipped, Path) and (shipped / "env.py").is_file():
        return shipped
    source = Path(__file__).resolve().parents[2] / "migrations"
    if (source / "env.py").is_file():
        return source
    raise LedgerError(f"the ledger's migrations are missing: neither {shipped} nor {source} holds them; reinstall the package")


def alembic_config() -> Config:
    """Alembic's configuration, built here rather than read from alembic.ini: the file's
    prepend_sys_path is for the `alembic` command, and would put a folder on sys.path at every open."""
    from alembic.config import Config  # only to upgrade: see HEAD_REVISION

    config = Config()
    config.set_main_option("script_location", str(migrations()))
    return config


def upgrade_command(url: str) -> str:
    """The command that brings the schema at `url` to the head, naming this installation's alembic.ini."""
    # The whole path: the command is often run from another folder than the one the error was met in. Quoted
    # for a shell (a URL's `&` or `%` would end or change it), and without the password: an error message is
    # often pasted where others read it.
    try:
        parsed = make_url(url)
    except Exception:
        parsed = None
    hidden = parsed is not None and parsed.password is not None
    shown = parsed.render_as_string(hide_password=True) if parsed is not None and hidden else url
    command = f"alembic -c {shlex.quote(str(migrations() / 'alembic.ini'))} -x {shlex.quote('url=' + shown)} upgrade head"
    return command + (" (with the password in place of ***)" if hidden else "")


def head_revision() -> str:
    return HEAD_REVISION


def current_revision(engine: Engine) -> str | None:
    """The revision Alembic recorded in the database (None for none), read with a plain query: Alembic's
    migration context would log two INFO lines at every open of a ledger whose schema is current."""
    with engine.connect() as connection:
        return revision_on(connection)


def revision_on(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    revisions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(revisions) > 1:  # the migrations are one line: several heads mean a database Alembic did not write
        raise LedgerError(f"the database records several schema revisions ({', '.join(sorted(revisions))}); "
                          "this ledger's migrations have one")
    return revisions[0] if revisions else None


def ensure_schema(engine: Engine, url: str, *, upgrade: bool = True) -> str | None:
    """Bring the schema to the head revision, or say exactly how to, when upgrading is not wanted.

    Returns the revision the database was at before (None for an empty database) when it upgraded.
    """
    before = current_revision(engine)
    if before == head_revision():
        return before
    if not upgrade:
        raise schema_behind(before, url)
    with alembic_said_at_warning():
        from alembic import command  # only to upgrade: see HEAD_REVISION

        config = alembic_config()
        with migrating(engine) as connection:
            before = revision_on(connection)  # again, under the lock: another process may have upgraded it meanwhile
            if before != head_revision():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                logger().info("schema upgraded", was=before or "none", now=head_revision())
    return before


@contextmanager
def alembic_said_at_warning() -> Iterator[None]:
    """Alembic's own INFO lines (its plugins at import, each migration run) kept out of an application's log
    while the ledger upgrades, unless the application set Alembic's level itself; the ledger says the upgrade
    in one line of its own. The level is put back as it was."""
    alembic = logging.getLogger("alembic")
    if alembic.level != logging.NOTSET:
        yield
        return
    alembic.setLevel(logging.WARNING)
    try:
        yield
    finally:
        alembic.setLevel(logging.NOTSET)


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction for the migrations. On a SQLite file the transaction takes the write
    lock from its start and holds every DDL statement (SQLite's driver would run each on its own): two
    processes creating the same ledger take turns, and the second finds the schema at the head."""
    if engine.dialect.name != "sqlite" or sqlite_file(engine.url.render_as_string(hide_password=False)) is None:
        with engine.begin() as connection:  # PostgreSQL's DDL is transactional; in memory, one connection
            yield connection
        return
    migrator = create_engine(engine.url, connect_args={"isolation_level": None}, poolclass=NullPool)
    event.listen(migrator, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    try:
        with migrator.begin() as connection:
            yield connection
    finally:
        migrator.dispose()


def schema_behind(revision: str | None, url: str) -> SchemaBehind:
    """The refusal of a database whose schema is behind this code's (`revision` None: none at all), with the
    command that brings it to the head."""
    return SchemaBehind(f"the database schema is at revision {revision or 'none'}, this code needs "
                        f"{head_revision()}; run: {upgrade_command(url)}")


def check_schema(engine: Engine, shown: str) -> str:
    """For a read-only open: the schema must already be at the head revision; nothing is created or
    upgraded. Returns the revision. `shown` is the URL as errors may show it (no password)."""
    found = current_revision(engine)
    if found is None:  # an empty database, or one whose tables are not a ledger's
        if engine.dialect.name == "postgresql" and not _schema_selected(engine):
            raise NoLedger(f"no ledger at {shown}: the URL's search_path names no schema this database holds "
                           "(correct its name in options=-csearch_path%3Dname, or create it: CREATE SCHEMA name)")
        raise NoLedger(NO_LEDGER.format(url=shown))
    if found != head_revision():
        raise SchemaBehind(
            f"the database schema at {shown} is at revision {found}, this code needs {head_revision()}; "
            "opened read-only, so it was not upgraded: `ledger init` (or opening it for writing) upgrades it"
        )
    return found


def _schema_selected(engine: Engine) -> bool:
    """Whether a PostgreSQL session's search_path names a schema that exists (a misspelt one names none)."""
    with engine.connect() as connection:
        return connection.execute(text("SELECT current_schema()")).scalar() is not None
