"""Alembic environment: migrate the database given by the caller, -x url=..., or $LEDGER_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

import ledger.projections.tables  # noqa: F401 - the read models share the metadata
from ledger.storage.tables import metadata

DEFAULT_URL = "sqlite:///ledger.db"


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("LEDGER_URL") or DEFAULT_URL
    engine = create_engine(url)
    with engine.begin() as conn:
        run_migrations(conn)
    engine.dispose()
