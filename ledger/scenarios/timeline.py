"""The timeline of a day: reports, inquiries, meetings, proposals, requests for relief, postponements and
terminations, each a row with its date, the precision of that date, and its source."""

from __future__ import annotations

from typing import Any

from ledger.domain.quotes import quote_is_in
from ledger.scenarios.citations import citations
from ledger.scenarios.dates import dated
from ledger.scenarios.expect import check, fail, listed, looking, when
from ledger.scenarios.names import names
from ledger.scenarios.scene import Scene
from ledger.scenarios.vocabulary import A_DAY, Table, step

FINDINGS = Table(("finding",), verbatim=("finding",))


def one_row(scene: Scene, kind: str, words: str, on: str | None = None) -> Any:
    """The one timeline row of a kind whose summary holds the words (and that is of a date: `dated`)."""
    view = looking(scene)
    rows = [r for r in view.timeline if r.type == kind and words in r.summary and (on is None or dated(r.on, on))]
    if len(rows) != 1:
        near = [f"{r.summary} (on {r.on}, event {r.event_id})" for r in view.timeline if r.type == kind]
        fail(f"one {kind} fact {when(view)} saying {words!r}" + (f" on {on}" if on else ""),
             f"{len(rows)}; its {kind} facts: {listed(near)}")
    scene.fact = rows[0]
    return rows[0]


def _dated(scene: Scene, on: str, precision: str) -> None:
    row = scene.fact
    check((str(row.on), row.precision) == (on, precision), f"{row.event_id} dated {on}, to the {precision}",
          f"it dated {row.on}, to the {row.precision} ({row.source}, event {row.event_id})")


def article_text(scene: Scene) -> tuple[str, str]:
    """The article: the one source whose text the ledger holds (its id and its text); where it holds the texts of
    other sources too (the veto list's), the one whose id names it an article."""
    texts = {s: d["text"] for s, d in names(scene.ledger).sources.items() if d.get("text")}
    if len(texts) > 1:
        texts = {s: text for s, text in texts.items() if s.startswith("article")} or texts
    if len(texts) != 1:
        raise AssertionError(f"cannot tell which source is the article: the ledger holds the text of {listed(texts)}")
    return next(iter(texts.items()))


@step("then", "the report is dated {day:day} and cites the UN document {document:word}",
      "the report is dated 2024-03-07 and cites the UN document S/2024/215")
def report_dated(scene: Scene, day: str, document: str) -> None:
    row = scene.fact
    check((row.on, row.precision, row.source) == (day, "day", document), f"the report dated {day}, citing {document}",
          f"it dated {row.on} (to the {row.precision}), citing {row.source} (event {row.event_id})")


@step("then", "the report is dated {day:day} and cites the article, and the UN document {document:word} as a second source",
      "the report is dated 2024-03-07 and cites the article, and the UN document S/2024/215 as a second source")
def report_dated_two_sources(scene: Scene, day: str, document: str) -> None:
    row, article = scene.fact, article_text(scene)[0]
    cited = [c.get("document") for c in citations(scene, row.event_id)]
    check((row.on, row.precision, cited[:1], document in cited[1:]) == (day, "day", [article], True),
          f"the report dated {day}, citing {article}, and {document} as a second source",
          f"it dated {row.on} (to the {row.precision}), citing {listed(cited)} (event {row.event_id})")


@step("then", "the ledger holds these findings of the report, each in the words of the article:",
      "the ledger holds these findings of the report, each in the words of the article:",
      more='| finding                        |\n| launching ballistic missiles   |', table=FINDINGS)
def report_findings(scene: Scene, datatable: list[list[str]]) -> None:
    """A table with a `finding` column: the report's findings, all of them, in order."""
    findings = [row["finding"] for row in FINDINGS.rows(datatable)]
    source, text = article_text(scene)
    for finding in findings:
        check(quote_is_in(finding, text), f"the finding {finding!r} in the words of {source}", "words not in it")
    held = list(scene.fact.details.get("findings", []))
    check(held == findings, f"the findings of {scene.fact.event_id} to be {listed(findings)}", listed(held))


@step("then", "the inquiry is dated {on:date}, to the {precision:year|month|day}", "the inquiry is dated 2024-03, to the month")
def inquiry_dated(scene: Scene, on: str, precision: str) -> None:
    _dated(scene, on, precision)


