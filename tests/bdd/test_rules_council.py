"""Votes, membership, mandates and regimes: features/rules/{votes,membership,panels,regimes}.feature."""

from __future__ import annotations

import re
from typing import Any

from pytest_bdd import parsers, scenarios, then, when

from ledger import Ledger
from ledger.domain.membership import Council
from tests.bdd.support import Scene, attempt, cite, ids, note, one_id

scenarios("rules/votes.feature", "rules/membership.feature", "rules/panels.feature", "rules/regimes.feature")

PANEL = r"(?P<panel>the (?:DPRK|Mali) Panel of Experts)"
REGIME = r"(?P<regime>the (?:DPRK|Mali) sanctions regime)"
SIDES = r"(?P<in_favour>.+) in favour, (?P<against>.+) against and (?P<abstaining>.+) abstaining"


def side(text: str) -> Any:
    """One side of a vote as written in a scenario: a count, a list of members, or something odd."""
    text = text.strip()
    if text == "true":
        return True
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return ids(text)


def vote(draft_id: str, day: str, in_favour: str, against: str, abstaining: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "DraftResolutionVoted", "id": f"vote.{draft_id}", "occurred_on": day,
        "source": cite("council-records", locator=f"vote on {draft_id}"), "draft_id": draft_id,
        "in_favour": side(in_favour), "against": side(against), "abstaining": side(abstaining), **fields,
    }


# -- votes -----------------------------------------------------------------------------------

@when(parsers.re(rf"someone records a vote on (?P<draft_id>\S+) of (?P<day>\S+) with {SIDES}"))
def records_a_vote(lg: Ledger, scene: Scene, draft_id: str, day: str, in_favour: str, against: str, abstaining: str) -> None:
    scene.attempt = attempt(lg, [vote(draft_id, day, in_favour, against, abstaining)])


@when(parsers.re(rf"someone records a vote on (?P<draft_id>\S+) of (?P<day>\S+) concerning {PANEL} with {SIDES}"))
def records_a_vote_on_a_panel(
    lg: Ledger, scene: Scene, draft_id: str, day: str, panel: str, in_favour: str, against: str, abstaining: str
) -> None:
    scene.attempt = attempt(lg, [vote(draft_id, day, in_favour, against, abstaining, concerning=one_id(panel))])


@when(parsers.re(r"someone records a vote on (?P<draft_id>\S+) of (?P<day>\S+) that (?P<members>.+) vetoed, "
                 r"the tally not given"))
def records_a_veto_without_tally(lg: Ledger, scene: Scene, draft_id: str, day: str, members: str) -> None:
    scene.attempt = attempt(lg, [partial_vote(draft_id, day, vetoed_by=ids(members))])


@when(parsers.re(r"someone records a vote on (?P<draft_id>\S+) of (?P<day>\S+) with (?P<in_favour>\S+) in favour, "
                 r"that (?P<members>.+) vetoed"))
def records_a_veto_with_part_of_the_tally(lg: Ledger, scene: Scene, draft_id: str, day: str, in_favour: str,
                                          members: str) -> None:
    given = {} if in_favour == "unknown" else {"in_favour": side(in_favour)}
    scene.attempt = attempt(lg, [partial_vote(draft_id, day, vetoed_by=ids(members), **given)])


@when(parsers.re(r"someone records a vote on (?P<draft_id>\S+) of (?P<day>\S+) giving neither its tally nor who "
                 r"vetoed it"))
def records_a_vote_with_nothing_known(lg: Ledger, scene: Scene, draft_id: str, day: str) -> None:
    scene.attempt = attempt(lg, [partial_vote(draft_id, day)])


def partial_vote(draft_id: str, day: str, **fields: Any) -> dict[str, Any]:
    """A vote as a source that gives only part of it reports it: the sides it gives, and who vetoed."""
    return {"type": "DraftResolutionVoted", "id": f"vote.{draft_id}", "occurred_on": day,
            "source": cite("council-records", locator=f"vote on {draft_id}"), "draft_id": draft_id, **fields}


