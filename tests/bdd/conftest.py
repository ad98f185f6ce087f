"""The suite's ledger under audit, and the steps only the suite needs.

The sentences of the features are the ones the package ships (ledger/scenarios, loaded as a pytest plugin
by tests/conftest.py), the same that `ledger check` runs. Here the ledger they audit is not a read-only
one given on the command line but, for each scenario, a fresh SQLite ledger holding the seed, which the
suite's own steps (registering notes, recording votes and fixes, building other ledgers) may write to.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then

from ledger import Ledger
from ledger.documents.files import document_files
from ledger.scenarios.scene import Scene
from tests.bdd.support import SEEDS, note


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """A ledger loaded with the seed once for the session, and the recordings of that load. Each file of the
    seed is loaded on its own, in order, as its history was written: the facts first, then their fixes, so
    that what the ledger believed before the fixes can be asked for."""
    path = tmp_path_factory.mktemp("seeded") / "ledger.db"
    with Ledger.open(f"sqlite:///{path}") as ledger:
        recordings = [r for file in document_files(SEEDS) for r in ledger.load(file)]
    assert recordings and not any(r.repeated for r in recordings)
    return path, recordings


@pytest.fixture
def seed(seeded_file: tuple[Path, list[Any]]) -> list[Any]:
    """The recordings of the seed: the positions and moments the ledger gave each of its documents."""
    return seeded_file[1]


@pytest.fixture
def audited_ledger(seeded_file: tuple[Path, list[Any]], tmp_path: Path) -> Iterator[Ledger]:
    """A copy of the seeded ledger for each scenario, writable: the suite's own steps append to it."""
    with Ledger.open(f"sqlite:///{seeded_file[0]}", read_only=True) as seeded:
        url = seeded.copy_to(tmp_path / "ledger.db")
    with Ledger.open(url) as ledger:
        yield ledger


@pytest.fixture
def lg(audited_ledger: Ledger) -> Ledger:
    return audited_ledger


# -- the suite's own steps ------------------------------------------------------------------

@given(parsers.parse('the UN note "{source_id}" of {day} is registered as a source'))
def a_un_note(lg: Ledger, source_id: str, day: str) -> None:
    assert not lg.append(note(source_id, day)).repeated


@then("the source registered in the batch was not kept")
def batch_source_not_kept(lg: Ledger, scene: Scene) -> None:
    registration = next(d for d in scene.attempt.documents if d["type"] == "SourceRegistered")  # type: ignore[union-attr]
    # Registering it now is new: had the refused batch stored it, this would be a mere repeat.
    assert lg.append(registration).repeated is False
