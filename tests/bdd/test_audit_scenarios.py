"""The auditor's questions: features/audit/{provenance,corrections,tamper}.feature.

Where every fact came from (`lg.audit()`, `ledger audit`), who changed a fact, when and why (fixes
read through `known_at` and the log), and whether the log was altered behind the ledger's back
(`lg.verify()`, `ledger verify`). Tampering is plain SQL on the event table, as someone with the
database password would do it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import text

from ledger import Ledger
from ledger.documents import fingerprint
from ledger.domain.provenance import Provenance
from ledger.domain.quotes import normalise, quote_is_in
from ledger.domain.streams import open_stream, stream_id
from ledger.storage.chain import Digest, Verification
from tests.bdd.support import ALL_TIME, ARTICLE, ARTICLE_ID, ROOT, SEEDS, Scene, attempt, cite, ids, one_id

scenarios("audit")

HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Audit:
    """What the auditor found and kept: the audit, a command's answer, fixes, noted times, tampered rows."""

    found: list[Provenance] = field(default_factory=list)
    before: list[Provenance] = field(default_factory=list)  # the audit before a forgery was stored
    forged: dict[str, Any] | None = None
    command: subprocess.CompletedProcess[str] | None = None
    fixes: list[Any] = field(default_factory=list)  # recordings of the fixes, in the order recorded
    reasons: dict[str, str] = field(default_factory=dict)  # fix id -> reason given
    targets: dict[str, str] = field(default_factory=dict)  # fix id -> the id of the fact it fixes
    moments: dict[str, datetime] = field(default_factory=dict)
    places: dict[str, tuple[str, int]] = field(default_factory=dict)  # a fact as named -> (event id, position)
    tampered: str | None = None  # the fact (as named) whose place the verification should name
    digest: Digest | None = None
    verification: Verification | None = None


@pytest.fixture
def audit() -> Audit:
    return Audit()


# -- helpers ---------------------------------------------------------------------------------

def _url(lg: Ledger) -> str:
    return lg.store.engine.url.render_as_string(hide_password=False)


