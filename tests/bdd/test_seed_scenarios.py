"""The seed article, fact by fact: features/seed/*.feature."""

from __future__ import annotations

from datetime import date
from typing import Any

from pytest_bdd import parsers, scenarios, then

from ledger import Ledger
from ledger.domain.quotes import normalise, quote_is_in
from tests.bdd.support import ARTICLE, Scene, ids, one_id, seed_document
from tests.bdd.view_steps import PANEL, REGIME

scenarios("seed")


def _row(scene: Scene, kind: str, words: str, on: str | None = None) -> Any:
    """The one timeline row of a kind whose summary holds the words (and that occurred on a day)."""
    rows = [r for r in scene.view.timeline if r.type == kind and words in r.summary and (on is None or r.on == on)]
    assert len(rows) == 1, f"{len(rows)} {kind} rows with {words!r}: {[r.summary for r in rows]}"
    scene.fact = rows[0]
    return rows[0]


def _confirm(lg: Ledger, scene: Scene, event_id: str, **changes: Any) -> None:
    """The ledger holds the seed's fact with these values: appending it so is a mere repeat."""
    recording = lg.append({**seed_document(event_id), **changes})
    first = next(r for r in scene.seed if r.event_id == event_id)
    assert recording.repeated, f"the ledger stored {event_id} anew: it did not hold {changes}"
    assert (recording.position, recording.recorded_at) == (first.position, first.recorded_at)


# -- the panel -------------------------------------------------------------------------------

@then(parsers.re(rf"{PANEL} has released the report (?P<report>\S+)"))
def released_report(scene: Scene, panel: str, report: str) -> None:
    state = scene.view.panel(one_id(panel))
    assert report in state.reports, state.reports
    _row(scene, "ReportReleased", f"panel {one_id(panel)} releases report {report}:")


@then(parsers.parse("the report is dated {day} and cites the UN document {document}"))
def report_dated(scene: Scene, day: str, document: str) -> None:
    assert (scene.fact.on, scene.fact.precision, scene.fact.source) == (date.fromisoformat(day), "day", document)


@then("the ledger holds these findings of the report, each in the words of the article:")
def report_findings(lg: Ledger, scene: Scene, datatable: list[list[str]]) -> None:
    findings = [row[0] for row in datatable[1:]]
    for finding in findings:
        assert quote_is_in(finding, ARTICLE), finding
    _confirm(lg, scene, scene.fact.event_id, findings=findings)


@then(parsers.re(rf"as of (?P<day>\S+) {PANEL} had released no report"))
def no_report_yet(lg: Ledger, day: str, panel: str) -> None:
    assert lg.as_of(day).panel(one_id(panel)).reports == []


@then(parsers.re(rf'{PANEL} has opened an inquiry into "(?P<words>[^"]+)"'))
def inquiry_into(scene: Scene, panel: str, words: str) -> None:
    inquiries = scene.view.panel(one_id(panel)).inquiries
    assert [i for i in inquiries if words.lower() in i.lower()], inquiries
    _row(scene, "InquiryOpened", f"panel {one_id(panel)} opens an inquiry")


@then(parsers.re(r"the inquiry is dated (?P<on>\S+), to the (?P<precision>year|month|day)"))
def inquiry_dated(scene: Scene, on: str, precision: str) -> None:
    assert (str(scene.fact.on), scene.fact.precision) == (on, precision)


@then(parsers.re(rf"as of (?P<day>\S+) {PANEL} had opened no inquiry"))
def no_inquiry_yet(lg: Ledger, day: str, panel: str) -> None:
    assert lg.as_of(day).panel(one_id(panel)).inquiries == []


# -- the regime ------------------------------------------------------------------------------

@then(parsers.re(rf"{REGIME} was established on (?P<day>\S+) by resolution (?P<res>.+) against (?P<target>.+)"))
def regime_established(scene: Scene, regime: str, day: str, res: str, target: str) -> None:
    state = scene.view.regime(one_id(regime))
    assert (state.established_on, state.resolutions[0], state.target) == (date.fromisoformat(day), res, one_id(target))
    assert state.status == "in_force"


