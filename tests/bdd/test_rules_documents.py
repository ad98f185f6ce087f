"""Documents, ids, references and sources: features/rules/{documents,registrations,references,sources}.feature."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from ledger import Ledger
from tests.bdd.support import ARTICLE, ARTICLE_ID, SEEDS, Scene, attempt, cite, ids, note, one_id, seed_document

scenarios(
    "rules/documents.feature",
    "rules/registrations.feature",
    "rules/references.feature",
    "rules/sources.feature",
    "rules/historic_states.feature",
    "rules/not_yet.feature",
)

KULEBA_WORDS = "Moscow will no longer hide its military cooperation with North Korea"
VETO_WORDS = "Russia on Thursday vetoed a draft resolution"


def statement(event_id: str = "kuleba.again", **fields: Any) -> dict[str, Any]:
    """A new statement by Kuleba on the day of the vote, quoting the article: well formed as it is."""
    document = {
        "type": "StatementIssued", "id": event_id, "occurred_on": "2024-03-28",
        "source": cite(ARTICLE_ID, KULEBA_WORDS, "para 4"),
        "speakers": ["kuleba"], "stance": "condemns", "about": ["RUS"],
    }
    document.update(fields)
    return document


def without(document: dict[str, Any], field: str) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != field}


def report(**fields: Any) -> dict[str, Any]:
    return {
        "type": "ReportReleased", "id": "report.extra", "occurred_on": "2024-03-07",
        "source": cite("un-notes"), "report_id": "S/2024/999", "author": "dprk-panel",
        "title": "A further report", "findings": ["a finding"], **fields,
    }


# -- documents -------------------------------------------------------------------------------

@when("someone appends a new statement by Dmytro Kuleba")
def new_statement(lg: Ledger, scene: Scene) -> None:
    scene.attempt = attempt(lg, [statement()])


@when(parsers.parse('someone appends a new statement by Dmytro Kuleba under the unknown type "{kind}"'))
def unknown_type(lg: Ledger, scene: Scene, kind: str) -> None:
    scene.attempt = attempt(lg, [statement(type=kind)])


@when(parsers.re(r"someone appends a new statement by Dmytro Kuleba without its (?P<what>stance|source|date)"))
def missing_field(lg: Ledger, scene: Scene, what: str) -> None:
    field = {"date": "occurred_on"}.get(what, what)
    scene.attempt = attempt(lg, [without(statement(), field)])


@when(parsers.parse('someone appends a new statement by Dmytro Kuleba with an unexpected field "{field}"'))
def unexpected_field(lg: Ledger, scene: Scene, field: str) -> None:
    scene.attempt = attempt(lg, [statement(**{field: "angry"})])


@when(parsers.parse("someone appends a new statement by Dmytro Kuleba dated {day}"))
def dated(lg: Ledger, scene: Scene, day: str) -> None:
    scene.attempt = attempt(lg, [statement(occurred_on=day)])


@when(parsers.parse('someone appends a new statement by Dmytro Kuleba with the stance "{stance}"'))
def with_stance(lg: Ledger, scene: Scene, stance: str) -> None:
    scene.attempt = attempt(lg, [statement(stance=stance)])


@when("someone appends a new statement by Dmytro Kuleba with its speakers written as one text")
def speakers_as_text(lg: Ledger, scene: Scene) -> None:
    scene.attempt = attempt(lg, [statement(speakers="kuleba")])


@when("someone appends a new statement by Dmytro Kuleba with a terminal escape in its locator")
def locator_with_escape(lg: Ledger, scene: Scene) -> None:
    scene.attempt = attempt(lg, [statement(source=cite(ARTICLE_ID, KULEBA_WORDS, "para 4\x1b[2J"))])


@when("someone appends a new statement by Dmytro Kuleba with a locator of only spaces")
def locator_of_spaces(lg: Ledger, scene: Scene) -> None:
    scene.attempt = attempt(lg, [statement(source=cite(ARTICLE_ID, KULEBA_WORDS, "   "))])


@when(parsers.parse('someone appends a report of the DPRK Panel of Experts with "{pages}" as its number of pages'))
def pages_as_text(lg: Ledger, scene: Scene, pages: str) -> None:
    scene.attempt = attempt(lg, [report(pages=pages)])


@when(parsers.parse(
    "someone appends in one batch a UN note of {day}, a statement citing it and a statement without its stance"
))
def bad_batch(lg: Ledger, scene: Scene, day: str) -> None:
    good = statement("batch.good", occurred_on=day, source=cite("batch-note"), speakers=["USA"])
    scene.attempt = attempt(lg, [note("batch-note", day), good, without(statement("batch.bad"), "stance")])


# -- ids -------------------------------------------------------------------------------------

@when(parsers.parse('someone corrects Dmytro Kuleba\'s statement of 2024-03-28 without a reason, to the stance "{stance}" '
                   'and the mood "{mood}"'))
def malformed_correction(lg: Ledger, scene: Scene, stance: str, mood: str) -> None:
    scene.attempt = attempt(lg, [{"type": "FactCorrected", "id": "fix.kuleba", "corrects": "statement.kuleba.2024-03-28",
                                  "source": cite("un-notes"), "reason": "", "changes": {"stance": stance, "mood": mood}}])


@when("the seed article is loaded again")
def load_again(lg: Ledger, scene: Scene) -> None:
    scene.attempt = attempt(lg, [], action=lambda: lg.load(SEEDS))


@then("every document is recognised as already held, at its first position")
def all_repeated(scene: Scene, seed: list[Any]) -> None:
    again = scene.attempt.recordings  # type: ignore[union-attr]
    assert scene.attempt.error is None and len(again) == len(seed)  # type: ignore[union-attr]
    assert all(r.repeated for r in again)
    assert [(r.event_id, r.position) for r in again] == [(r.event_id, r.position) for r in seed]


@when(parsers.parse('someone appends the seed\'s fact "{event_id}" again, exactly as it was'))
def seed_fact_again(lg: Ledger, scene: Scene, event_id: str) -> None:
    scene.attempt = attempt(lg, [seed_document(event_id)])


@when(parsers.parse('someone appends the seed\'s fact "{event_id}" again with the stance "{stance}"'))
def seed_fact_changed(lg: Ledger, scene: Scene, event_id: str, stance: str) -> None:
    document = seed_document(event_id)
    assert document["stance"] != stance
    scene.attempt = attempt(lg, [{**document, "stance": stance}])


@then("the ledger says it already held it, at the same position")
def already_held(scene: Scene, seed: list[Any]) -> None:
    assert scene.attempt.error is None, str(scene.attempt.error)  # type: ignore[union-attr]
    [again] = scene.attempt.recordings  # type: ignore[union-attr]
    first = next(r for r in seed if r.event_id == again.event_id)
    assert again.repeated is True
    assert (again.position, again.recorded_at, again.type) == (first.position, first.recorded_at, first.type)


@when("someone appends a statement by the United States without an id, twice")
def without_an_id_twice(lg: Ledger, scene: Scene) -> None:
    document = without(statement(speakers=["USA"], source=cite("un-notes")), "id")
    scene.attempt = attempt(lg, [document], action=lambda: [lg.append(dict(document)), lg.append(dict(document))])


@then("the ledger gave the statement an id of its own, and the same id the second time")
def an_id_of_its_own(lg: Ledger, scene: Scene) -> None:
    first, second = scene.attempt.recordings  # type: ignore[union-attr]
    assert first.event_id and first.event_id == second.event_id
    assert [s.event_id for s in lg.as_of("2024-03-28").statements if s.speakers == ["USA"] and s.source == "un-notes"] == [
        first.event_id
    ]


@then("the second time it said it already held the statement, at the same position")
def second_time_repeated(scene: Scene) -> None:
    first, second = scene.attempt.recordings  # type: ignore[union-attr]
    assert (first.repeated, second.repeated) == (False, True)
    assert (second.position, second.recorded_at) == (first.position, first.recorded_at)


REGISTRATIONS = {
    "the source": lambda taken: {
        "type": "SourceRegistered", "source_id": taken, "title": "Another article", "published_on": "2024-04-01",
    },
    "the actor": lambda taken: {"type": "ActorRegistered", "actor_id": taken, "name": "Another person", "kind": "person"},
    "the sanctions regime": lambda taken: {
        "type": "SanctionsRegimeEstablished", "occurred_on": "2024-06-01", "source": cite("un-notes"),
        "regime_id": taken, "name": "Another regime", "target": "PRK", "resolution": "9999 (2024)", "measures": ["m"],
    },
    "the panel": lambda taken: {
        "type": "PanelEstablished", "occurred_on": "2024-06-01", "source": cite("un-notes"), "panel_id": taken,
        "regime_id": "dprk-regime", "name": "Another panel", "resolution": "9999 (2024)", "mandate_ends_on": "2025-06-01",
    },
}


@when(parsers.re(r'someone registers (?P<what>the source|the actor|the sanctions regime|the panel) '
                 r'"(?P<taken>[^"]+)" again, as the event "(?P<event_id>[^"]+)"'))
def register_again(lg: Ledger, scene: Scene, what: str, taken: str, event_id: str) -> None:
    scene.attempt = attempt(lg, [{"id": event_id, **REGISTRATIONS[what](taken)}])


@when(parsers.parse('someone registers {state} as an actor under the code "{code}"'))
def register_state(lg: Ledger, scene: Scene, state: str, code: str) -> None:
    document = {"type": "ActorRegistered", "id": f"actor.{code}", "actor_id": code, "name": state, "kind": "state"}
    scene.attempt = attempt(lg, [document])


# -- references ------------------------------------------------------------------------------

UNKNOWN = {
    "a statement by the unregistered speaker": lambda name: statement("ref.speaker", speakers=[name]),
    "a statement citing the unregistered source": lambda name: statement("ref.source", source=cite(name)),
    "a reinforcement of the unknown sanctions regime": lambda name: {
        "type": "SanctionsReinforced", "id": "ref.regime", "occurred_on": "2024-06-01", "source": cite("un-notes"),
        "regime_id": name, "resolution": "9999 (2024)", "measures": ["a measure"],
    },
    "an inquiry opened by the unknown panel": lambda name: {
        "type": "InquiryOpened", "id": "ref.panel", "occurred_on": "2024-03-01", "source": cite("un-notes"),
        "panel_id": name, "subject": "a subject",
    },
    "a statement about the draft never voted on": lambda name: statement("ref.draft", about=[name]),
    "a correction of the unknown event": lambda name: {
        "type": "FactCorrected", "id": "ref.fix", "source": cite("un-notes"), "corrects": name,
        "changes": {"stance": "warns"}, "reason": "a reason",
    },
    "a retraction of the unknown event": lambda name: {
        "type": "FactRetracted", "id": "ref.fix", "source": cite("un-notes"), "retracts": name, "reason": "a reason",
    },
}


@when(parsers.re(rf'someone appends (?P<fact>{"|".join(UNKNOWN)}) "(?P<name>[^"]+)"'))
def naming_the_unknown(lg: Ledger, scene: Scene, fact: str, name: str) -> None:
    scene.attempt = attempt(lg, [UNKNOWN[fact](name)])


@when(parsers.re(r"someone appends a report of (?P<panel>the DPRK Panel of Experts) dated (?P<on>\d{4}(?:-\d\d){0,2})$"))
def early_report(lg: Ledger, scene: Scene, panel: str, on: str) -> None:
    scene.attempt = attempt(lg, [report(occurred_on=on, author=one_id(panel))])


@when(parsers.parse("someone appends a statement about {draft_id} dated {day}"))
def about_the_draft(lg: Ledger, scene: Scene, draft_id: str, day: str) -> None:
    document = statement("about.draft", occurred_on=day, about=[draft_id], source=cite(ARTICLE_ID, VETO_WORDS))
    scene.attempt = attempt(lg, [document])


# -- sources ---------------------------------------------------------------------------------

@when(parsers.parse("someone appends a statement dated {day} citing the article of {published}"))
def after_the_source(lg: Ledger, scene: Scene, day: str, published: str) -> None:
    assert published == "2024-03-29"  # the article's own date, as registered by the seed
    scene.attempt = attempt(lg, [statement("late.statement", occurred_on=day)])


@when(parsers.parse('someone appends a statement quoting the article as "{quote}"'))
def quoting(lg: Ledger, scene: Scene, quote: str) -> None:
    scene.attempt = attempt(lg, [statement("quoting", source=cite(ARTICLE_ID, quote))])


@when("someone appends a statement citing the article without a quote")
def unquoted(lg: Ledger, scene: Scene) -> None:
    scene.attempt = attempt(lg, [statement("unquoted", source=cite(ARTICLE_ID, locator="para 4"))])


@when("someone appends a statement quoting the article in these words:")
def quoting_in_words(lg: Ledger, scene: Scene, docstring: str) -> None:
    document = statement("hwang.again", speakers=["hwang-joon-kook"], source=cite(ARTICLE_ID, docstring))
    scene.attempt = attempt(lg, [document])


# -- a fact two sources say ----------------------------------------------------------------------

WIRE_ID = "wire-2024-03-29"
WIRE_WORDS = "Russia vetoed on Thursday the renewal of the panel of experts monitoring sanctions on North Korea"


@given("the ledger also holds a wire report of the veto, with its text")
def wire_report(lg: Ledger) -> None:
    lg.append({
        "type": "SourceRegistered", "id": f"src.{WIRE_ID}", "source_id": WIRE_ID,
        "title": "A wire report of the veto", "published_on": "2024-03-29", "language": "en",
        "text": f"{WIRE_WORDS}. Thirteen members voted in favour; China abstained.",
    })


@when("someone appends a statement quoting the article and, as a second source, the wire report")
def second_source(lg: Ledger, scene: Scene) -> None:
    document = statement("kuleba.twice", also_cited=[cite(WIRE_ID, WIRE_WORDS, "para 1")])
    scene.attempt = attempt(lg, [document])


@when(parsers.parse('someone appends a statement quoting the article and, as a second source, the wire report as "{quote}"'))
def second_source_misquoted(lg: Ledger, scene: Scene, quote: str) -> None:
    scene.attempt = attempt(lg, [statement("kuleba.twice", also_cited=[cite(WIRE_ID, quote)])])


@when(parsers.parse('someone appends a statement citing, as a second source, "{source}", which the ledger does not hold'))
def second_source_unknown(lg: Ledger, scene: Scene, source: str) -> None:
    scene.attempt = attempt(lg, [statement("kuleba.twice", also_cited=[cite(source)])])


@then("the audit shows the statement's two sources, each quote found in its text")
def audit_shows_both(lg: Ledger) -> None:
    [found] = [p for p in lg.audit() if p.event_id == "kuleba.twice"]
    assert (found.source, found.checked, found.flagged) == (ARTICLE_ID, True, False), found
    [also] = found.also_cited
    assert (also.source, also.quote, also.locator, also.checked, also.problem) == (
        WIRE_ID, WIRE_WORDS, "para 1", True, None), also


@given("the ledger holds a statement quoting the article and, as a second source, the wire report")
def holds_second_source(lg: Ledger) -> None:
    lg.append(statement("kuleba.twice", also_cited=[cite(WIRE_ID, WIRE_WORDS, "para 1")]))


# -- corrections of a source -------------------------------------------------------------------

SOURCES = {"the article": ARTICLE_ID, "the wire report": WIRE_ID}


def source_id(name: str) -> str:
    """`the Council's record S/PV.9408`, `the UN note "june-note"`, `the article`: the source's id."""
    if name.startswith("the Council's record "):
        return name.removeprefix("the Council's record ")
    if name.startswith('the UN note "'):
        return name.removeprefix('the UN note "').rstrip('"')
    return SOURCES[name]