def _run(lg: Ledger, *args: str) -> subprocess.CompletedProcess[str]:
    """The `ledger` command, run as a user runs it, on the scenario's database."""
    return subprocess.run([sys.executable, "-m", "ledger.cli", "--db", _url(lg), *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def _seed_documents() -> list[dict[str, Any]]:
    """Every document of the seed files, as written there (independently of the ledger)."""
    return [json.loads(line) for file in sorted(SEEDS.glob("*.jsonl"))
            for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]


def _fact_id(lg: Ledger, fact: str) -> str:
    """The id of a fact of the seed, found the way a reader finds it: on the ledger's views."""
    if m := re.fullmatch(r"(.+)'s statement of (\S+)", fact):
        found = [s for s in lg.as_of(m[2]).statements if s.speakers == ids(m[1]) and s.on == m[2]]
        assert len(found) == 1, f"{len(found)} statements by {ids(m[1])} on {m[2]}"
        return found[0].event_id
    if m := re.fullmatch(r"(.+)'s veto of (\S+)", fact):
        rows = [r for r in lg.as_of(ALL_TIME).timeline
                if r.type == "VetoCast" and r.summary == f"{one_id(m[1])} vetoes draft {m[2]}"]
        assert len(rows) == 1, f"{len(rows)} vetoes by {one_id(m[1])} of {m[2]}"
        return rows[0].event_id
    raise AssertionError(f"cannot find {fact!r}")


def _position(lg: Ledger, event_id: str) -> int:
    return lg.store.lookup([event_id])[event_id].position


def _place(lg: Ledger, audit: Audit, fact: str) -> tuple[str, int]:
    """A fact's id and its position in the log, noted before anyone touches the database."""
    if fact not in audit.places:
        event_id = _fact_id(lg, fact)
        audit.places[fact] = (event_id, _position(lg, event_id))
    return audit.places[fact]


def _sql(lg: Ledger, statement: str, **values: object) -> None:
    with lg.store.engine.begin() as connection:  # behind the ledger's back, on purpose
        connection.execute(text(statement), values)


def _stored_rows(lg: Ledger) -> tuple[int, int]:
    """How many events the database holds, and the last position, counted with plain SQL."""
    with lg.store.engine.connect() as connection:
        count, last = connection.execute(text("SELECT COUNT(*), MAX(id) FROM ledger_events")).one()
    return int(count), int(last)


def _entry(audit: Audit, event_id: str) -> Provenance:
    found = [p for p in audit.found if p.event_id == event_id]
    assert len(found) == 1, f"the audit lists {event_id} {len(found)} times"
    return found[0]


# -- provenance: forging a fact past the rules -----------------------------------------------

def _forged_statement(speakers: str, day: str, quote: str) -> dict[str, Any]:
    return {"type": "StatementIssued", "id": "statement.forged", "occurred_on": day, "speakers": ids(speakers),
            "stance": "condemns", "about": ["S/2024/255", "RUS"], "source": cite(ARTICLE_ID, quote)}


def write_past_the_rules(lg: Ledger, document: dict[str, Any]) -> None:
    """Store a document as older or buggy code might have: straight into the event store, unchecked.

    The approach of tests/integration/test_audit.py."""
    stream = open_stream(document, 1, datetime.now(UTC))
    entry = {"event_id": document["id"], "stream_id": stream_id("fact", document["id"]), "version": stream.version,
             "type": document["type"], "fingerprint": fingerprint(document), "recorded_at": datetime.now(UTC),
             "regime_id": None}
    lg.store.save_batch([stream], [entry])


def _forge(lg: Ledger, audit: Audit, document: dict[str, Any]) -> None:
    assert not quote_is_in(document["source"]["quote"], ARTICLE), "the forged quote is in the article after all"
    audit.before = lg.audit()
    head = lg.head()
    write_past_the_rules(lg, document)
    audit.forged = document
    assert lg.head() == head + 1, "the forged statement was not stored"


@when(parsers.parse('someone appends a statement by {speakers} of {day}, condemning the veto, '
                    'that quotes the article as saying "{quote}"'))
def append_misquoting_statement(lg: Ledger, scene: Scene, audit: Audit, speakers: str, day: str, quote: str) -> None:
    audit.forged = _forged_statement(speakers, day, quote)
    scene.attempt = attempt(lg, [audit.forged])


@when("someone stores that statement anyway, straight into the database, past the ledger's rules")
def store_it_anyway(lg: Ledger, audit: Audit) -> None:
    assert audit.forged is not None
    _forge(lg, audit, audit.forged)


@given(parsers.parse("someone has stored, straight into the database and past the ledger's rules, a statement by "
                     '{speakers} of {day}, condemning the veto, that quotes the article as saying "{quote}"'))
def stored_a_forgery(lg: Ledger, audit: Audit, speakers: str, day: str, quote: str) -> None:
    _forge(lg, audit, _forged_statement(speakers, day, quote))


# -- provenance: the audit -------------------------------------------------------------------

@when("I audit the ledger")
def run_the_audit(lg: Ledger, audit: Audit) -> None:
    audit.found = lg.audit()


@then("the audit lists every fact the ledger holds, in the order and at the moment they were recorded")
def lists_every_fact(lg: Ledger, scene: Scene, audit: Audit) -> None:
    count, last = _stored_rows(lg)
    assert [p.position for p in audit.found] == list(range(1, last + 1)) and len(audit.found) == count
    by_id = {p.event_id: p for p in audit.found}
    assert len(by_id) == len(audit.found), "an event is listed twice"
    for recording in scene.seed:
        entry = by_id.get(recording.event_id)
        assert entry is not None, f"the audit leaves out {recording.event_id}"
        assert (entry.position, entry.type) == (recording.position, recording.type), entry
        assert entry.recorded_at == recording.recorded_at.isoformat(), entry
    # What the seed did not append itself are the vetoes the ledger recorded with their votes.
    extra = {(p.event_id, p.type) for p in audit.found} - {(r.event_id, r.type) for r in scene.seed}
    assert extra and {kind for _, kind in extra} == {"VetoCast"}, extra


@then("every fact but the registrations of sources and actors names the source it came from")
def every_fact_names_its_source(audit: Audit) -> None:
    registered = {d["source_id"] for d in _seed_documents() if d["type"] == "SourceRegistered"}
    for p in audit.found:
        if p.type in ("SourceRegistered", "ActorRegistered"):
            assert p.source is None and p.quote is None and not p.checked, p
        else:
            assert p.source in registered, f"{p.event_id} cites {p.source!r}, which the seed does not register"


@then("every fact the seed takes from the article quotes it as the seed does, in words found in the article")
def article_quotes(audit: Audit) -> None:
    taken = [d for d in _seed_documents() if (d.get("source") or {}).get("document") == ARTICLE_ID]
    assert taken
    for document in taken:
        entry = _entry(audit, document["id"])
        assert (entry.source, entry.quote, entry.locator) == (
            ARTICLE_ID, document["source"]["quote"], document["source"].get("locator")), entry
    citing = [p for p in audit.found if p.source == ARTICLE_ID]
    assert len(citing) > len(taken), "the veto the ledger recorded from the vote does not cite the article"
    for p in citing:
        assert p.quote and quote_is_in(p.quote, ARTICLE), f"{p.event_id}: {p.quote!r} is not in the article"
        assert p.checked and not p.flagged and p.problem is None, p


@then("every fact the seed takes from a UN document whose text the ledger does not hold cites that document, unchecked")
def un_documents_unchecked(audit: Audit) -> None:
    documents = _seed_documents()
    textless = {d["source_id"] for d in documents if d["type"] == "SourceRegistered" and not d.get("text")}
    taken = [d for d in documents if (d.get("source") or {}).get("document") in textless]
    assert taken and ARTICLE_ID not in textless
    for document in taken:
        entry = _entry(audit, document["id"])
        assert (entry.source, entry.locator) == (document["source"]["document"], document["source"].get("locator"))
    for p in audit.found:
        if p.source in textless:
            assert not p.checked and not p.flagged, p


@then("nothing is flagged")
def nothing_flagged(audit: Audit) -> None:
    assert audit.found
    assert [p.event_id for p in audit.found if p.flagged] == []


@then(parsers.parse('the audit shows {fact} citing the article at "{locator}" in the words "{words}"'))
def shows_fact(lg: Ledger, audit: Audit, fact: str, locator: str, words: str) -> None:
    entry = _entry(audit, _fact_id(lg, fact))
    assert entry.source == ARTICLE_ID, entry
    assert entry.locator is not None and entry.locator.startswith(f"{locator} "), entry.locator
    assert entry.quote is not None and normalise(words) in normalise(entry.quote), entry.quote
    assert quote_is_in(entry.quote, ARTICLE) and entry.checked and not entry.flagged


@then("that statement, and only it, is flagged: its quote is not in the text of the article")
def only_the_forgery_flagged(lg: Ledger, audit: Audit) -> None:
    assert audit.forged is not None
    flagged = [p for p in audit.found if p.flagged]
    assert [p.event_id for p in flagged] == [audit.forged["id"]], [p.event_id for p in flagged]
    [entry] = flagged
    assert entry.position == lg.head() and entry.type == "StatementIssued"
    assert (entry.source, entry.quote) == (ARTICLE_ID, audit.forged["source"]["quote"])
    assert entry.checked, "the forged quote was not compared with the article"
    assert f"not in the text of source {ARTICLE_ID!r}" in (entry.problem or ""), entry.problem


@then("the audit still shows every other fact of the seed as it did before")
def the_rest_unchanged(audit: Audit) -> None:
    assert audit.forged is not None and audit.before
    rest = [p.to_dict() for p in audit.found if p.event_id != audit.forged["id"]]
    assert rest == [p.to_dict() for p in audit.before]


# -- provenance: the command -----------------------------------------------------------------

@when("I run the audit command")
def audit_command(lg: Ledger, audit: Audit) -> None:
    audit.command = _run(lg, "audit")


@then("the command succeeds")
def command_succeeds(audit: Audit) -> None:
    assert audit.command is not None
    assert audit.command.returncode == 0, audit.command.stdout[-2000:] + audit.command.stderr[-2000:]


@then(parsers.parse("the command fails with exit code {code:d}"))
def command_fails(audit: Audit, code: int) -> None:
    assert audit.command is not None
    assert audit.command.returncode == code, audit.command.stdout[-2000:] + audit.command.stderr[-2000:]
    assert "Traceback" not in audit.command.stderr


@then("it lists every fact the ledger holds, each with its place in the log")
def command_lists_every_fact(lg: Ledger, audit: Audit) -> None:
    count, last = _stored_rows(lg)
    headers = re.findall(r"^#(\d+) (\S+) \(", audit.command.stdout, flags=re.M)  # type: ignore[union-attr]
    assert len(headers) == count and [int(p) for p, _ in headers] == list(range(1, last + 1))
    for event_id in ("statement.nebenzia.2024-03-28", "vote.S/2024/255", "vote.S/2024/255/veto/RUS"):
        assert (str(_position(lg, event_id)), event_id) in headers, event_id


@then("it counts the quotes it checked against the article, and flags nothing")
def command_counts(lg: Ledger, audit: Audit) -> None:
    out = audit.command.stdout  # type: ignore[union-attr]
    # Every quote the seed takes from the article (and the veto counted from its vote) is checked: the
    # other sources are registered without their text.
    quoted = sum(1 for p in lg.audit() if p.source == ARTICLE_ID and p.quote and quote_is_in(p.quote, ARTICLE))
    assert quoted > 0
    assert f"{_stored_rows(lg)[0]} facts: {quoted} quotes checked against their source's text, 0 flagged" in out, out[-500:]
    assert "FLAGGED" not in out


@then("it flags one fact only: the forged statement, shown with its quote")
def command_flags_the_forgery(lg: Ledger, audit: Audit) -> None:
    assert audit.forged is not None
    out = audit.command.stdout  # type: ignore[union-attr]
    assert out.count("FLAGGED") == 1 and out.rstrip().endswith("1 flagged"), out[-500:]
    start = out.index(f"#{lg.head()} {audit.forged['id']} (StatementIssued")
    block = out[start:].split("\n#")[0]
    assert audit.forged["source"]["quote"] in block and "FLAGGED:" in block, block
    assert f"not in the text of source {ARTICLE_ID!r}" in block, block


# -- corrections -----------------------------------------------------------------------------

@given(parsers.parse('I note the time as "{label}"'))
@when(parsers.parse('I note the time as "{label}"'))
def note_the_time(lg: Ledger, audit: Audit, label: str) -> None:
    time.sleep(0.002)
    audit.moments[label] = datetime.now(UTC)
    last = max(p.recorded_at for p in lg.audit())
    assert datetime.fromisoformat(last) < audit.moments[label], "the noted time is not after everything recorded"
    time.sleep(0.002)


def _record_fix(lg: Ledger, audit: Audit, document: dict[str, Any]) -> None:
    recording = lg.append(document)
    assert not recording.repeated and recording.event_id == document["id"]
    assert all(recording.recorded_at > moment for moment in audit.moments.values())
    audit.fixes.append(recording)
    audit.reasons[recording.event_id] = document["reason"]
    audit.targets[recording.event_id] = document.get("corrects") or document["retracts"]


@when(parsers.parse("a correction citing the Council's record {record} changes the stance of {fact} "
                    'to "{stance}", because "{reason}"'))
def correct_stance(lg: Ledger, audit: Audit, record: str, fact: str, stance: str, reason: str) -> None:
    _record_fix(lg, audit, {"type": "FactCorrected", "id": f"fix.{len(audit.fixes) + 1}", "corrects": _fact_id(lg, fact),
                            "changes": {"stance": stance}, "reason": reason, "source": cite(record)})


@when(parsers.parse('a retraction citing the Council\'s record {record} withdraws {fact}, because "{reason}"'))
def retract(lg: Ledger, audit: Audit, record: str, fact: str, reason: str) -> None:
    _record_fix(lg, audit, {"type": "FactRetracted", "id": f"fix.{len(audit.fixes) + 1}", "retracts": _fact_id(lg, fact),
                            "reason": reason, "source": cite(record)})


@when(parsers.parse('I look at the ledger as of {day} as known "{label}"'))
def look_as_known(lg: Ledger, scene: Scene, audit: Audit, day: str, label: str) -> None:
    scene.view = lg.as_of(day, known_at=audit.moments[label])


@when(parsers.parse("I look at the ledger as of {day} as known a millionth of a second before the last fix was recorded"))
def look_just_before(lg: Ledger, scene: Scene, audit: Audit, day: str) -> None:
    scene.view = lg.as_of(day, known_at=audit.fixes[-1].recorded_at - timedelta(microseconds=1))


@then("the statement was corrected by these, in the order they were recorded, each at the moment the ledger gave it:")
def corrected_by_these(scene: Scene, audit: Audit, datatable: list[list[str]]) -> None:
    rows = datatable[1:]
    assert datatable[0] == ["stance", "reason"]
    fixes = [f for f in audit.fixes if audit.targets[f.event_id] == scene.fact.event_id][:len(rows)]
    assert len(fixes) == len(rows), f"only {len(fixes)} fixes of {scene.fact.event_id} were recorded"
    assert scene.fact.corrected_by == [f.event_id for f in fixes]
    assert scene.fact.corrections == [
        {"event_id": fix.event_id, "recorded_at": fix.recorded_at.isoformat(), "reason": reason,
         "changes": {"stance": stance}}
        for fix, (stance, reason) in zip(fixes, rows, strict=False)
    ]
    assert [audit.reasons[f.event_id] for f in fixes] == [reason for _, reason in rows]


@then("the statement shows no correction")
def no_correction(scene: Scene) -> None:
    assert scene.fact.corrected_by == [] and scene.fact.corrections == []


@then(parsers.parse("the audit still lists {fact} as first recorded, quoting the article, unflagged"))
def still_listed(lg: Ledger, scene: Scene, audit: Audit, fact: str) -> None:
    m = re.fullmatch(r"(.+)'s statement of (\S+)", fact)
    assert m, fact
    # Found by its speaker and day among what the ledger knew before any fix, not in today's view.
    [first] = [s for s in lg.as_of(m[2], known_at=audit.moments["before any correction"]).statements
               if s.speakers == ids(m[1]) and s.on == m[2]]
    entry = _entry(audit, first.event_id)
    recording = next(r for r in scene.seed if r.event_id == first.event_id)
    assert (entry.position, entry.recorded_at) == (recording.position, recording.recorded_at.isoformat())
    assert (entry.source, entry.quote, entry.locator) == (ARTICLE_ID, first.quote, first.locator)
    assert entry.checked and not entry.flagged and quote_is_in(entry.quote, ARTICLE)
    [stored] = [f for f in lg.facts() if f.event_id == first.event_id]
    assert stored.document["stance"] == first.stance, "the log no longer holds the statement as first recorded"
    scene.earlier = entry


@then(parsers.parse("the audit lists the last fix after it, citing {record}, at the moment it was recorded"))
def fix_listed_after(scene: Scene, audit: Audit, record: str) -> None:
    fix = audit.fixes[-1]
    entry = _entry(audit, fix.event_id)
    assert audit.targets[fix.event_id] == scene.earlier.event_id
    assert entry.type == fix.type and entry.position == fix.position > scene.earlier.position
    assert entry.recorded_at == fix.recorded_at.isoformat() > scene.earlier.recorded_at
    assert (entry.source, entry.quote) == (record, None)
    assert not entry.checked and not entry.flagged, "the record's text is not held: nothing to check, nothing wrong"


@then("the ledger's log keeps the retraction with the statement it names and its reason")
def log_keeps_retraction(lg: Ledger, scene: Scene, audit: Audit) -> None:
    fix = audit.fixes[-1]
    [stored] = [f for f in lg.facts() if f.event_id == fix.event_id]
    assert stored.type == "FactRetracted" and stored.recorded_at == fix.recorded_at
    assert stored.document["retracts"] == scene.earlier.event_id
    assert stored.document["reason"] == audit.reasons[fix.event_id]
    assert [f.event_id for f in lg.facts(known_at=fix.recorded_at - timedelta(microseconds=1))
            if f.event_id == fix.event_id] == []


# -- tamper evidence -------------------------------------------------------------------------

@given(parsers.parse('someone with the database password changes {fact} from "{old}" to "{new}", behind the ledger\'s back'))
@when(parsers.parse('someone with the database password changes {fact} from "{old}" to "{new}", behind the ledger\'s back'))
def edit_a_row(lg: Ledger, audit: Audit, fact: str, old: str, new: str) -> None:
    _, position = _place(lg, audit, fact)
    with lg.store.engine.connect() as connection:
        state = bytes(connection.execute(text("SELECT state FROM ledger_events WHERE id = :p"), {"p": position}).scalar_one())
    assert state.count(f'"{old}"'.encode()) == 1, f"the stored bytes at {position} do not hold {old!r} once"
    _sql(lg, "UPDATE ledger_events SET state = :s WHERE id = :p",
         s=state.replace(f'"{old}"'.encode(), f'"{new}"'.encode()), p=position)
    audit.tampered = fact


@given(parsers.parse("someone with the database password deletes {fact}, behind the ledger's back"))
def delete_a_row(lg: Ledger, audit: Audit, fact: str) -> None:
    _, position = _place(lg, audit, fact)
    count = _stored_rows(lg)[0]
    _sql(lg, "DELETE FROM ledger_events WHERE id = :p", p=position)
    assert _stored_rows(lg)[0] == count - 1
    audit.tampered = fact


@given(parsers.parse("someone with the database password swaps {first} and {second}, behind the ledger's back"))
def swap_rows(lg: Ledger, audit: Audit, first: str, second: str) -> None:
    (_, a), (_, b) = _place(lg, audit, first), _place(lg, audit, second)
    assert a < b, f"{first} is not recorded before {second}"
    _sql(lg, "UPDATE ledger_events SET id = -1 WHERE id = :a", a=a)
    _sql(lg, "UPDATE ledger_events SET id = :a WHERE id = :b", a=a, b=b)
    _sql(lg, "UPDATE ledger_events SET id = :b WHERE id = -1", b=b)
    audit.tampered = first


@given("I keep the ledger's digest")
def keep_digest(lg: Ledger, audit: Audit) -> None:
    audit.digest = lg.digest()
    assert audit.digest.position == lg.head() == _stored_rows(lg)[1]
    assert str(audit.digest) == f"{audit.digest.position}:{audit.digest.link}" and HEX64.fullmatch(audit.digest.link)


@when(parsers.parse("{speaker}'s statement of {day} regretting the veto, citing the Council's record {record}, is appended"))
def append_statement(lg: Ledger, speaker: str, day: str, record: str) -> None:
    recording = lg.append({"type": "StatementIssued", "id": f"statement.{one_id(speaker).lower()}.{day}.regrets",
                           "occurred_on": day, "source": cite(record), "speakers": ids(speaker), "stance": "regrets",
                           "about": ["S/2024/255", "RUS"]})
    assert not recording.repeated and recording.position == lg.head()


@when("I verify the ledger")
def verify(lg: Ledger, audit: Audit) -> None:
    audit.verification = lg.verify()


@when("I verify the ledger against the digest I kept")
def verify_against_digest(lg: Ledger, audit: Audit) -> None:
    assert audit.digest is not None
    audit.verification = lg.verify(str(audit.digest))


@then("the ledger verifies, having checked every event the database holds, up to the last")
def verifies(lg: Ledger, audit: Audit) -> None:
    result = audit.verification
    assert result is not None and result.ok and result.broken is None, result
    count, last = _stored_rows(lg)
    assert result.checked == count and result.head.position == last == lg.head()
    assert result.head == lg.digest() and HEX64.fullmatch(result.head.link)


@then("the ledger verifies, and its log still extends the digest I kept")
def verifies_and_extends(lg: Ledger, audit: Audit) -> None:
    result, kept = audit.verification, audit.digest
    assert result is not None and kept is not None
    assert result.ok and result.broken is None and result.extends is True, result
    assert result.against == kept and result.head.position == lg.head() > kept.position
    assert result.head.link != kept.link and result.checked == _stored_rows(lg)[0]


@then(parsers.parse("the verify command succeeds, saying how many events it verified and giving the head of the chain"))
def verify_command_succeeds(lg: Ledger, audit: Audit) -> None:
    command = _run(lg, "verify")
    assert command.returncode == 0, command.stdout + command.stderr
    assert f"verified {_stored_rows(lg)[0]} events; head {lg.digest()}" in command.stdout, command.stdout


@then("the verify command, given the digest I kept, succeeds and says the log extends it")
def verify_command_extends(lg: Ledger, audit: Audit) -> None:
    command = _run(lg, "verify", "--digest", str(audit.digest))
    assert command.returncode == 0, command.stdout + command.stderr
    assert f"extends digest {audit.digest}" in command.stdout, command.stdout


@then(parsers.re(r"the verification finds (?P<fact>.+) (?P<kind>edited|deleted|reordered), at its place in the log"))
def finds_at_place(audit: Audit, fact: str, kind: str) -> None:
    result = audit.verification
    assert result is not None and not result.ok
    assert audit.tampered == fact and fact in audit.places, f"{fact!r} was not the one tampered with"
    _, position = audit.places[fact]
    assert result.broken is not None, result
    assert (result.broken.position, result.broken.kind) == (position, kind), result.broken
    assert f"position {position}" in result.broken.reason, result.broken.reason


@then(parsers.parse("it says that what stands there now was recorded at the place of {other}"))
def recorded_elsewhere(audit: Audit, other: str) -> None:
    _, position = audit.places[other]
    assert f"recorded at position {position}" in audit.verification.broken.reason  # type: ignore[union-attr]


@then("every event before it checks out")
def before_checks_out(audit: Audit) -> None:
    result = audit.verification
    _, position = audit.places[audit.tampered]  # type: ignore[index]
    assert result is not None and result.checked == position - 1
    assert result.head.position == position - 1


@then(parsers.re(r"the verify command(?P<with_digest>, given the digest I kept,)? fails, naming that place in the log "
                 r"as (?P<kind>edited|deleted|reordered)"))
def verify_command_fails(lg: Ledger, audit: Audit, with_digest: str | None, kind: str) -> None:
    args = ["--digest", str(audit.digest)] if with_digest else []
    command = _run(lg, "verify", *args)
    _, position = audit.places[audit.tampered]  # type: ignore[index]
    assert command.returncode == 1, command.stdout + command.stderr
    assert f"the log was altered at position {position} ({kind})" in command.stdout, command.stdout
    assert f"{position - 1} events before it check out" in command.stdout, command.stdout
