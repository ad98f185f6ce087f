"""The audit's shared ground: a ledger on SQLite, the seed article, looking at a day, and refusals.

The steps that read a view (panels, regimes, drafts, statements) are in view_steps.py, imported
here so that every feature can use them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from ledger import Conflict, InvalidDocument, Ledger, RuleBroken, UnknownReference
from tests.bdd.support import SEEDS, Scene, log_head, note, snapshot
from tests.bdd.view_steps import *  # noqa: F401,F403 - the view steps, shared by every feature

KINDS = {
    "an invalid document": InvalidDocument,
    "an unknown reference": UnknownReference,
    "a broken rule": RuleBroken,
    "a conflict": Conflict,
}


@pytest.fixture
def lg(tmp_path: Path) -> Iterator[Ledger]:
    """A fresh ledger of its own for each scenario, in a SQLite file."""
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as ledger:
        yield ledger


@pytest.fixture
def scene() -> Scene:
    return Scene()


# -- given ---------------------------------------------------------------------------------

@given("the ledger holds the seed article")
def the_seed_article(lg: Ledger, scene: Scene) -> None:
    scene.seed = lg.load(SEEDS)
    assert scene.seed and not any(r.repeated for r in scene.seed)


@given(parsers.parse('the UN note "{source_id}" of {day} is registered as a source'))
def a_un_note(lg: Ledger, source_id: str, day: str) -> None:
    assert not lg.append(note(source_id, day)).repeated


# -- when ----------------------------------------------------------------------------------

@when(parsers.re(r"I look at the ledger as of (?P<day>\S+)"))
def look(lg: Ledger, scene: Scene, day: str) -> None:
    scene.view = lg.as_of(day)


# -- then: the answer to an append ------------------------------------------------------------

@then("the ledger accepts it")
def accepted(scene: Scene) -> None:
    assert scene.attempt is not None
    assert scene.attempt.error is None, f"refused: {scene.attempt.error}"
    assert len(scene.attempt.recordings) == len(scene.attempt.documents)


@then("the timeline has one more fact")
def one_more_fact(lg: Ledger, scene: Scene) -> None:
    assert snapshot(lg)[1] == scene.attempt.rows_before + 1  # type: ignore[union-attr]


@then(parsers.re(r"the ledger refuses it as (?P<kind>an invalid document|an unknown reference|a broken rule|a conflict)"))
def refused_as(scene: Scene, kind: str) -> None:
    error = scene.attempt.refused  # type: ignore[union-attr]
    assert type(error) is KINDS[kind], f"{type(error).__name__} ({error.kind}): {error}"
    assert error.kind == KINDS[kind].kind


@then(parsers.parse('the refusal names the field "{field}"'))
def names_the_field(scene: Scene, field: str) -> None:
    error = scene.attempt.refused  # type: ignore[union-attr]
    assert error.field == field, f"field {error.field!r}: {error}"
    assert f"field {field!r}" in str(error), str(error)


@then(parsers.parse('the refusal names "{words}"'))
def names_the_words(scene: Scene, words: str) -> None:
    error = scene.attempt.refused  # type: ignore[union-attr]
    assert words in str(error), str(error)


@then(parsers.parse('the refusal names the document "{event_id}"'))
def names_the_document(scene: Scene, event_id: str) -> None:
    error = scene.attempt.refused  # type: ignore[union-attr]
    assert error.event_id == event_id, str(error)
    assert repr(event_id) in str(error), str(error)


@then(parsers.parse("the refusal names document {index:d} of the batch"))
def names_the_index(scene: Scene, index: int) -> None:
    error = scene.attempt.refused  # type: ignore[union-attr]
    assert error.index == index, str(error)
    assert f"document {index}" in str(error), str(error)
    assert error.event_id == scene.attempt.documents[index]["id"], str(error)  # type: ignore[union-attr]


@then("the ledger is unchanged")
def unchanged(lg: Ledger, scene: Scene) -> None:
    assert log_head(lg) == scene.attempt.head_before  # type: ignore[union-attr]
    after, rows = snapshot(lg)
    assert rows == scene.attempt.rows_before  # type: ignore[union-attr]
    assert after == scene.attempt.before  # type: ignore[union-attr]


@then("the source registered in the batch was not kept")
def batch_source_not_kept(lg: Ledger, scene: Scene) -> None:
    registration = next(d for d in scene.attempt.documents if d["type"] == "SourceRegistered")  # type: ignore[union-attr]
    # Registering it now is new: had the refused batch stored it, this would be a mere repeat.
    assert lg.append(registration).repeated is False