@step("then", "the inquiry was opened on or before {day:day}, the day not known",
      "the inquiry was opened on or before 2024-03-07, the day not known")
def inquiry_by(scene: Scene, day: str) -> None:
    _dated(scene, f"../{day}", "day")


@step("then", "the timeline shows that {who} sought relief from {regime} in {on:date}, to the {precision:year|month|day}",
      "the timeline shows that Russia and China sought relief from the DPRK sanctions regime in 2019, to the year", needs=(A_DAY,))
def relief_on_timeline(scene: Scene, who: str, regime: str, on: str, precision: str) -> None:
    known = names(scene.ledger)
    one_row(scene, "SanctionsReliefSought", f"{', '.join(known.actors_of(who))} seek relief from regime {known.regime(regime)}")
    _dated(scene, on, precision)


@step("then", "the timeline shows {who}'s proposal on {regime} of {on:date}",
      "the timeline shows Russia's proposal on the DPRK sanctions regime of 2024-03-28", needs=(A_DAY,))
def proposal(scene: Scene, who: str, regime: str, on: str) -> None:
    known = names(scene.ledger)
    one_row(scene, "ProposalMade", f"{known.actor(who)} proposes on {known.regime(regime)}:", on=on)


@step("then", 'the proposal is "{words:text}"', 'the proposal is "that the Security Council reassess the sanctions regime on the DPRK"')
def proposal_is(scene: Scene, words: str) -> None:
    held = scene.fact.details.get("proposal", "")
    check(words in held, f"the proposal {scene.fact.event_id} to say {words!r}", repr(held))


@step("then", "the ledger's record of the proposal has {who} supporting it", "the ledger's record of the proposal has China supporting it")
def proposal_supported(scene: Scene, who: str) -> None:
    wanted, held = names(scene.ledger).actors_of(who), list(scene.fact.details.get("supported_by", []))
    check(held == wanted, f"the proposal {scene.fact.event_id} supported by {listed(wanted)}", f"it supported by {listed(held)}")


@step("then", "the timeline shows that a vote on {panel} was postponed in {on:date}, to the {precision:year|month|day}",
      "the timeline shows that a vote on the DPRK Panel of Experts was postponed in 2024-03, to the month", needs=(A_DAY,))
def postponed(scene: Scene, panel: str, on: str, precision: str) -> None:
    one_row(scene, "VotePostponed", f"vote on {names(scene.ledger).panel(panel)} postponed")
    _dated(scene, on, precision)


@step("then", "the timeline shows that a vote on {panel} was postponed on or before {day:day}, the day not known",
      "the timeline shows that a vote on the DPRK Panel of Experts was postponed on or before 2024-03-28, the day not known", needs=(A_DAY,))
def postponed_by(scene: Scene, panel: str, day: str) -> None:
    one_row(scene, "VotePostponed", f"vote on {names(scene.ledger).panel(panel)} postponed")
    _dated(scene, f"../{day}", "day")


@step("then", "the timeline shows that {regime} was terminated on {on:date}",
      "the timeline shows that the Mali sanctions regime was terminated on 2023-09-01", needs=(A_DAY,))
def terminated_on_timeline(scene: Scene, regime: str, on: str) -> None:
    one_row(scene, "SanctionsRegimeTerminated", f"regime {names(scene.ledger).regime(regime)} terminated", on=on)


@step("then", "the timeline shows a meeting of {people} in {place} on {on:date}",
      "the timeline shows a meeting of Vladimir Putin and Kim Jong-un in Russia on 2023-09-13", needs=(A_DAY,))
def meeting(scene: Scene, people: str, place: str, on: str) -> None:
    one_row(scene, "MeetingHeld", f"meeting of {', '.join(names(scene.ledger).actors_of(people))} in {place}", on=on)


@step("then", "as of {day:day} no meeting is on the timeline", "as of 2023-09-12 no meeting is on the timeline")
def no_meeting(scene: Scene, day: str) -> None:
    held = [f"{r.summary} (event {r.event_id})" for r in scene.ledger.as_of(day).timeline if r.type == "MeetingHeld"]
    check(not held, f"no meeting as of {day}", listed(held))
