"""Statements as the ledger holds them on a day: who spoke, their stance, what they spoke about."""

from __future__ import annotations

from typing import Any

from ledger.scenarios.dates import dated
from ledger.scenarios.expect import check, fail, listed, looking, when
from ledger.scenarios.names import names
from ledger.scenarios.scene import Scene
from ledger.scenarios.vocabulary import A_DAY, DATE, Table, one_of, step

STANCES = "condemns|justifies|supports|regrets|warns|neutral"
STATEMENTS = Table(("speakers", "day", "stance"), ("about",), forms={"day": DATE, "stance": one_of(STANCES)})


def _held(statements: list[Any]) -> str:
    return listed(f"{'+'.join(s.speakers)} on {s.on} ({s.event_id})" for s in statements)


def statement_by(scene: Scene, view: Any, speakers: str, day: str, stance: str | None = None) -> Any:
    """The one statement of these speakers of that date (`dated`); a stance, when given, tells apart two of one day."""
    wanted = set(names(scene.ledger).actors_of(speakers))
    found = [s for s in view.statements if set(s.speakers) == wanted and dated(s.on, day)]
    if len(found) > 1 and stance is not None:
        found = [s for s in found if s.stance == stance]
    if len(found) != 1:
        by_them = [s for s in view.statements if set(s.speakers) == wanted]
        fail(f"one statement by {listed(sorted(wanted))} of {day} {when(view)}",
             f"{len(found)}; their statements: {_held(by_them)}")
    scene.fact = found[0]
    return found[0]


def _stance_about(scene: Scene, stance: str, about: str) -> None:
    fact = scene.fact
    wanted = names(scene.ledger).things(about)
    check(fact.stance == stance and set(fact.about) == set(wanted),
          f"{fact.event_id} to be a statement that {stance}, about {listed(wanted)}",
          f"one that {fact.stance}, about {listed(fact.about)}",
          f"{fact.source}, {fact.locator}; corrected by {listed(fact.corrected_by)}" if fact.corrected_by else
          f"{fact.source}, {fact.locator}")


@step("then", "the ledger holds a statement by {speakers} of {on:date}", "the ledger holds a statement by Matthew Miller of 2024-03-28", needs=(A_DAY,))
def a_statement(scene: Scene, speakers: str, on: str) -> None:
    statement_by(scene, looking(scene), speakers, on)


@step("then", "there is no statement by {speakers}", "there is no statement by Vasily Nebenzia", needs=(A_DAY,))
def no_statement(scene: Scene, speakers: str) -> None:
    view = looking(scene)
    wanted = set(names(scene.ledger).actors_of(speakers))
    found = [s for s in view.statements if set(s.speakers) == wanted]
    check(not found, f"no statement by {listed(sorted(wanted))} {when(view)}", _held(found))


@step("then", f"the statement {{stance:{STANCES}}} and is about {{about}}",
      "the statement condemns and is about S/2024/255, Russia and North Korea")
def stance_and_about(scene: Scene, stance: str, about: str) -> None:
    _stance_about(scene, stance, about)


@step("then", "its speakers are, in the article's order, {speakers}",
      "its speakers are, in the article's order, the United States, France, Japan, South Korea and the United Kingdom")
def speakers_in_order(scene: Scene, speakers: str) -> None:
    wanted = names(scene.ledger).actors_of(speakers)
    check(list(scene.fact.speakers) == wanted, f"the speakers of {scene.fact.event_id} in the order {listed(wanted)}",
          listed(scene.fact.speakers))


@step("then", f"as of {{day:day}} {{speakers}}'s statement of {{on:date}} {{stance:{STANCES}}} and is about {{about}}",
      "as of 2024-05-01 Matthew Miller's statement of 2024-03-28 condemns and is about S/2024/255, Russia and North Korea")
def statement_on(scene: Scene, day: str, speakers: str, on: str, stance: str, about: str) -> None:
    statement_by(scene, scene.ledger.as_of(day), speakers, on)
    _stance_about(scene, stance, about)


@step("then", "as of {day:day} the ledger holds these statements:", "as of 2024-03-29 the ledger holds these statements:",
      more='| speakers       | day        | stance   | about                              |\n| Matthew Miller | 2024-03-28 | condemns | S/2024/255, Russia and North Korea |',
      table=STATEMENTS)
def these_statements(scene: Scene, day: str, datatable: list[list[str]]) -> None:
    """A table with `speakers`, `day` and `stance` columns, and optionally `about`: one row a statement."""
    rows = STATEMENTS.rows(datatable)
    view, problems = scene.ledger.as_of(day), []
    for wanted in rows:
        try:
            statement_by(scene, view, wanted["speakers"], wanted["day"], wanted["stance"])
            _stance_about(scene, wanted["stance"], wanted.get("about", " and ".join(scene.fact.about)))
        except AssertionError as e:
            problems.append(str(e))
    if problems:
        raise AssertionError(f"{len(problems)} of {len(rows)} statements are not as listed: " + "; ".join(problems))