def source_fix(name: str, **changes: Any) -> dict[str, Any]:
    """A correction of a source's registration (every source is registered as `src.<its id>`)."""
    return {"type": "FactCorrected", "id": f"fix.{source_id(name)}.{'.'.join(changes)}", "corrects": f"src.{source_id(name)}",
            "changes": changes, "reason": "an erratum", "source": cite("S/PV.9591")}


@given(parsers.parse('the ledger holds a meeting of {first} and {second} dated {on}, citing the UN note "{source}"'))
def holds_a_meeting(lg: Ledger, first: str, second: str, on: str, source: str) -> None:
    lg.append({"type": "MeetingHeld", "id": "meeting.june", "occurred_on": on, "source": cite(source),
               "participants": [one_id(first), one_id(second)]})


@when(parsers.parse("a correction moves the publication of {source} to {day}"))
def moves_the_publication(lg: Ledger, scene: Scene, source: str, day: str) -> None:
    fix = source_fix(source, published_on=day)
    scene.attempt = attempt(lg, [{**fix, "id": f"{fix['id']}.{day}"}])


@when(parsers.parse('someone registers the UN note "{source_id}" as published on {day}'))
def registers_a_note(lg: Ledger, scene: Scene, source_id: str, day: str) -> None:
    scene.attempt = attempt(lg, [note(source_id, day)])


