"""History: which facts were corrected or retracted, when and why, and what the ledger said before."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ledger.domain.quotes import quote_is_in
from ledger.scenarios.dates import view_day
from ledger.scenarios.expect import check, listed, looking
from ledger.scenarios.moments import noted
from ledger.scenarios.names import event_id, names
from ledger.scenarios.provenance import the_entry
from ledger.scenarios.scene import Scene
from ledger.scenarios.statements import STANCES, statement_by
from ledger.scenarios.timeline import article_text
from ledger.scenarios.vocabulary import A_DAY, Table, one_of, step

CORRECTIONS = Table(("stance", "reason"), forms={"stance": one_of(STANCES)}, verbatim=("reason",))
# The fields of a version (ledger/service/history.py) a table of versions may list, as text.
VERSIONS = Table((), ("occurred_on", "recorded_at", "event_id", "type", "source", "locator", "quote", "reason"),
                 verbatim=("quote", "reason"))


def _fixes_of(scene: Scene, event: str) -> list[Any]:
    """The versions of a fact that its fixes made, in the order they were recorded."""
    versions = [v for v in scene.ledger.history(event) if v.type in ("FactCorrected", "FactRetracted")]
    return sorted(versions, key=lambda v: v.recorded_at)


@step("then", "the statement was corrected by these, in the order they were recorded, each at the moment the ledger gave it:",
      "the statement was corrected by these, in the order they were recorded, each at the moment the ledger gave it:",
      more="| stance  | reason                             |\n| regrets | the spokesman's words were misread |",
      table=CORRECTIONS)
def corrected_by_these(scene: Scene, datatable: list[list[str]]) -> None:
    """A table of `stance` and `reason`, one row a correction of the statement named last."""
    rows = [(row["stance"], row["reason"]) for row in CORRECTIONS.rows(datatable)]
    fact = scene.fact
    fixes = [f for f in scene.fixes if scene.targets[f.event_id] == fact.event_id][:len(rows)]
    check(len(fixes) == len(rows), f"{len(rows)} fixes of {fact.event_id} recorded", f"{len(fixes)}")
    wanted = [{"event_id": fix.event_id, "recorded_at": fix.recorded_at.isoformat(), "reason": reason,
               "changes": {"stance": stance}} for fix, (stance, reason) in zip(fixes, rows, strict=False)]
    check(fact.corrected_by == [f.event_id for f in fixes] and fact.corrections == wanted,
          f"{fact.event_id} corrected by {listed(f.event_id for f in fixes)}", f"corrections {fact.corrections}")
    check([scene.reasons[f.event_id] for f in fixes] == [reason for _, reason in rows], "the reasons given", "others")


@step("then", "the statement shows no correction", "the statement shows no correction", needs=(A_DAY,))
def no_correction(scene: Scene) -> None:
    fact = scene.fact
    check(fact.corrected_by == [] and fact.corrections == [], f"no correction of {fact.event_id} {looking(scene).as_of}",
          f"corrections {listed(fact.corrected_by)}")


@step("then", "{fact} was never corrected", "Matthew Miller's statement of 2024-03-28 was never corrected")
def never_corrected(scene: Scene, fact: str) -> None:
    fixes = _fixes_of(scene, event_id(scene.ledger, fact))
    check(not fixes, f"no correction or retraction of {fact}",
          listed(f"{v.type} {v.event_id} of {v.recorded_at.isoformat()}: {v.reason}" for v in fixes))


@step("then", '{fact} was corrected because "{reason:text}"', 'Matthew Miller\'s statement of 2024-03-28 was corrected because "misread"')
def corrected_because(scene: Scene, fact: str, reason: str) -> None:
    """The reason given, or words of it: a reason is often a paragraph, and an auditor quotes what matters."""
    fixes = _fixes_of(scene, event_id(scene.ledger, fact))
    words = " ".join(reason.split())
    check(any(words in " ".join((v.reason or "").split()) for v in fixes), f"a fix of {fact} because {reason!r}",
          listed(f"{v.type} {v.event_id} of {v.recorded_at.isoformat()} ({v.source}): {v.reason}" for v in fixes) if fixes else "no fix")


@step("then", 'before its last correction, {fact} had the stance "{stance:text}"',
      'before its last correction, Matthew Miller\'s statement of 2024-03-28 had the stance "condemns"')
def stance_before(scene: Scene, fact: str, stance: str) -> None:
    versions = scene.ledger.history(event_id(scene.ledger, fact))
    fixes = [i for i, v in enumerate(versions) if v.type == "FactCorrected"]
    check(bool(fixes), f"a correction of {fact}", "none")
    earlier = versions[fixes[-1] - 1].state or {}
    check(earlier.get("stance") == stance, f"{fact} to have said {stance!r} before {versions[fixes[-1]].event_id}",
          f"it saying {earlier.get('stance')!r}", f"event {versions[fixes[-1] - 1].event_id}")


@step("then", "the audit still lists {fact} as first recorded, quoting the article, unflagged",
      "the audit still lists Matthew Miller's statement of 2024-03-28 as first recorded, quoting the article, unflagged", needs=('"before any correction"',))
def still_listed(scene: Scene, fact: str) -> None:
    speakers, _, day = fact.partition("'s statement of ")
    article, text = article_text(scene)
    # Found by its speaker and date among what the ledger knew before any fix, not in today's view.
    first_view = scene.ledger.as_of(view_day(day), known_at=noted(scene, "before any correction"))
    first = statement_by(scene, first_view, speakers, day)
    [row] = [r for r in first_view.timeline if r.event_id == first.event_id]
    entry = the_entry(scene, first.event_id)
    check((entry.position, entry.recorded_at) == (row.position, row.recorded_at),
          f"{first.event_id} at {row.position}, recorded at {row.recorded_at.isoformat()}",
          f"{entry.position}, {entry.recorded_at.isoformat()}")
    check((entry.source, entry.quote, entry.locator) == (article, first.quote, first.locator) and entry.checked
          and not entry.flagged and quote_is_in(entry.quote or "", text), f"{first.event_id} quoting {article}, unflagged",
          repr(entry))
    [stored] = [f for f in scene.ledger.facts() if f.event_id == first.event_id]
    check(stored.document["stance"] == first.stance, f"the log to hold {first.event_id} as first recorded",
          f"it saying {stored.document['stance']}")
    scene.earlier = entry


@step("then", "the audit lists the last fix after it, citing {record:word}, at the moment it was recorded",
      "the audit lists the last fix after it, citing S/PV.9591, at the moment it was recorded")
def fix_listed_after(scene: Scene, record: str) -> None:
    fix, first = scene.fixes[-1], scene.earlier
    entry = the_entry(scene, fix.event_id)
    check(scene.targets[fix.event_id] == first.event_id and entry.type == fix.type
          and entry.position == fix.position > first.position
          and entry.recorded_at == fix.recorded_at > first.recorded_at and (entry.source, entry.quote) == (record, None)
          and not entry.checked and not entry.flagged,
          f"the fix {fix.event_id} of {first.event_id} listed after it, citing {record}, unchecked", repr(entry))


@step("then", "the ledger's log keeps the retraction with the statement it names and its reason",
      "the ledger's log keeps the retraction with the statement it names and its reason")
def log_keeps_retraction(scene: Scene) -> None:
    fix, lg = scene.fixes[-1], scene.ledger
    [stored] = [f for f in lg.facts() if f.event_id == fix.event_id]
    check(stored.type == "FactRetracted" and stored.recorded_at == fix.recorded_at
          and stored.document["retracts"] == scene.earlier.event_id and stored.document["reason"] == scene.reasons[fix.event_id],
          f"the retraction {fix.event_id} of {scene.earlier.event_id} kept", repr(stored.document))
    before = [f.event_id for f in lg.facts(known_at=fix.recorded_at - timedelta(microseconds=1)) if f.event_id == fix.event_id]
    check(before == [], f"{fix.event_id} unknown before it was recorded", listed(before))


@step("then", "the history of {thing} lists these versions:", "the history of the DPRK Panel of Experts lists these versions:",
      more='| occurred_on | type                 | event_id                  |\n| 2024-03-28  | DraftResolutionVoted | vote.S/2024/255           |',
      table=VERSIONS)
def history_lists(scene: Scene, thing: str, datatable: list[list[str]]) -> None:
    """A table whose columns are fields of a version (`occurred_on`, `type`, `event_id`, `source`, `reason`, ...):
    the versions listed, in the ledger's order, are every version there is."""
    known = names(scene.ledger)
    try:
        ident = known.thing(thing)
    except AssertionError:
        ident = event_id(scene.ledger, thing)
    header, rows = datatable[0], [list(row.values()) for row in VERSIONS.rows(datatable)]
    held = [[str(v.to_dict()[column]) for column in header] for v in scene.ledger.history(ident)]
    check(held == rows, f"the versions of {ident}: {listed(' '.join(r) for r in rows)}", listed(" ".join(h) for h in held))
