"""The veto record since 1946 as the ledger holds it: who vetoed on which day, what the list leaves unknown,
how many vetoes each member cast, and where each vote is cited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ledger.scenarios.expect import check, fail, listed, looking, when
from ledger.scenarios.names import names
from ledger.scenarios.scene import Scene
from ledger.scenarios.vocabulary import A_DAY, step

LONG_DATE = r"\d\d? [A-Z][a-z]+ \d\d\d\d"  # 16 February 1946


def _long(text: str) -> date:
    try:
        return datetime.strptime(text, "%d %B %Y").date()
    except ValueError:
        raise AssertionError(f"{text!r} is not a day written as 16 February 1946") from None


def _member(scene: Scene, name: str) -> str:
    found = names(scene.ledger).actors_of(name)
    check(len(found) == 1, f"{name!r} to name one member", listed(found))
    return str(found[0])


def _vetoes(view: Any, member: str) -> list[Any]:
    return [r for r in view.timeline if r.type == "VetoCast" and r.details.get("member") == member]


@step("then", f"{{member}}'s veto of {{on:{LONG_DATE}}} is on the timeline, on an agenda item that mentions \"{{words:text}}\"",
      "the USSR's veto of 16 February 1946 is on the timeline, on an agenda item that mentions \"Lebanese and Syrian\"", needs=(A_DAY,))
def veto_on_the_day(scene: Scene, member: str, on: str, words: str) -> None:
    view, code, day = looking(scene), _member(scene, member), _long(on)
    rows = [r for r in _vetoes(view, code) if r.on.text == day.isoformat()]
    drafts = [view.draft(r.details["draft_id"]) for r in rows]
    about = [(r, d) for r, d in zip(rows, drafts, strict=True) if d and words.lower() in (d.agenda_item or "").lower()]
    if len(about) != 1:
        fail(f"one veto by {code} on {day} {when(view)}, on an agenda item mentioning {words!r}",
             listed([f"{d.draft_id} ({d.agenda_item})" for d in drafts if d]) if drafts else "no veto by them that day")
    scene.fact, scene.draft = about[0]


@step("then", "the list does not give the tally, so the votes in favour, against and abstaining are unknown",
      "the list does not give the tally, so the votes in favour, against and abstaining are unknown")
def tally_unknown(scene: Scene) -> None:
    draft = scene.draft
    held = {"in_favour": draft.in_favour, "against": draft.against, "abstaining": draft.abstaining}
    check(all(v is None for v in held.values()) and draft.unknown == list(held),
          f"no count of the vote on {draft.draft_id}, each side unknown", f"{held} (unknown: {listed(draft.unknown)})",
          f"event {draft.event_id}")


@step("then", "the audit says the rule on the count of votes was not checked, since the tally is unknown",
      "the audit says the rule on the count of votes was not checked, since the tally is unknown")
def count_rule_unchecked(scene: Scene) -> None:
    draft = scene.draft
    entry = next((p for p in scene.ledger.audit() if p.event_id == draft.event_id), None)
    if entry is None:
        fail(f"the audit to list the vote {draft.event_id}", "no such entry")
    check(any("the tally is unknown" in rule and "at most" in rule for rule in entry.unchecked),
          f"the audit to say the count rule on {draft.event_id} was not checked", listed(list(entry.unchecked)) or "nothing unchecked")


@step("then", "the ledger counts {count:int} vetoes by {member} from {first:day} to {last:day}",
      "the ledger counts 90 vetoes by the USSR from 1946-01-01 to 2022-07-08", needs=(A_DAY,))
def counts_vetoes(scene: Scene, count: str, member: str, first: str, last: str) -> None:
    view, code = looking(scene), _member(scene, member)
    check(view.as_of >= date.fromisoformat(last), f"a look at the ledger as of {last} or later", f"one {when(view)}")
    held = [r for r in _vetoes(view, code) if first <= r.on.text <= last]
    check(len(held) == int(count), f"{count} vetoes by {code} from {first} to {last}", str(len(held)))


@step("then", "no veto by {member} is dated {side:before|on or after} {day:day}",
      "no veto by Russia is dated before 1991-12-24", needs=(A_DAY,))
def no_veto_dated(scene: Scene, member: str, side: str, day: str) -> None:
    view, code = looking(scene), _member(scene, member)
    wrong = [r for r in _vetoes(view, code) if (r.on.text < day if side == "before" else r.on.text >= day)]
    check(not wrong, f"no veto by {code} {side} {day}", listed([f"{r.details['draft_id']} ({r.on.text})" for r in wrong]))


@step("then", 'the vote on it is cited to {record:word}, and to line {line:int} of the list "{source:text}", whose words it quotes',
      'the vote on it is cited to S/PV.23, and to line 2 of the list "veto-list-2022-07-08", whose words it quotes')
def cited_to(scene: Scene, record: str, line: str, source: str) -> None:
    draft = scene.draft
    entry = next((p for p in scene.ledger.audit() if p.event_id == draft.event_id), None)
    if entry is None:
        fail(f"the audit to list the vote {draft.event_id}", "no such entry")
    check(entry.source == record, f"the vote on {draft.draft_id} cited to {record}", str(entry.source))
    listed_at = [c for c in entry.also_cited if c.source == source]
    check(len(listed_at) == 1 and listed_at[0].locator == f"line {line}",
          f"it also cited to line {line} of {source}", listed([f"{c.source}, {c.locator}" for c in entry.also_cited]))
    check(listed_at[0].checked and listed_at[0].problem is None, f"its quote found in the text of {source}",
          listed_at[0].problem or "the quote not checked")