@when(parsers.parse("someone appends a veto of {draft_id} by {member} themselves"))
def appends_a_veto(lg: Ledger, scene: Scene, draft_id: str, member: str) -> None:
    veto = {
        "type": "VetoCast", "id": f"veto.{draft_id}", "occurred_on": "2024-03-28", "source": cite("council-records"),
        "draft_id": draft_id, "member": one_id(member), "concerning": "dprk-panel",
    }
    scene.attempt = attempt(lg, [veto])


# -- membership ------------------------------------------------------------------------------

@when(parsers.parse("I ask who sat on the Security Council on {day}"), target_fixture="council")
def ask_the_council(lg: Ledger, day: str) -> Council:
    return lg.members(on=day)


@then(parsers.parse("the Council had {size:d} members"))
def council_size(council: Council, size: int) -> None:
    assert len(council.members) == size, council.members


@then(parsers.parse("they were {members}"))
def council_members(council: Council, members: str) -> None:
    assert council.members == ids(members)  # the permanent members, then the elected, each by code


@then(parsers.parse('the list cites the United Nations page "{title}"'))
def council_source(council: Council, title: str) -> None:
    assert title in council.source and "https://main.un.org/securitycouncil/" in council.source


# -- panels ----------------------------------------------------------------------------------

def extension(panel: str, day: str, end: str, source: str = "panel-notes") -> dict[str, Any]:
    return {
        "type": "PanelMandateExtended", "id": f"extension.{one_id(panel)}.{day}", "occurred_on": day,
        "source": cite(source), "panel_id": one_id(panel), "resolution": "9999 (2024)", "mandate_ends_on": end,
    }


@when(parsers.re(rf"someone records that {PANEL} was extended on (?P<day>\S+) to (?P<end>\S+)"))
def extended(lg: Ledger, scene: Scene, panel: str, day: str, end: str) -> None:
    scene.attempt = attempt(lg, [extension(panel, day, end)])


@when(parsers.re(rf"someone appends in one batch a UN note of (?P<published>\S+) and an extension of {PANEL} "
                 r"on (?P<day>\S+) to (?P<end>\S+) citing it"))
def extended_in_a_batch(lg: Ledger, scene: Scene, published: str, panel: str, day: str, end: str) -> None:
    scene.attempt = attempt(lg, [note("late-note", published), extension(panel, day, end, source="late-note")])


@when(parsers.re(rf'someone records that a new panel "(?P<panel_id>[^"]+)" was established for {REGIME} '
                 r"on (?P<day>\S+) with a mandate to (?P<end>\S+)"))
def new_panel(lg: Ledger, scene: Scene, panel_id: str, regime: str, day: str, end: str) -> None:
    scene.attempt = attempt(lg, [establish_panel(panel_id, one_id(regime), day, end, "panel-notes")])


def establish_panel(panel_id: str, regime_id: str, day: str, end: str, source: str) -> dict[str, Any]:
    return {
        "type": "PanelEstablished", "id": f"panel.{panel_id}", "occurred_on": day, "source": cite(source),
        "panel_id": panel_id, "regime_id": regime_id, "name": f"Panel of Experts {panel_id}",
        "resolution": "9999 (2024)", "mandate_ends_on": end,
    }


def inquiry(panel: str, day: str) -> dict[str, Any]:
    ident = re.sub(r"[^\w.:/-]", "_", day)  # an EDTF date's ? ~ % are not for ids
    return {"type": "InquiryOpened", "id": f"inquiry.{one_id(panel)}.{ident}", "occurred_on": day,
            "source": cite("panel-notes"), "panel_id": one_id(panel), "subject": "reported exports of arms"}


@when(parsers.re(rf"someone records that {PANEL} opened an inquiry on (?P<day>\S+)"))
def opened_an_inquiry(lg: Ledger, scene: Scene, panel: str, day: str) -> None:
    scene.attempt = attempt(lg, [inquiry(panel, day)])


