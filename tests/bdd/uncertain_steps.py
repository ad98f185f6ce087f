"""The suite's steps for features/time/uncertain_dates.feature: facts dated as loosely as their source.

test_time_scenarios imports them all: pytest-bdd keeps each step as a fixture named by its sentence.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pytest_bdd import given, parsers, then, when

from ledger import Ledger
from tests.bdd.support import ALL_TIME, Scene, attempt, cite, one_id


def _appended(scene: Scene) -> dict[str, Any]:
    assert scene.attempt is not None and scene.attempt.documents
    return scene.attempt.documents[0]


def _row(lg: Ledger, scene: Scene, day: date | str = ALL_TIME) -> Any:
    ident = _appended(scene)["id"]
    found = [row for row in lg.as_of(day).timeline if row.event_id == ident]
    return found[0] if found else None


@when(parsers.parse('someone appends a meeting of {first} and {second} dated {on}, citing the UN note "{source}"'))
def a_meeting_dated(lg: Ledger, scene: Scene, first: str, second: str, on: str, source: str) -> None:
    scene.attempt = attempt(lg, [{"type": "MeetingHeld", "id": "meeting.uncertain", "occurred_on": on,
                                  "source": cite(source), "participants": [one_id(first), one_id(second)]}])


@when(parsers.parse("someone appends {speaker}'s reaction to the vote on {draft}, dated {on}, citing the UN note \"{source}\""))
def a_reaction_dated(lg: Ledger, scene: Scene, speaker: str, draft: str, on: str, source: str) -> None:
    scene.attempt = attempt(lg, [{"type": "StatementIssued", "id": "statement.uncertain", "occurred_on": on,
                                  "source": cite(source), "speakers": [one_id(speaker)], "stance": "regrets",
                                  "about": [draft]}])


ON_RECORD = "statement.on-record"


@given(parsers.parse("{speaker}'s reaction to the vote on {draft}, dated {on}, citing the UN note \"{source}\", is on record"))
def a_reaction_on_record(lg: Ledger, speaker: str, draft: str, on: str, source: str) -> None:
    recorded = lg.append({"type": "StatementIssued", "id": ON_RECORD, "occurred_on": on, "source": cite(source),
                          "speakers": [one_id(speaker)], "stance": "regrets", "about": [draft]})
    assert not recorded.repeated and recorded.flag is None


@when(parsers.parse("a correction dates the reaction on record {on}"))
def correct_the_date(lg: Ledger, scene: Scene, on: str) -> None:
    scene.attempt = attempt(lg, [{"type": "FactCorrected", "id": "fix.date", "corrects": ON_RECORD,
                                  "changes": {"occurred_on": on}, "reason": "misdated",
                                  "source": cite("S/PV.9999")}])


@then("the audit flags the reaction on record for the same reason")
def audit_flags_the_reaction(lg: Ledger, scene: Scene) -> None:
    assert scene.attempt is not None
    [recording] = scene.attempt.recordings
    flagged = [(p.event_id, p.problem) for p in lg.audit() if p.flagged]
    assert flagged == [(ON_RECORD, recording.flag)], flagged


@then("the ledger accepts it, without a flag")
def accepted_without_a_flag(scene: Scene) -> None:
    assert scene.attempt is not None and scene.attempt.error is None, scene.attempt.error if scene.attempt else None
    [recording] = scene.attempt.recordings
    assert recording.flag is None, recording.flag


@then(parsers.parse("the timeline shows the {what} dated {on}, allowing the days from {earliest} to {latest}"))
def shows_the_span(lg: Ledger, scene: Scene, what: str, on: str, earliest: str, latest: str) -> None:
    row = _row(lg, scene)
    data = row.to_dict()
    assert (data["on"], data["earliest"], data["latest"]) == (on, earliest, latest), data
    assert row.on.latest == date.fromisoformat(latest)


@then(parsers.parse("the timeline shows the {what} dated {on}, allowing the days up to {latest}, from a day unknown"))
def shows_open_start(lg: Ledger, scene: Scene, what: str, on: str, latest: str) -> None:
    data = _row(lg, scene).to_dict()
    assert (data["on"], data["kind"], data["earliest"], data["latest"]) == (on, "open-start", None, latest), data


@then(parsers.parse("as of {day} the {what} is on the timeline, but not the day before"))
def counts_from(lg: Ledger, scene: Scene, day: str, what: str) -> None:
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    assert _row(lg, scene, day) is not None, f"not on the timeline as of {day}"
    assert _row(lg, scene, before) is None, f"already on the timeline as of {before}"


@then(parsers.parse("the ledger flags it: its date allows {day}, when it holds no draft {draft}"))
def flagged_for(scene: Scene, day: str, draft: str) -> None:
    assert scene.attempt is not None
    [recording] = scene.attempt.recordings
    assert recording.flag is not None, "no flag"
    assert f"allows {day}" in recording.flag and f"no draft or panel or regime or actor {draft!r}" in recording.flag, recording.flag


@then("the audit flags it for the same reason")
def audit_flags_it(lg: Ledger, scene: Scene) -> None:
    assert scene.attempt is not None
    [recording] = scene.attempt.recordings
    flagged = [(p.event_id, p.problem) for p in lg.audit() if p.flagged]
    assert flagged == [(recording.event_id, recording.flag)], flagged
