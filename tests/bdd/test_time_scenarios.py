"""Valid time and transaction time: features/time/{fixes,order}.feature."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from ledger import Ledger
from tests.bdd.support import Scene, attempt, cite, ids, note, one_id
from tests.bdd.uncertain_steps import *  # noqa: F403  (the steps of uncertain_dates.feature)

scenarios("time")


@pytest.fixture
def first(tmp_path: Path) -> Iterator[Ledger]:
    """An empty ledger, to build a history of its own in."""
    with Ledger.open(f"sqlite:///{tmp_path / 'first.db'}") as ledger:
        yield ledger


@pytest.fixture
def second(tmp_path: Path) -> Iterator[Ledger]:
    """A second ledger, to compare with the first."""
    with Ledger.open(f"sqlite:///{tmp_path / 'second.db'}") as ledger:
        yield ledger


NOTED = "after the seed"


# -- fixes -----------------------------------------------------------------------------------

@given("the moment after the seed was recorded is noted")
def note_the_moment(scene: Scene, seed: list[Any]) -> None:
    time.sleep(0.002)
    scene.moments[NOTED] = datetime.now(UTC)
    assert max(r.recorded_at for r in seed) < scene.moments[NOTED]
    time.sleep(0.002)


def _statement_id(lg: Ledger, speaker: str, day: str, stance: str | None = None) -> str:
    [found] = [s for s in lg.as_of(day).statements if s.speakers == ids(speaker) and s.on == day]
    assert stance is None or found.stance == stance, found.stance
    return found.event_id


def _fix(lg: Ledger, scene: Scene, document: dict[str, Any]) -> None:
    fix = lg.append({"source": cite("errata", locator="erratum"), "reason": "an erratum", **document})
    assert not fix.repeated and fix.recorded_at > scene.moments[NOTED]
    scene.fixes.append(fix)


@when(parsers.parse("a correction is recorded that {speaker}'s statement of {day} {new} rather than {old}"))
def correct_stance(lg: Ledger, scene: Scene, speaker: str, day: str, new: str, old: str) -> None:
    target = _statement_id(lg, speaker, day, old)
    _fix(lg, scene, {"type": "FactCorrected", "id": "fix.stance", "corrects": target, "changes": {"stance": new}})


@when(parsers.parse("a retraction of {speaker}'s statement of {day} is recorded"))
def retract_statement(lg: Ledger, scene: Scene, speaker: str, day: str) -> None:
    scene.earlier = _statement_id(lg, speaker, day)
    _fix(lg, scene, {"type": "FactRetracted", "id": "fix.retract", "retracts": scene.earlier})


@when(parsers.parse("a correction is recorded that on {draft_id} Russia abstained with China instead of voting against"))
def correct_vote(lg: Ledger, scene: Scene, draft_id: str) -> None:
    draft = lg.as_of("2024-05-01").draft(draft_id)
    assert draft.against_members == ["RUS"] and draft.abstaining_members == ["CHN"]
    changes = {"against": [], "abstaining": ["CHN", "RUS"]}
    _fix(lg, scene, {"type": "FactCorrected", "id": "fix.vote", "corrects": draft.event_id, "changes": changes})


@when(parsers.parse("a retraction of the vote on {draft_id} is recorded"))
def retract_vote(lg: Ledger, scene: Scene, draft_id: str) -> None:
    draft = lg.as_of("2024-05-01").draft(draft_id)
    _fix(lg, scene, {"type": "FactRetracted", "id": "fix.vote", "retracts": draft.event_id})


@given(parsers.parse("Russia vetoed a draft {draft_id} on the DPRK Panel of Experts on {day}, 13 to 1 with China abstaining"))
def a_veto_of_our_own(lg: Ledger, draft_id: str, day: str) -> None:
    lg.append({"type": "DraftResolutionVoted", "id": f"vote.{draft_id}", "occurred_on": day,
               "source": cite("council-records"), "draft_id": draft_id, "concerning": "dprk-panel",
               "in_favour": 13, "against": ["RUS"], "abstaining": ["CHN"]})


@when(parsers.parse("I look at the ledger as of {day} as known just before the retraction was recorded"))
def look_just_before(lg: Ledger, scene: Scene, day: str) -> None:
    scene.view = lg.as_of(day, known_at=scene.fixes[-1].recorded_at - timedelta(microseconds=1))


@when(parsers.parse("I look at the ledger as of {day} as known at the noted moment"))
def look_as_known(lg: Ledger, scene: Scene, day: str) -> None:
    scene.view = lg.as_of(day, known_at=scene.moments[NOTED])


@when(parsers.parse("I look at the ledger as of {day} as known at the noted moment, written without a time zone"))
def look_as_known_naive(lg: Ledger, scene: Scene, day: str) -> None:
    scene.view = lg.as_of(day, known_at=scene.moments[NOTED].replace(tzinfo=None))


@when(parsers.parse("I look at the ledger as of {day} as known when the correction was recorded"))
def look_as_known_then(lg: Ledger, scene: Scene, day: str) -> None:
    scene.view = lg.as_of(day, known_at=scene.fixes[-1].recorded_at)


@then("the statement shows it was corrected by that correction")
def corrected_by(scene: Scene) -> None:
    assert scene.fact.corrected_by == [scene.fixes[-1].event_id]


@then("the timeline has one fact fewer than as known at the noted moment")
def one_fact_fewer(lg: Ledger, scene: Scene) -> None:
    earlier = lg.as_of(scene.view.as_of, known_at=scene.moments[NOTED])
    assert len(scene.view.timeline) == len(earlier.timeline) - 1
    assert {r.event_id for r in earlier.timeline} - {r.event_id for r in scene.view.timeline} == {scene.earlier}


def _fact_id(lg: Ledger, fact: str) -> str:
    """The id of a fact of the seed, found the way a reader finds it: on the ledger's views."""
    if m := re.fullmatch(r"(.+)'s statement of (\S+)", fact):
        return _statement_id(lg, m[1], m[2])
    if m := re.fullmatch(r"the renewal of the DPRK panel of (\S+)", fact):
        [row] = [r for r in lg.as_of(m[1]).timeline
                 if r.type == "PanelMandateExtended" and r.on == m[1] and "panel dprk-panel" in r.summary]
        return row.event_id
    if m := re.fullmatch(r"the vote on (\S+)", fact):
        return lg.as_of("2024-05-01").draft(m[1]).event_id
    if m := re.fullmatch(r"(.+)'s veto of (\S+)", fact):
        [row] = [r for r in lg.as_of("2024-05-01").timeline
                 if r.type == "VetoCast" and r.summary == f"{one_id(m[1])} vetoes draft {m[2]}"]
        return row.event_id
    raise AssertionError(f"cannot find {fact!r}")


