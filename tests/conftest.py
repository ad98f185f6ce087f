"""Fixtures: a real ledger on a SQLite file and, when LEDGER_TEST_POSTGRES_URL is set, on PostgreSQL.

Each PostgreSQL test gets a schema of its own (through the connection's search_path) and drops it
afterwards, so the shared `test` database is left as it was found.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ledger import Ledger

# The sentences auditors write (ledger/scenarios): the BDD features run on them, as `ledger check` does.
pytest_plugins = ["ledger.scenarios.plugin"]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"  # the whole seed: the article, its fixes, and the veto record since 1946
VETO_RECORD = SEEDS / "vetoes-1946-2022.jsonl"
# The seed article and its fixes, in the folder's order: what the tests of views, fixes, audits and exports are
# about. The veto record has tests of its own, and the whole folder is loaded where a test says so.
ARTICLE_SEEDS = tuple(path for path in sorted(SEEDS.glob("*.jsonl")) if path != VETO_RECORD)
POSTGRES_URL = os.environ.get("LEDGER_TEST_POSTGRES_URL")


def _postgres_reachable(url: str) -> str | None:
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as e:  # noqa: BLE001 - any failure means unreachable
        return str(e).splitlines()[0]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    if not POSTGRES_URL:
        pytest.skip("LEDGER_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (CI sets it)")
    problem = _postgres_reachable(POSTGRES_URL)
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable under CI: {problem}")
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable: {problem}")
    return POSTGRES_URL


@contextmanager
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A URL whose connections use a schema of their own, dropped on the way out."""
    schema = f"ledger_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in postgres_url else "?"
    try:
        yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    with postgres_schema(postgres_url) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_database(request: pytest.FixtureRequest) -> Callable[[], AbstractContextManager[str]]:
    """Makes empty databases on demand (for tests that need many, such as property-based ones)."""
    if request.param == "sqlite":
        return lambda: nullcontext("sqlite://")
    base = request.getfixturevalue("postgres_url")
    return lambda: postgres_schema(base)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url) as lg:
        yield lg


@pytest.fixture
def seeded(ledger: Ledger) -> Ledger:
    ledger.load(*ARTICLE_SEEDS)
    return ledger


def unsaying(lg: Ledger, draft_id: str) -> list[dict[str, object]]:
    """Retractions of every statement the ledger holds about a draft: what must go before its vote can be retracted
    (a retraction that would leave a statement about a draft no longer voted is refused)."""
    about = [s.event_id for s in lg.as_of("2100-01-01").statements if draft_id in s.about]
    return [{"type": "FactRetracted", "id": f"unsaid.{event_id}", "retracts": event_id, "reason": "about no vote held",
             "source": {"document": "S/PV.9591"}} for event_id in about]
