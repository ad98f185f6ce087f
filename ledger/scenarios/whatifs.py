"""What-ifs: on a scratch copy of the ledger (never the ledger under audit), append facts, corrections and
retractions, and see what the ledger accepts, what it refuses and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ledger.documents import strict_json
from ledger.errors import Conflict, InvalidDocument, LedgerError, RuleBroken, UnknownReference
from ledger.scenarios.expect import check
from ledger.scenarios.names import ALL_TIME, event_id, names
from ledger.scenarios.scene import Attempt, Scene
from ledger.scenarios.timeline import article_text
from ledger.scenarios.vocabulary import JSON_LIST, JSON_OBJECT, Json, step
from ledger.service.application import Ledger

KINDS: dict[str, type[LedgerError]] = {
    "an invalid document": InvalidDocument,
    "an unknown reference": UnknownReference,
    "a broken rule": RuleBroken,
    "a conflict": Conflict,
}


def refusal(error: Exception) -> str:
    """A refusal as a sentence says it: "it refused it as a broken rule: ..." reads "as a broken rule"."""
    kind = next((said for said, cls in KINDS.items() if type(error) is cls), None)
    if kind is None:
        kind = getattr(error, "kind", "refused")
        kind = f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
    return f"as {kind}: {error}"


def snapshot(lg: Ledger) -> tuple[dict[str, Any], int]:
    """The whole history as the ledger now tells it, and the number of rows of its timeline."""
    view = lg.as_of(ALL_TIME)
    return view.to_dict(), len(view.timeline)


def log_head(lg: Ledger) -> tuple[int, str]:
    """Where the log ends and the digest of everything in it: any event stored changes both."""
    return lg.head(), str(lg.digest())


def attempt(lg: Ledger, documents: list[dict[str, Any]], action: Callable[[], Any] | None = None,
            batch: bool = False) -> Attempt:
    """Append one document (or a batch of several, atomically), keeping the refusal if there is one."""
    before, rows = snapshot(lg)
    tried = Attempt(lg, documents, before, rows, log_head(lg), batch=batch)
    if action is None:
        action = (lambda: [lg.append(documents[0])]) if len(documents) == 1 else (lambda: lg.append_many(documents))
    try:
        tried.recordings = list(action())
    except LedgerError as e:
        tried.error = e
    return tried


def cite(document: str, quote: str | None = None, locator: str | None = None) -> dict[str, str]:
    source = {"document": document}
    if quote is not None:
        source["quote"] = quote
    if locator is not None:
        source["locator"] = locator
    return source


def forged_statement(scene: Scene, speakers: str, day: str, quote: str) -> dict[str, Any]:
    """A statement condemning the veto that claims to quote the article."""
    return {"type": "StatementIssued", "id": "statement.forged", "occurred_on": day,
            "speakers": names(scene.ledger).actors_of(speakers), "stance": "condemns", "about": ["S/2024/255", "RUS"],
            "source": cite(article_text(scene)[0], quote)}


def _tried(scene: Scene) -> Attempt:
    if scene.attempt is None:
        raise AssertionError("nothing was appended in this scenario")
    return scene.attempt


# -- the copy and what is appended to it -------------------------------------------------------

@step("given", "a copy of the ledger", "a copy of the ledger")
def a_copy(scene: Scene) -> None:
    scene.make_copy()


@step("when", "someone appends this document:", "someone appends this document:",
      more='"""\n{"type": "StatementIssued", "id": "statement.fra.2024-03-28", "occurred_on": "2024-03-28",\n "source": {"document": "S/PV.9591"}, "speakers": ["FRA"], "stance": "regrets", "about": ["S/2024/255"]}\n"""',
      json=JSON_OBJECT)
def appends_document(scene: Scene, docstring: str) -> None:
    """The document, as JSON, in a doc string (between lines of three double quotes)."""
    document, refused = _read(docstring, JSON_OBJECT)
    scene.attempt = attempt(scene.writable("append"), [] if refused else [document], refused)


@step("when", "someone appends these documents in one batch:", "someone appends these documents in one batch:",
      more='"""\n[{"type": "SourceRegistered", "id": "src.note", "source_id": "note", "title": "A note", "published_on": "2025-01-01"},\n {"type": "StatementIssued", "id": "st.1", "occurred_on": "2024-03-28", "source": {"document": "note"},\n  "speakers": ["FRA"], "stance": "regrets", "about": ["S/2024/255"]}]\n"""',
      json=JSON_LIST)
def appends_batch(scene: Scene, docstring: str) -> None:
    """A JSON list of documents in a doc string: all are stored, or (on any refusal) none."""
    documents, refused = _read(docstring, JSON_LIST)
    scene.attempt = attempt(scene.writable("append"), [] if refused else list(documents), refused, batch=True)


def _read(docstring: str, form: Json) -> tuple[Any, Callable[[], Any] | None]:
    """What a doc string holds, read as a documents file is (strict JSON: no key twice, no NaN). A doc string
    that is not JSON of the form the sentence reads is the scenario's mistake, not the ledger's refusal: the
    step fails (`ledger check` refuses it before anything runs). What the ledger refuses of a file (a key
    twice, NaN) is the attempt's refusal, as a file's would be: (None, an action that raises it)."""
    mistake = form.problem(docstring)
    if mistake is not None:
        raise AssertionError(mistake[1])
    try:
        return strict_json.loads(docstring), None
    except strict_json.NotJSON as e:
        error = InvalidDocument(e.reason, field=e.field)
    except (json.JSONDecodeError, RecursionError) as e:  # read by Python's reader, but not by the ledger's
        error = InvalidDocument(f"not valid JSON: {e}")

    def refused() -> Any:
        raise error
    return None, refused


@step("when", 'someone appends a statement by {speakers} of {on:date}, condemning the veto, that quotes the article as saying "{quote:text}"',
      'someone appends a statement by France of 2024-03-28, condemning the veto, that quotes the article as saying "France walked out."')
def append_misquoting_statement(scene: Scene, speakers: str, on: str, quote: str) -> None:
    scene.forged = forged_statement(scene, speakers, on, quote)
    scene.attempt = attempt(scene.writable("append"), [scene.forged])


@step("when", "{speaker}'s statement of {on:date} regretting the veto, citing the Council's record {record:word}, is appended",
      "France's statement of 2024-03-28 regretting the veto, citing the Council's record S/PV.9591, is appended")
def append_statement(scene: Scene, speaker: str, on: str, record: str) -> None:
    lg, speakers = scene.writable("append"), names(scene.ledger).actors_of(speaker)
    # An id holds no ? ~ or %: an uncertain or approximate date is spelt out in it.
    spelt = on.replace("%", ".uncertain-approximate").replace("?", ".uncertain").replace("~", ".approximate")
    recording = lg.append({"type": "StatementIssued", "id": f"statement.{'-'.join(speakers).lower()}.{spelt}.regrets",
                           "occurred_on": on, "source": cite(record), "speakers": speakers, "stance": "regrets",
                           "about": ["S/2024/255", "RUS"]})
    check(not recording.repeated and recording.position == lg.head(), "the statement stored anew, last in the log",
          f"it at position {recording.position} (repeated: {recording.repeated})")


def _record_fix(scene: Scene, document: dict[str, Any]) -> None:
    recording = scene.writable("record a fix").append(document)
    check(not recording.repeated and recording.event_id == document["id"], f"the fix {document['id']} stored anew",
          "it already held")
    check(all(recording.recorded_at > m for m in scene.moments.values()), "the fix recorded after every noted moment",
          f"it recorded at {recording.recorded_at.isoformat()}")
    scene.fixes.append(recording)
    scene.reasons[recording.event_id] = document["reason"]
    scene.targets[recording.event_id] = document.get("corrects") or document["retracts"]


@step("when", 'a correction citing the Council\'s record {record:word} changes the stance of {fact} to "{stance:text}", because "{reason:text}"',
      'a correction citing the Council\'s record S/PV.9591 changes the stance of Matthew Miller\'s statement of 2024-03-28 '
      'to "regrets", because "misread"')
def correct_stance(scene: Scene, record: str, fact: str, stance: str, reason: str) -> None:
    _record_fix(scene, {"type": "FactCorrected", "id": f"what-if.fix.{len(scene.fixes) + 1}",
                        "corrects": event_id(scene.ledger, fact), "changes": {"stance": stance}, "reason": reason,
                        "source": cite(record)})


@step("when", 'a retraction citing the Council\'s record {record:word} withdraws {fact}, because "{reason:text}"',
      'a retraction citing the Council\'s record S/PV.9591 withdraws Vasily Nebenzia\'s statement of 2024-03-28, '
      'because "not checked"')
def retract(scene: Scene, record: str, fact: str, reason: str) -> None:
    _record_fix(scene, {"type": "FactRetracted", "id": f"what-if.fix.{len(scene.fixes) + 1}",
                        "retracts": event_id(scene.ledger, fact), "reason": reason, "source": cite(record)})


# -- what the ledger answered ------------------------------------------------------------------

@step("then", "the ledger accepts it", "the ledger accepts it")
def accepted(scene: Scene) -> None:
    tried = _tried(scene)
    if tried.error is not None:
        raise AssertionError(f"expected the ledger to accept {tried.them}; it refused {tried.pronoun} {refusal(tried.error)}")
    check(len(tried.recordings) == len(tried.documents), f"{len(tried.documents)} recordings", f"{len(tried.recordings)}")


@step("then", "the timeline has one more fact", "the timeline has one more fact")
def one_more_fact(scene: Scene) -> None:
    tried = _tried(scene)
    rows = snapshot(tried.ledger)[1]
    check(rows == tried.rows_before + 1, f"{tried.rows_before + 1} facts on the timeline", f"{rows}")


@step("then", f"the ledger refuses it as {{kind:{'|'.join(KINDS)}}}", "the ledger refuses it as a broken rule")
def refused_as(scene: Scene, kind: str) -> None:
    tried = _tried(scene)
    error = tried.refused
    if not (type(error) is KINDS[kind] and error.kind == KINDS[kind].kind):
        raise AssertionError(f"expected the ledger to refuse {tried.them} as {kind}; it refused {tried.pronoun} {refusal(error)}")


@step("then", 'the refusal names the field "{field:text}"', 'the refusal names the field "source.quote"')
def names_the_field(scene: Scene, field: str) -> None:
    error = _tried(scene).refused
    check(error.field == field and f"field {field!r}" in str(error), f"the refusal to name the field {field!r}", str(error))


@step("then", 'the refusal names "{words:text}"', 'the refusal names "2024-04-30"')
def names_the_words(scene: Scene, words: str) -> None:
    error = _tried(scene).refused
    check(words in str(error), f"the refusal to name {words!r}", str(error))


@step("then", 'the refusal names the document "{event:text}"', 'the refusal names the document "statement.forged"')
def names_the_document(scene: Scene, event: str) -> None:
    error = _tried(scene).refused
    check(error.event_id == event and repr(event) in str(error), f"the refusal to name the document {event!r}", str(error))


@step("then", "the refusal names document {index:int} of the batch", "the refusal names document 1 of the batch")
def names_the_index(scene: Scene, index: str) -> None:
    tried = _tried(scene)
    error, at = tried.refused, int(index)
    check(error.index == at and f"document {at}" in str(error) and error.event_id == tried.documents[at]["id"],
          f"the refusal to name document {at} of the batch", str(error))


@step("then", "the ledger is unchanged", "the ledger is unchanged")
def unchanged(scene: Scene) -> None:
    tried = _tried(scene)
    check(log_head(tried.ledger) == tried.head_before, f"the log to end at {tried.head_before}", f"{log_head(tried.ledger)}")
    after, rows = snapshot(tried.ledger)
    check(rows == tried.rows_before and after == tried.before, "every view as it was", "a changed view")