def _changes(change: str) -> dict[str, Any]:
    for pattern, field in ((r'its stance is "(.+)"', "stance"), (r"it happened on (\S+)", "occurred_on"),
                           (r"its mandate ends on (\S+)", "mandate_ends_on"), (r"it names the draft (\S+)", "draft_id")):
        if m := re.fullmatch(pattern, change):
            return {field: m[1]}
    if m := re.fullmatch(r"(.+) cast it", change):
        return {"member": one_id(m[1])}
    raise AssertionError(f"cannot read the change {change!r}")


@when(parsers.parse("someone corrects {fact} so that {change}"))
def corrects(lg: Ledger, scene: Scene, fact: str, change: str) -> None:
    fix = {"type": "FactCorrected", "id": "fix.bad", "source": cite("errata"), "corrects": _fact_id(lg, fact),
           "changes": _changes(change), "reason": "an erratum"}
    scene.attempt = attempt(lg, [fix])


@given(parsers.parse("France condemned the veto of {draft_id} in a statement of {day}"))
def france_condemned(lg: Ledger, draft_id: str, day: str) -> None:
    lg.append({"type": "StatementIssued", "id": f"statement.fra.{draft_id}", "occurred_on": day,
               "source": cite("council-records"), "speakers": ["FRA"], "stance": "condemns", "about": [draft_id]})


