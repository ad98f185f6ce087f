"""Votes on drafts as the ledger holds them on a day: the tally, the outcome, who abstained, who vetoed."""

from __future__ import annotations

from typing import Any

from ledger.scenarios.expect import check, fail, grounds, listed, looking, when
from ledger.scenarios.names import names
from ledger.scenarios.scene import Scene
from ledger.scenarios.vocabulary import A_DAY, step


def draft_in(scene: Scene, name: str) -> Any:
    view = looking(scene)
    draft_id = names(scene.ledger).draft(name)
    draft = view.draft(draft_id)
    if draft is None:
        fail(f"a vote on {draft_id} {when(view)}", "none")
    scene.draft = draft
    rows = [row for row in view.timeline if row.event_id == draft.event_id]
    check(len(rows) == 1, f"the vote {draft.event_id} on the timeline once", f"it {len(rows)} times")
    scene.fact = rows[0]
    return draft


def vetoes_on_timeline(view: Any, draft_id: str) -> list[str]:
    """The members whose veto of a draft the timeline records (the ledger's own VetoCast rows)."""
    return sorted(r.details["member"] for r in view.timeline if r.type == "VetoCast" and r.details.get("draft_id") == draft_id)


def _vetoes(scene: Scene, members: list[str]) -> None:
    view, draft = looking(scene), scene.draft
    held, rows = list(draft.vetoed_by), vetoes_on_timeline(view, draft.draft_id)
    check(held == sorted(members) and rows == sorted(members),
          f"the vetoes of {draft.draft_id} {when(view)} to come from {listed(sorted(members))}",
          f"them from {listed(held)} (vetoes on the timeline: {listed(rows)})", grounds(view.evidence(draft)))


@step("then", "the vote on {draft} is not yet on record", "the vote on S/2024/255 is not yet on record", needs=(A_DAY,))
@step("then", "there is no vote on {draft} on record", "there is no vote on S/2024/930 on record", needs=(A_DAY,))
def no_vote_yet(scene: Scene, draft: str) -> None:
    view = looking(scene)
    held = view.draft(names(scene.ledger).draft(draft))
    check(held is None, f"no vote on {draft} {when(view)}", f"one on {held.voted_on if held else ''}",
          grounds(view.evidence(held)) if held else "")


@step("then", "draft {draft} was vetoed by {members}", "draft S/2024/255 was vetoed by Russia", needs=(A_DAY,))
def vetoed_by(scene: Scene, draft: str, members: str) -> None:
    held = draft_in(scene, draft)
    check(held.outcome == "vetoed", f"{draft} vetoed {when(scene.view)}", f"it {held.outcome}", grounds(scene.view.evidence(held)))
    _vetoes(scene, names(scene.ledger).actors_of(members))


@step("then", "the outcome of draft {draft} is {outcome:adopted|failed|vetoed|unknown}", "the outcome of draft S/2024/255 is vetoed", needs=(A_DAY,))
def outcome_is(scene: Scene, draft: str, outcome: str) -> None:
    held = draft_in(scene, draft)
    check(held.outcome == outcome, f"the outcome of {draft} to be {outcome} {when(scene.view)}", f"it {held.outcome}",
          grounds(scene.view.evidence(held)))


@step("then", "the vote on it was {in_favour:int} in favour, {against:int} against and {abstaining:int} abstaining",
      "the vote on it was 13 in favour, 1 against and 1 abstaining")
def tally_is(scene: Scene, in_favour: str, against: str, abstaining: str) -> None:
    draft = scene.draft
    wanted, held = (int(in_favour), int(against), int(abstaining)), (draft.in_favour, draft.against, draft.abstaining)
    check(held == wanted, f"the vote on {draft.draft_id} {'-'.join(map(str, wanted))}", "-".join(map(str, held)),
          f"event {draft.event_id}")


@step("then", "{members} abstained on it", "China abstained on it")
def abstained(scene: Scene, members: str) -> None:
    draft, wanted = scene.draft, set(names(scene.ledger).actors_of(members))
    check(wanted <= set(draft.abstaining_members) and not wanted & set(draft.against_members),
          f"{listed(sorted(wanted))} abstaining on {draft.draft_id}",
          f"abstaining {listed(draft.abstaining_members)}, against {listed(draft.against_members)}", f"event {draft.event_id}")


@step("then", "it concerned {thing}", "it concerned the DPRK Panel of Experts")
def concerned(scene: Scene, thing: str) -> None:
    wanted = names(scene.ledger).thing(thing)
    check(scene.draft.concerning == wanted, f"{scene.draft.draft_id} to concern {wanted}", f"it concerning {scene.draft.concerning}")


@step("then", "no veto was cast on it", "no veto was cast on it", needs=(A_DAY,))
def no_veto(scene: Scene) -> None:
    check(scene.draft.outcome != "vetoed", f"{scene.draft.draft_id} not vetoed", f"it {scene.draft.outcome}")
    _vetoes(scene, [])


@step("then", "the vetoes cast on it came from {members}", "the vetoes cast on it came from Russia", needs=(A_DAY,))
def vetoes_came_from(scene: Scene, members: str) -> None:
    _vetoes(scene, names(scene.ledger).actors_of(members))