@when(parsers.re(rf"someone records that {PANEL} released a report on (?P<day>\S+)"))
def released_a_report(lg: Ledger, scene: Scene, panel: str, day: str) -> None:
    report = {"type": "ReportReleased", "id": f"report.{one_id(panel)}.{day}", "occurred_on": day,
              "source": cite("panel-notes"), "report_id": f"{one_id(panel)}.{day}", "author": one_id(panel),
              "title": "A report after the mandate", "findings": ["a finding"]}
    scene.attempt = attempt(lg, [report])


@then(parsers.parse("the ledger flags it: its date allows {day}, when the mandate had expired on {end}"))
def flagged_after_the_mandate(scene: Scene, day: str, end: str) -> None:
    assert scene.attempt is not None and scene.attempt.error is None, scene.attempt.error if scene.attempt else None
    [recording] = scene.attempt.recordings
    assert recording.flag is not None and f"allows {day}" in recording.flag and f"expired on {end}" in recording.flag, \
        recording.flag


RENEWALS = {"2680 (2023)": "panel.dprk.extended.2680"}  # the seed's renewals, by resolution


@when(parsers.re(rf"a correction makes the renewal of {PANEL} by resolution (?P<resolution>.+) end on (?P<end>\S+)"))
def renewal_corrected(lg: Ledger, scene: Scene, panel: str, resolution: str, end: str) -> None:
    fix = {"type": "FactCorrected", "id": "fix.renewal.end", "corrects": RENEWALS[resolution],
           "changes": {"mandate_ends_on": end}, "reason": "an erratum", "source": cite("panel-notes")}
    scene.attempt = attempt(lg, [fix])


# -- regimes ---------------------------------------------------------------------------------

def _fact(kind: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "id": f"{kind}.{day}", "occurred_on": day, "source": cite("un-notes"), **fields}


ACTS = {
    "a reinforcement of the Mali sanctions regime": lambda day: _fact(
        "SanctionsReinforced", day, regime_id="mali-regime", resolution="9999 (2023)", measures=["arms embargo"]),
    "a request for relief from the Mali sanctions regime": lambda day: _fact(
        "SanctionsReliefSought", day, regime_id="mali-regime", by=["RUS"]),
    "a new panel for the Mali sanctions regime": lambda day: establish_panel(
        "mali-panel-2", "mali-regime", day, "2024-09-30", "un-notes"),
    "an extension of the Mali Panel of Experts": lambda day: extension(
        "mali-panel", day, "2024-09-30", source="un-notes"),
    "a report of the Mali Panel of Experts": lambda day: _fact(
        "ReportReleased", day, report_id="mali-panel.late-report", author="mali-panel", title="A late report",
        findings=["a finding"]),
    "an inquiry of the Mali Panel of Experts": lambda day: _fact(
        "InquiryOpened", day, panel_id="mali-panel", subject="a late inquiry"),
    "a statement by France about the Mali sanctions regime": lambda day: _fact(
        "StatementIssued", day, speakers=["FRA"], stance="regrets", about=["mali-regime"]),
    "a vote on a draft concerning the Mali sanctions regime": lambda day: _fact(
        "DraftResolutionVoted", day, draft_id="S/2023/990", concerning="mali-regime",
        in_favour=["FRA", "GBR", "USA"], against=["RUS"], abstaining=["CHN"]),
    "a proposal by Russia concerning the Mali sanctions regime": lambda day: _fact(
        "ProposalMade", day, by="RUS", concerning="mali-regime", proposal="to restore the sanctions"),
}


@when(parsers.re(rf"someone records (?P<act>{'|'.join(ACTS)}) on (?P<day>\S+)"))
def records_an_act(lg: Ledger, scene: Scene, act: str, day: str) -> None:
    scene.attempt = attempt(lg, [ACTS[act](day)])


@when(parsers.re(rf"someone records that {REGIME} was terminated on (?P<day>\S+)"))
def terminated(lg: Ledger, scene: Scene, regime: str, day: str) -> None:
    scene.attempt = attempt(lg, [_fact("SanctionsRegimeTerminated", day, regime_id=one_id(regime))])