@when(parsers.parse("someone retracts {fact}"))
def retracts(lg: Ledger, scene: Scene, fact: str) -> None:
    fix = {"type": "FactRetracted", "id": "fix.bad", "source": cite("errata"), "retracts": _fact_id(lg, fact),
           "reason": "an erratum"}
    scene.attempt = attempt(lg, [fix])


@then(parsers.parse("the refusal says {speaker}'s statement of {day} would then be about a draft not voted by its day"))
def refusal_names_statement(lg: Ledger, scene: Scene, speaker: str, day: str) -> None:
    said = str(scene.attempt.refused)
    stranded = f"it would make StatementIssued {_statement_id(lg, speaker, day)!r} of {day} break a rule: the ledger holds no draft"
    assert stranded in said and f"as of {day}" in said, said


@then(parsers.parse("the refusal names the renewal of the DPRK panel of {day}"))
def refusal_names_renewal(lg: Ledger, scene: Scene, day: str) -> None:
    assert repr(_fact_id(lg, f"the renewal of the DPRK panel of {day}")) in str(scene.attempt.refused), str(scene.attempt.refused)


# -- order -----------------------------------------------------------------------------------

def _demo(regime_day: str, mandate_end: str) -> list[dict[str, Any]]:
    source = cite("demo-notes")
    return [
        note("demo-notes", "2025-01-01"),
        {"type": "SanctionsRegimeEstablished", "id": "demo.regime", "occurred_on": regime_day, "source": source,
         "regime_id": "demo-regime", "name": "Demo sanctions", "target": "PRK", "resolution": "1 (2010)",
         "measures": ["arms embargo"]},
        {"type": "PanelEstablished", "id": "demo.panel", "occurred_on": regime_day, "source": source,
         "panel_id": "demo-panel", "regime_id": "demo-regime", "name": "Demo panel", "resolution": "1 (2010)",
         "mandate_ends_on": mandate_end},
    ]


def _renewal(resolution: str, day: str, end: str) -> dict[str, Any]:
    return {"type": "PanelMandateExtended", "id": f"renewal.{resolution.split()[0]}", "occurred_on": day,
            "source": cite("demo-notes"), "panel_id": "demo-panel", "resolution": resolution, "mandate_ends_on": end}


def _comparable(lg: Ledger, day: str) -> dict[str, Any]:
    """A view as data, without what depends on when and in which order facts were recorded."""
    data = lg.as_of(day).to_dict()
    for row in data["timeline"]:
        del row["position"], row["recorded_at"]
    return data


@given(parsers.parse("two empty ledgers, each holding a demo sanctions regime of {day} whose panel is mandated until {end}"))
def two_demo_ledgers(first: Ledger, second: Ledger, day: str, end: str) -> None:
    for ledger in (first, second):
        ledger.append_many(_demo(day, end))


@given(parsers.parse("the first ledger holds the renewal {resolution} of {day} to {end}"))
def first_holds_renewal(first: Ledger, resolution: str, day: str, end: str) -> None:
    first.append(_renewal(resolution, day, end))


@when("these renewals of the demo panel are appended to the first ledger in this order:")
def renewals_as_listed(first: Ledger, scene: Scene, datatable: list[list[str]]) -> None:
    scene.earlier = [tuple(row) for row in datatable[1:]]
    for resolution, day, end in scene.earlier:
        first.append(_renewal(resolution, day, end))


@when("the same renewals are appended to the second ledger in the order they were adopted")
def renewals_in_order(second: Ledger, scene: Scene) -> None:
    assert sorted(scene.earlier, key=lambda r: r[1]) != scene.earlier, "the listed order was already the date order"
    for resolution, day, end in sorted(scene.earlier, key=lambda r: r[1]):
        second.append(_renewal(resolution, day, end))


@when(parsers.parse("someone appends to the first ledger a renewal {resolution} of {day} to {end}"))
def late_renewal(first: Ledger, scene: Scene, resolution: str, day: str, end: str) -> None:
    scene.attempt = attempt(first, [_renewal(resolution, day, end)])


