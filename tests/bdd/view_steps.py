"""Then-steps that read what the ledger says about a day: panels, regimes, drafts and statements."""

from __future__ import annotations

import re
from datetime import date

from pytest_bdd import parsers, then

from ledger.domain.quotes import normalise, quote_is_in
from tests.bdd.support import ARTICLE, ARTICLE_ID, Scene, ids, one_id

PANEL = r"(?P<panel>the (?:DPRK|Mali) Panel of Experts|the demo panel)"
REGIME = r"(?P<regime>the (?:DPRK|Mali|demo) sanctions regime)"


def _panel(scene: Scene, name: str):  # type: ignore[no-untyped-def]
    panel = scene.view.panel(one_id(name))
    assert panel is not None, f"{name} is not in the view of {scene.view.as_of}"
    scene.panel = panel
    return panel


def _regime(scene: Scene, name: str):  # type: ignore[no-untyped-def]
    regime = scene.view.regime(one_id(name))
    assert regime is not None, f"{name} is not in the view of {scene.view.as_of}"
    scene.regime = regime
    return regime


def _draft(scene: Scene, draft_id: str):  # type: ignore[no-untyped-def]
    draft = scene.view.draft(draft_id)
    assert draft is not None, f"no vote on {draft_id} in the view of {scene.view.as_of}"
    scene.draft = draft
    rows = [row for row in scene.view.timeline if row.event_id == draft.event_id]
    assert len(rows) == 1, f"the vote {draft.event_id} is not on the timeline once: {rows}"
    scene.fact = rows[0]
    return draft


def _vetoes(draft_id: str, scene: Scene) -> list[str]:
    """The members whose veto of a draft the timeline records (the ledger's own VetoCast rows)."""
    return sorted(
        row.summary.split(" ")[0]
        for row in scene.view.timeline
        if row.type == "VetoCast" and row.summary.endswith(f"vetoes draft {draft_id}")
    )


# -- panels ----------------------------------------------------------------------------------

@then(parsers.re(rf"{PANEL} is (?P<status>active|expired|terminated)"))
def panel_status(scene: Scene, panel: str, status: str) -> None:
    assert _panel(scene, panel).status == status


@then(parsers.parse("its mandate runs to {day}"))
def mandate_runs_to(scene: Scene, day: str) -> None:
    assert scene.panel.mandate_ends_on == date.fromisoformat(day)


@then(parsers.re(r"its vetoes list (?P<vetoes>.+)"))
def panel_vetoes(scene: Scene, vetoes: str) -> None:
    expected = [] if vetoes == "nothing" else [
        (one_id(who), draft) for who, draft in re.findall(r"(.+?)'s veto of (\S+)(?:,\s*|\s+and\s+|$)", vetoes)
    ]
    assert expected or vetoes == "nothing", f"cannot read {vetoes!r}"
    assert [(v.member, v.draft_id) for v in scene.panel.vetoes] == expected
    for veto in scene.panel.vetoes:
        assert veto.on == scene.view.draft(veto.draft_id).voted_on


# -- regimes ---------------------------------------------------------------------------------

@then(parsers.re(rf"{REGIME} is in force and (?P<monitored>monitored|not monitored)"))
def regime_in_force(scene: Scene, regime: str, monitored: str) -> None:
    state = _regime(scene, regime)
    assert state.status == "in_force"
    assert state.terminated_on is None
    assert state.monitored is (monitored == "monitored")


@then(parsers.re(rf"{REGIME} is terminated since (?P<day>\S+)"))
def regime_terminated(scene: Scene, regime: str, day: str) -> None:
    state = _regime(scene, regime)
    assert state.status == "terminated"
    assert state.terminated_on == date.fromisoformat(day)
    assert state.monitored is False


# -- drafts ----------------------------------------------------------------------------------

@then(parsers.parse("the vote on {draft_id} is not yet on record"))
@then(parsers.parse("there is no vote on {draft_id} on record"))
def no_vote_yet(scene: Scene, draft_id: str) -> None:
    assert scene.view.draft(draft_id) is None


@then(parsers.parse("draft {draft_id} was vetoed by {members}"))
def vetoed_by(scene: Scene, draft_id: str, members: str) -> None:
    draft = _draft(scene, draft_id)
    assert draft.outcome == "vetoed"
    assert list(draft.vetoed_by) == sorted(ids(members))
    assert _vetoes(draft_id, scene) == sorted(ids(members))


@then(parsers.parse("the outcome of draft {draft_id} is {outcome}"))
def outcome_is(scene: Scene, draft_id: str, outcome: str) -> None:
    assert _draft(scene, draft_id).outcome == outcome


@then(parsers.parse("the vote on it was {in_favour:d} in favour, {against:d} against and {abstaining:d} abstaining"))
def tally_is(scene: Scene, in_favour: int, against: int, abstaining: int) -> None:
    draft = scene.draft
    assert (draft.in_favour, draft.against, draft.abstaining) == (in_favour, against, abstaining)


@then(parsers.parse("{members} abstained on it"))
def abstained(scene: Scene, members: str) -> None:
    assert set(ids(members)) <= set(scene.draft.abstaining_members), scene.draft.abstaining_members
    assert not set(ids(members)) & set(scene.draft.against_members)


@then(parsers.parse("it concerned {thing}"))
def concerned(scene: Scene, thing: str) -> None:
    assert scene.draft.concerning == one_id(thing)


@then("no veto was cast on it")
def no_veto(scene: Scene) -> None:
    assert list(scene.draft.vetoed_by) == []
    assert scene.draft.outcome != "vetoed"
    assert _vetoes(scene.draft.draft_id, scene) == []


@then(parsers.parse("the vetoes cast on it came from {members}"))
def vetoes_came_from(scene: Scene, members: str) -> None:
    assert list(scene.draft.vetoed_by) == sorted(ids(members))
    assert _vetoes(scene.draft.draft_id, scene) == sorted(ids(members))


# -- statements ------------------------------------------------------------------------------

@then(parsers.parse("the ledger holds a statement by {speakers} of {day}"))
def a_statement(scene: Scene, speakers: str, day: str) -> None:
    wanted = set(ids(speakers))
    found = [s for s in scene.view.statements if set(s.speakers) == wanted and s.on == day]
    assert len(found) == 1, f"{len(found)} statements by {sorted(wanted)} on {day}"
    scene.fact = found[0]


@then(parsers.parse("there is no statement by {speakers}"))
def no_statement(scene: Scene, speakers: str) -> None:
    wanted = set(ids(speakers))
    assert not [s for s in scene.view.statements if set(s.speakers) == wanted]


@then(parsers.parse("the statement {stance} and is about {about}"))
def stance_and_about(scene: Scene, stance: str, about: str) -> None:
    assert scene.fact.stance == stance
    assert set(scene.fact.about) == set(ids(about)), scene.fact.about


@then(parsers.parse('its quote, which includes "{words}", is found in the article'))
def quote_in_article(scene: Scene, words: str) -> None:
    fact = scene.fact
    assert fact.source == ARTICLE_ID, f"{fact.event_id} cites {fact.source}"
    assert fact.quote, f"{fact.event_id} has no quote"
    assert normalise(words) in normalise(fact.quote), fact.quote
    assert quote_is_in(fact.quote, ARTICLE)