@then("it was reinforced by these resolutions:")
def reinforced_by(scene: Scene, datatable: list[list[str]]) -> None:
    regime = scene.view.regime("dprk-regime")
    scene.earlier = [resolution for resolution, _ in datatable[1:]]
    for resolution, adopted_on in datatable[1:]:
        assert resolution in regime.resolutions, regime.resolutions
        _row(scene, "SanctionsReinforced", f"regime dprk-regime reinforced by {resolution}", on=adopted_on)


@then(parsers.parse("as of {day} none of these reinforcements had been adopted"))
def not_yet_reinforced(lg: Ledger, scene: Scene, day: str) -> None:
    assert not set(scene.earlier) & set(lg.as_of(day).regime("dprk-regime").resolutions)


@then(parsers.parse('a fact on the ledger quotes the article\'s words "{words}"'))
def quotes_the_article(scene: Scene, words: str) -> None:
    rows = [r for r in scene.view.timeline if r.quote and normalise(words) in normalise(r.quote)]
    assert rows, f"no fact quotes {words!r}"
    assert all(quote_is_in(r.quote, ARTICLE) for r in rows)


@then(parsers.re(rf"relief from {REGIME} is sought by (?P<seekers>.+)"))
def relief_sought_by(scene: Scene, regime: str, seekers: str) -> None:
    assert scene.view.regime(one_id(regime)).relief_sought_by == ids(seekers)


@then(parsers.re(rf"the timeline shows that (?P<who>.+) sought relief from {REGIME} in (?P<on>\S+), to the (?P<precision>\w+)"))
def relief_on_timeline(scene: Scene, who: str, regime: str, on: str, precision: str) -> None:
    row = _row(scene, "SanctionsReliefSought", f"{', '.join(ids(who))} seek relief from regime {one_id(regime)}")
    assert (str(row.on), row.precision) == (on, precision)


@then(parsers.re(rf"the timeline shows (?P<who>.+)'s proposal on {REGIME} of (?P<day>\S+)"))
def proposal(scene: Scene, who: str, regime: str, day: str) -> None:
    _row(scene, "ProposalMade", f"{one_id(who)} proposes on {one_id(regime)}:", on=day)


@then(parsers.parse('the proposal is "{words}"'))
def proposal_is(scene: Scene, words: str) -> None:
    assert words in scene.fact.summary, scene.fact.summary


@then(parsers.parse("the ledger's record of the proposal has {who} supporting it"))
def proposal_supported(lg: Ledger, scene: Scene, who: str) -> None:
    _confirm(lg, scene, scene.fact.event_id, supported_by=ids(who))


# -- votes -----------------------------------------------------------------------------------

@then(parsers.re(rf"the timeline shows that a vote on {PANEL} was postponed in (?P<on>\S+), to the (?P<precision>\w+)"))
def postponed(scene: Scene, panel: str, on: str, precision: str) -> None:
    row = _row(scene, "VotePostponed", f"vote on {one_id(panel)} postponed")
    assert (str(row.on), row.precision) == (on, precision)


@then(parsers.re(rf"the timeline shows that {REGIME} was terminated on (?P<day>\S+)"))
def terminated_on_timeline(scene: Scene, regime: str, day: str) -> None:
    _row(scene, "SanctionsRegimeTerminated", f"regime {one_id(regime)} terminated", on=day)


# -- statements and meetings -----------------------------------------------------------------

@then(parsers.parse("its speakers are, in the article's order, {speakers}"))
def speakers_in_order(scene: Scene, speakers: str) -> None:
    assert list(scene.fact.speakers) == ids(speakers)


@then(parsers.parse("the timeline shows a meeting of {people} in {place} on {day}"))
def meeting(scene: Scene, people: str, place: str, day: str) -> None:
    _row(scene, "MeetingHeld", f"meeting of {', '.join(ids(people))} in {place}", on=day)


@then(parsers.parse("as of {day} no meeting is on the timeline"))
def no_meeting(lg: Ledger, day: str) -> None:
    assert not [r for r in lg.as_of(day).timeline if r.type == "MeetingHeld"]