@then("both ledgers give the same view as of each of these days:")
def same_views(first: Ledger, second: Ledger, datatable: list[list[str]]) -> None:
    for [day] in datatable[1:]:
        assert _comparable(first, day) == _comparable(second, day), day


@then(parsers.re(r"in the first ledger as of (?P<day>\S+) the demo panel is (?P<status>\w+)(?: until (?P<end>\S+))?"))
def first_ledger_panel(first: Ledger, day: str, status: str, end: str | None) -> None:
    panel = first.as_of(day).panel("demo-panel")
    assert panel.status == status
    assert end is None or panel.mandate_ends_on == end


@then(parsers.parse("the first ledger's timeline lists the {earlier} renewal before the {then} one"))
def timeline_order(first: Ledger, earlier: str, then: str) -> None:
    summaries = [r.summary for r in first.as_of("2030-01-01").timeline]
    [a] = [i for i, s in enumerate(summaries) if f"extended by {earlier}" in s]
    [b] = [i for i, s in enumerate(summaries) if f"extended by {then}" in s]
    assert a < b, summaries


# -- precision and determinism ---------------------------------------------------------------

FACTS = {
    "the postponements of the vote on S/2024/255": ("VotePostponed", "vote on dprk-panel postponed"),
    "the inquiry into arms exports to Russia": ("InquiryOpened", "arms and ammunition"),
    "the relief Russia and China seek": ("SanctionsReliefSought", "RUS, CHN seek relief from regime dprk-regime"),
    "the Putin-Kim meeting": ("MeetingHeld", "meeting of putin, kim-jong-un"),
}


def _rows(scene: Scene, fact: str) -> list[Any]:
    kind, words = FACTS[fact]
    return [r for r in scene.view.timeline if r.type == kind and words in r.summary]


@then(parsers.re(rf"the timeline shows (?P<fact>{'|'.join(FACTS)}), dated (?P<on>\S+) to the (?P<precision>\w+)"))
def shows_with_precision(scene: Scene, fact: str, on: str, precision: str) -> None:
    [row] = _rows(scene, fact)
    assert (row.on.text, row.precision, row.to_dict()["on"]) == (on, precision, on)


@then(parsers.re(rf"the timeline does not show (?P<fact>{'|'.join(FACTS)})"))
def does_not_show(scene: Scene, fact: str) -> None:
    assert _rows(scene, fact) == []


@then("every fact on the timeline comes no earlier than the one before it")
def in_valid_time_order(scene: Scene) -> None:
    days = [row.on for row in scene.view.timeline]
    assert len(days) > 1 and days == sorted(days)


@then(parsers.parse("the timeline begins with {first} of {first_day} and ends with {last} on {last_day}"))
def begins_and_ends(scene: Scene, first: str, first_day: str, last: str, last_day: str) -> None:
    head, tail = scene.view.timeline[0], scene.view.timeline[-1]
    if first.startswith("the vote on "):  # the veto record's first vote
        draft = first.removeprefix("the vote on ")
        assert (head.type, head.on, head.details["draft_id"]) == ("DraftResolutionVoted", first_day, draft)
    else:
        assert (head.type, head.on) == ("SanctionsRegimeEstablished", first_day)
        assert head.summary.startswith(f"regime {one_id(first)} established")
    assert (tail.type, tail.on) == ("StatementIssued", last_day)
    assert tail.summary.startswith(f"{one_id(last)} ")


@when("I look at the ledger as of 2024-04-15 twice, as known at the same moment")
def look_twice(lg: Ledger, scene: Scene) -> None:
    moment = datetime.now(UTC)
    scene.view, scene.earlier = lg.as_of("2024-04-15", known_at=moment), lg.as_of("2024-04-15", known_at=moment)


@then("both answers are the same")
def same_answers(scene: Scene) -> None:
    assert scene.view.to_dict() == scene.earlier.to_dict()
    assert scene.view.to_dict()["panels"]
