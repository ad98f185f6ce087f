"""Comparing two moments of the ledger, and listing what was said about a file: what appeared, disappeared
or changed between two days (or between what the ledger knew then and knows now), and the facts behind
each change; the statements about a panel, each with its speakers by name and state and its quote."""

from __future__ import annotations

from typing import Any

from ledger.scenarios.dates import dated
from ledger.scenarios.expect import check, fail, listed
from ledger.scenarios.moments import noted
from ledger.scenarios.names import names
from ledger.scenarios.scene import Scene
from ledger.scenarios.vocabulary import step


def _compared(scene: Scene) -> Any:
    if scene.diff is None:
        raise AssertionError('nothing compared: say "When I compare the ledger as of DAY with the ledger as of DAY" first')
    return scene.diff


def _change(scene: Scene, kind: str, ident: str) -> Any:
    return _compared(scene).change(kind, ident)


def _between(scene: Scene) -> str:
    d = _compared(scene)
    return f"between {_moment(d.before)} and {_moment(d.after)}"


def _moment(side: Any) -> str:
    return f"{side.as_of}" + (f" as known at {side.known_at.isoformat()}" if side.known_at else "")


def _field(scene: Scene, kind: str, ident: str, field: str, before: str, after: str) -> Any:
    change = _change(scene, kind, ident)
    found = next((f for f in change.fields if f.field == field), None) if change is not None else None
    if found is None:
        changed = [f.field for f in change.fields] if change is not None else []
        fail(f"the {field} of {kind} {ident} to change {_between(scene)}", f"changes of {listed(changed)} only")
    check((str(found.before), str(found.after)) == (before, after), f"the {field} of {ident} to go from {before} to {after}",
          f"it went from {found.before} to {found.after}")
    scene.fact = found
    return found


def _causes(scene: Scene) -> list[Any]:
    if scene.fact is None or not hasattr(scene.fact, "causes"):
        raise AssertionError("no change named: say which change first")
    return list(scene.fact.causes)


def _statement_id(scene: Scene, speakers: str, day: str, view: Any) -> str:
    wanted = set(names(scene.ledger).actors_of(speakers))
    found = [s.event_id for s in view.statements if set(s.speakers) == wanted and dated(s.on, day)]
    if len(found) != 1:
        fail(f"one statement by {listed(sorted(wanted))} of {day}", f"{len(found)}")
    return str(found[0])


@step("when", "I compare the ledger as of {first:day} with the ledger as of {second:day}",
      "I compare the ledger as of 2024-03-27 with the ledger as of 2024-05-01")
def compare_days(scene: Scene, first: str, second: str) -> None:
    scene.diff = scene.ledger.diff(first, second)


@step("when", 'I compare the ledger as of {day:day} as known "{label:text}" with what it knows now',
      'I compare the ledger as of 2024-05-01 as known "before the correction" with what it knows now', needs=("{label}",))
def compare_moments(scene: Scene, day: str, label: str) -> None:
    scene.diff = scene.ledger.diff(as_of=day, known_at=(noted(scene, label), None))


@step("then", "{panel} went from {before:word} to {after:word}", "the DPRK Panel of Experts went from active to expired")
def panel_went(scene: Scene, panel: str, before: str, after: str) -> None:
    _field(scene, "panel", names(scene.ledger).panel(panel), "status", before, after)


@step("then", "the change names {who}'s veto of {draft:word} on {on:date} among its causes",
      "the change names Russia's veto of S/2024/255 on 2024-03-28 among its causes")
def veto_among_causes(scene: Scene, who: str, draft: str, on: str) -> None:
    member, causes = names(scene.ledger).actor(who), _causes(scene)
    check(any(c.type == "VetoCast" and c.summary == f"{member} vetoes draft {draft}" and dated(c.on, on) for c in causes),
          f"{member}'s veto of {draft} on {on} among the causes", listed(f"{c.event_id} ({c.type})" for c in causes))


@step("then", "the change names the mandate set by resolution {resolution} among its causes",
      "the change names the mandate set by resolution 2680 (2023) among its causes")
def mandate_among_causes(scene: Scene, resolution: str) -> None:
    causes = _causes(scene)
    check(any(c.type in ("PanelEstablished", "PanelMandateExtended") and f" by {resolution}" in c.summary for c in causes),
          f"the mandate set by resolution {resolution} among the causes", listed(f"{c.summary} ({c.event_id})" for c in causes))


@step("then", "the draft {draft:word} appeared between the two", "the draft S/2024/255 appeared between the two")
def draft_appeared(scene: Scene, draft: str) -> None:
    change = _change(scene, "draft", draft)
    check(change is not None and change.what == "appeared", f"the draft {draft} to appear {_between(scene)}",
          change.what if change is not None else "no change of it")


