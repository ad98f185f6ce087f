"""Days and moments: the day a scenario looks at, the moment the ledger's knowledge is taken at, and moments
noted along the way (to look back at what the ledger knew then)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from ledger.scenarios.scene import Scene
from ledger.scenarios.vocabulary import A_DAY, step

MICROSECOND = timedelta(microseconds=1)


def noted(scene: Scene, label: str) -> datetime:
    if label not in scene.moments:
        known = ", ".join(f'"{m}"' for m in scene.moments) or "none yet"
        raise AssertionError(f'no moment was noted as "{label}" (noted: {known}): say "I note the time as "{label}"" first')
    return scene.moments[label]


@step("when", "I look at the ledger as of {day:day}", "I look at the ledger as of 2024-05-01", gives=(A_DAY,))
def look(scene: Scene, day: str) -> None:
    scene.view = scene.ledger.as_of(day)


@step("when", "I look at the ledger as of {day:day} as known at {moment:moment}",
      "I look at the ledger as of 2024-03-28 as known at 2024-06-01T00:00:00Z", gives=(A_DAY,))
def look_as_known_at(scene: Scene, day: str, moment: str) -> None:
    scene.view = scene.ledger.as_of(day, known_at=moment)


@step("when", 'I look at the ledger as of {day:day} as known "{label:text}"',
      'I look at the ledger as of 2024-03-28 as known "before any correction"', needs=("{label}",), gives=(A_DAY,))
def look_as_known_noted(scene: Scene, day: str, label: str) -> None:
    scene.view = scene.ledger.as_of(day, known_at=noted(scene, label))


@step("when", 'I look at the ledger as of {day:day} as known before "{label:text}"',
      'I look at the ledger as of 2024-03-28 as known before "the correction"', needs=("{label}",), gives=(A_DAY,))
def look_as_known_before(scene: Scene, day: str, label: str) -> None:
    scene.view = scene.ledger.as_of(day, known_at=noted(scene, label) - MICROSECOND)


@step("when", "I look at the ledger as of {day:day} as known a millionth of a second before the last fix was recorded",
      "I look at the ledger as of 2024-03-28 as known a millionth of a second before the last fix was recorded", gives=(A_DAY,))
def look_before_last_fix(scene: Scene, day: str) -> None:
    if not scene.fixes:
        raise AssertionError("no fix was recorded in this scenario")
    scene.view = scene.ledger.as_of(day, known_at=scene.fixes[-1].recorded_at - MICROSECOND)


@step(("given", "when"), 'I note the time the ledger recorded "{event:text}" as "{label:text}"',
      'I note the time the ledger recorded "fix.china-mfa.stance" as "the seed\'s fixes"', gives=("{label}",))
def note_when_recorded(scene: Scene, event: str, label: str) -> None:
    """The moment a fact (or a fix) was recorded, to look at what the ledger knew before it. A fix must have been
    recorded after the fact it names: one batch gives both the same moment, and nothing was known before it."""
    facts = {f.event_id: f for f in scene.ledger.facts()}
    if event not in facts:
        raise AssertionError(f"the ledger holds no event {event!r}")
    found, named = facts[event], facts.get(facts[event].fixes or "")
    if named is not None and named.recorded_at >= found.recorded_at:
        raise AssertionError(f"{event} was recorded in the same batch as {named.event_id}, the fact it fixes, so the ledger "
                             "never held that fact without it: load the fact and its fix apart (the seed: file by file)")
    scene.moments[label] = found.recorded_at


@step(("given", "when"), 'I note the time as "{label:text}"', 'I note the time as "before any correction"', gives=("{label}",))
def note_the_time(scene: Scene, label: str) -> None:
    # Apart from the recordings before and after by a little, so that "as known" at it is unambiguous.
    time.sleep(0.002)
    scene.moments[label] = datetime.now(UTC)
    recorded = scene.ledger.recorded_range()
    if recorded is not None and recorded[1] >= scene.moments[label]:
        raise AssertionError(f"the noted time {scene.moments[label].isoformat()} is not after everything recorded "
                             f"(the last recording is of {recorded[1].isoformat()})")
    time.sleep(0.002)
