"""The pytest plugin of the vocabulary: `--ledger-db URL`, the ledger under audit (opened read-only, once a
run), and each scenario's scene. `ledger check` loads it; so can any pytest run (`-p ledger.scenarios.plugin`).

A test suite can put a ledger of its own under audit by overriding the `audited_ledger` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ledger.scenarios.scene import Scene
from ledger.service.application import Ledger

# The modules of sentences: each registers its steps as fixtures of its own, found once it is a plugin.
STEPS = ["moments", "timeline", "states", "votes", "statements", "provenance", "history", "whatifs", "tampering",
         "integrity", "comparisons", "vetoes"]
pytest_plugins = [f"ledger.scenarios.{module}" for module in STEPS]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("ledger").addoption("--ledger-db", dest="ledger_db", metavar="URL", default=None,
                                        help="SQLAlchemy URL of the ledger the scenarios audit (opened read-only).")


@pytest.fixture(scope="session")
def audited_url(request: pytest.FixtureRequest) -> str:
    url = request.config.getoption("ledger_db")
    if not url:
        raise pytest.UsageError("give the ledger to audit: --ledger-db URL")
    return str(url)


@pytest.fixture(scope="session")
def audited_ledger(audited_url: str) -> Iterator[Ledger]:
    """The ledger under audit, read-only: opening and reading it write nothing."""
    with Ledger.open(audited_url, read_only=True) as ledger:
        yield ledger


@pytest.fixture
def scene(audited_ledger: Ledger, tmp_path: Path) -> Iterator[Scene]:
    scene = Scene(audited_ledger, tmp_path)
    yield scene
    scene.close()


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    request.getfixturevalue("scene").feature = Path(feature.filename)