@step("then", "a statement by {speakers} of {on:date} appeared between the two",
      "a statement by China's foreign ministry of 2024-03-29 appeared between the two")
def statement_appeared(scene: Scene, speakers: str, on: str) -> None:
    ident = _statement_id(scene, speakers, on, scene.ledger.as_of(_compared(scene).after.as_of))
    change = _change(scene, "statement", ident)
    check(change is not None and change.what == "appeared", f"{ident} to appear {_between(scene)}",
          change.what if change is not None else "no change of it")


@step("then", "nothing of {thing} changed between the two", "nothing of the Mali Panel of Experts changed between the two")
def nothing_changed(scene: Scene, thing: str) -> None:
    ident = names(scene.ledger).thing(thing)
    changed = [c for c in _compared(scene).changes if c.id == ident]
    check(not changed, f"no change of {ident} {_between(scene)}",
          listed(f"{c.what}: {listed(f.field for f in c.fields)}" for c in changed))


@step("then", "the stance of {speakers}'s statement of {on:date} went from {before:word} to {after:word}, because of the correction",
      "the stance of Matthew Miller's statement of 2024-03-28 went from condemns to regrets, because of the correction")
def stance_corrected(scene: Scene, speakers: str, on: str, before: str, after: str) -> None:
    ident = _statement_id(scene, speakers, on, scene.ledger.as_of(_compared(scene).after.as_of))
    found = _field(scene, "statement", ident, "stance", before, after)
    _caused_by_last_fix(scene, found.causes, "FactCorrected")


@step("then", "{speakers}'s statement of {on:date} disappeared, because of the retraction",
      "Vasily Nebenzia's statement of 2024-03-28 disappeared, because of the retraction")
def statement_retracted(scene: Scene, speakers: str, on: str) -> None:
    d = _compared(scene)
    ident = _statement_id(scene, speakers, on, scene.ledger.as_of(d.before.as_of, d.before.known_at))
    change = _change(scene, "statement", ident)
    check(change is not None and change.what == "disappeared", f"{ident} to disappear {_between(scene)}",
          change.what if change is not None else "no change of it")
    _caused_by_last_fix(scene, change.causes, "FactRetracted")


def _caused_by_last_fix(scene: Scene, causes: Any, kind: str) -> None:
    if not scene.fixes:
        raise AssertionError("no fix was recorded in this scenario")
    fix = scene.fixes[-1].event_id
    check(any(c.event_id == fix and c.type == kind and c.source for c in causes), f"the {kind} {fix}, with its source, among the causes",
          listed(f"{c.event_id} ({c.type}, {c.source})" for c in causes))


# -- what was said about a file -----------------------------------------------------------------

@step("when", "I list the statements about {thing}", "I list the statements about the DPRK Panel of Experts")
def list_about(scene: Scene, thing: str) -> None:
    scene.found = scene.ledger.timeline(types="StatementIssued", about=names(scene.ledger).thing(thing))


@step("when", "I list what {who} said", "I list what the United States said")
def list_said_by(scene: Scene, who: str) -> None:
    scene.found = scene.ledger.timeline(types="StatementIssued", speaker=names(scene.ledger).actor(who))


@step("then", "the list holds {count:int} statements", "the list holds 12 statements")
def list_holds(scene: Scene, count: str) -> None:
    check(len(scene.found) == int(count), f"{count} statements on the list",
          f"{len(scene.found)}: {listed(r.event_id for r in scene.found)}")


@step("then", 'the list holds {speakers}\'s statement of {on:date}, quoting "{words:text}"',
      'the list holds China\'s foreign ministry\'s statement of 2024-03-29, quoting "blind sanctions cannot solve the problem"')
def list_has_statement(scene: Scene, speakers: str, on: str, words: str) -> None:
    wanted = set(names(scene.ledger).actors_of(speakers))
    rows = [r for r in scene.found if set(r.details.get("speakers", [])) == wanted and dated(r.on, on)]
    check(len(rows) == 1, f"one statement by {listed(sorted(wanted))} of {on} on the list",
          f"{len(rows)}; the list: {listed(r.event_id for r in scene.found)}")
    check(words in (rows[0].quote or ""), f"its quote to say {words!r}", repr(rows[0].quote))


@step("then", 'the list names {speaker} as "{label:text}"', 'the list names Matthew Miller as "Matthew Miller (USA)"')
def list_names(scene: Scene, speaker: str, label: str) -> None:
    actor = names(scene.ledger).actor(speaker)
    spoken = {s for r in scene.found for s in r.details.get("speakers", [])}
    check(actor in spoken, f"{actor} among the speakers on the list", listed(sorted(spoken)))
    said = scene.ledger.actors([actor]).label(actor)
    check(said == label, f"{actor} named {label!r}", repr(said))