@when(parsers.parse("a correction dates Dmytro Kuleba's statement of 2024-03-28 to {day}"))
def redates_kuleba(lg: Ledger, scene: Scene, day: str) -> None:
    fix = {"type": "FactCorrected", "id": f"fix.kuleba.{day}", "corrects": "statement.kuleba.2024-03-28",
           "changes": {"occurred_on": day}, "reason": "a typo in the year", "source": cite("S/PV.9591")}
    scene.attempt = attempt(lg, [fix])


@when(parsers.parse('a correction gives {source} the text "{text}"'))
def gives_a_text(lg: Ledger, scene: Scene, source: str, text: str) -> None:
    scene.attempt = attempt(lg, [source_fix(source, text=text)])


@when(parsers.parse('a correction adds to the article\'s text the line "{line}"'))
def adds_a_line(lg: Ledger, scene: Scene, line: str) -> None:
    scene.attempt = attempt(lg, [{**source_fix("the article", text=f"{ARTICLE}\n{line}"), "id": "fix.article.line"}])


# -- states that no longer exist -------------------------------------------------------------------

@when(parsers.re(r"someone appends a statement by (?P<speakers>.+?)(?: about (?P<about>.+))?, dated (?P<on>\S+)$"))
def statement_by_states(lg: Ledger, scene: Scene, speakers: str, about: str | None, on: str) -> None:
    scene.attempt = attempt(lg, [{"type": "StatementIssued", "id": "statement.state", "occurred_on": on,
                                  "source": cite("un-notes"), "speakers": ids(speakers), "stance": "neutral",
                                  **({"about": ids(about)} if about else {})}])


@when(parsers.re(r"someone appends a meeting of (?P<participants>.+), dated (?P<on>\S+)$"))
def meeting_of_states(lg: Ledger, scene: Scene, participants: str, on: str) -> None:
    scene.attempt = attempt(lg, [{"type": "MeetingHeld", "id": "meeting.states", "occurred_on": on,
                                  "source": cite("un-notes"), "participants": ids(participants)}])


@then(parsers.parse('the ledger flags it, saying "{words}"'))
def flagged_saying(scene: Scene, words: str) -> None:
    assert scene.attempt is not None and scene.attempt.error is None, scene.attempt.error if scene.attempt else None
    [recording] = scene.attempt.recordings
    assert recording.flag is not None and words in recording.flag, recording.flag
