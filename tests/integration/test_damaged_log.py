"""A log edited by hand past reading: every read of its events raises the ledger's own error, `DamagedLog`,
naming the position (and the fact, where it can be told) and pointing to `ledger verify`.

Each edit is plain SQL on the event table, as someone with the database password would do it, on SQLite
and PostgreSQL; the ledger is asked through its public API, and the command line as a user runs it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from ledger import DamagedLog, Ledger, LedgerError
from ledger.service.exports import ledger_rows
from tests.integration.test_tamper import position_of, sql

NEBENZIA = "statement.nebenzia.2024-03-28"
DAY = "2024-05-01"

# Each edit: the bytes replaced in Nebenzia's stored statement, what the error says, and the type of the error
# beneath it (None: the ledger found the damage itself, nothing was raised beneath).
EDITS = {
    "an event renamed inside valid JSON": (b'"fact":', b'"deed":', "'fact'", AttributeError),
    "a type renamed": (b'"type":"StatementIssued"', b'"type":"StatementMade"', "'StatementMade'", None),
    "the id missing": (b'"id":"statement.nebenzia', b'"ident":"statement.nebenzia', "no 'id'", None),
    "a required field missing": (b'"speakers":', b'"speakerz":', "no 'speakers'", None),
    "a day past reading": (b'"occurred_on":"2024-03-28"', b'"occurred_on":"2024-03-38"', "occurred_on", ValueError),
    "bytes that are not JSON": (b'{"timestamp"', b'{"timestamp"{', "its stored bytes do not decode: JSONDecodeError", ValueError),
}

READS: dict[str, Callable[[Ledger], Any]] = {
    "audit": Ledger.audit,
    "history": lambda lg: lg.history(NEBENZIA),
    "replay": lambda lg: lg.replay(DAY),
    "facts": lambda lg: list(lg.facts()),
    "export": lambda lg: list(ledger_rows(lg)),
    "rebuild": Ledger.rebuild,
}


def edit(lg: Ledger, event_id: str, old: bytes, new: bytes) -> int:
    """Replace some bytes of an event's stored state, behind the ledger's back; its position."""
    position = position_of(lg, event_id)
    with lg.store.engine.connect() as connection:
        state = bytes(connection.execute(text("SELECT state FROM ledger_events WHERE id = :p"), {"p": position}).scalar_one())
    assert old in state, state[:200]
    sql(lg, "UPDATE ledger_events SET state = :s WHERE id = :p", s=state.replace(old, new, 1), p=position)
    return position


@pytest.mark.parametrize("damage", EDITS)
def test_every_read_of_an_event_edited_past_reading_is_a_damaged_log_naming_its_position(
        seeded: Ledger, damage: str) -> None:
    old, new, said, beneath = EDITS[damage]
    position = edit(seeded, NEBENZIA, old, new)
    for name, read in READS.items():
        with pytest.raises(DamagedLog) as raised:
            read(seeded)
        error = raised.value
        assert isinstance(error, LedgerError) and error.kind == "damaged log", name
        assert (error.position, error.event_id) == (position, NEBENZIA), name
        message = str(error)
        assert f"position {position}" in message and repr(NEBENZIA) in message and said in message, (name, message)
        assert "`ledger verify` names what changed" in message and "\n" not in message, name
        if beneath is None:
            assert error.__cause__ is None, name
        else:
            assert isinstance(error.__cause__, beneath), (name, error.__cause__)


def test_an_edit_that_stored_the_state_as_text_is_read_and_named_as_any_other(seeded: Ledger, ledger_url: str) -> None:
    """SQLite's replace() on the BLOB stores TEXT: what the edit changed is still what the error names."""
    if not ledger_url.startswith("sqlite"):
        pytest.skip("SQLite's replace() turns a BLOB into TEXT; PostgreSQL's bytea stays bytes")
    position = position_of(seeded, NEBENZIA)
    sql(seeded, "UPDATE ledger_events SET state = replace(state, 'speakers', 'spekers') WHERE id = :p", p=position)
    for read in READS.values():
        with pytest.raises(DamagedLog, match="its StatementIssued has no 'speakers'") as raised:
            read(seeded)
        assert raised.value.position == position
    established = position_of(seeded, "panel.dprk.established")
    sql(seeded, """UPDATE ledger_events SET state = replace(state, '"name":', '"nome":') WHERE id = :p""", p=established)
    with pytest.raises(DamagedLog, match="its PanelEstablished has no 'name'"):  # an append that reads its stream
        seeded.append({"type": "PanelMandateExtended", "id": "panel.dprk.extended.later", "occurred_on": "2024-04-01",
                       "panel_id": "dprk-panel", "resolution": "9999 (2024)", "mandate_ends_on": "2025-04-30",
                       "source": {"document": "S/PV.9591"}})


def test_a_damaged_event_the_fact_index_no_longer_names_is_named_by_its_position_alone(seeded: Ledger) -> None:
    position = edit(seeded, NEBENZIA, b'"fact":', b'"deed":')
    sql(seeded, "DELETE FROM ledger_facts WHERE position = :p", p=position)
    with pytest.raises(DamagedLog) as raised:
        seeded.audit()
    assert raised.value.position == position and raised.value.event_id is None
    assert str(raised.value).startswith(f"the event at position {position} cannot be read")


def test_an_append_that_reads_a_damaged_stream_is_refused_with_it(seeded: Ledger) -> None:
    """Checking a document reads the streams it names: a damaged one is said as a damaged log, nothing stored."""
    position = edit(seeded, "panel.dprk.established", b'"fact":', b'"deed":')
    head = seeded.head()
    extension = {"type": "PanelMandateExtended", "id": "panel.dprk.extended.later", "occurred_on": "2024-04-01",
                 "panel_id": "dprk-panel", "resolution": "9999 (2024)", "mandate_ends_on": "2025-04-30",
                 "source": {"document": "S/PV.9591"}}
    with pytest.raises(DamagedLog) as raised:
        seeded.append(extension)
    assert raised.value.position == position and raised.value.event_id == "panel.dprk.established"
    assert seeded.head() == head


def test_the_command_line_says_a_damaged_log_in_one_line_and_verify_names_the_edit(
        seeded: Ledger, ledger_url: str) -> None:
    position = edit(seeded, NEBENZIA, b'"fact":', b'"deed":')
    for command in (["audit"], ["history", NEBENZIA], ["export"]):
        ran = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, *command],
                             capture_output=True, text=True, timeout=120)
        assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
        [line] = ran.stderr.splitlines()
        assert line.startswith(f"ledger: damaged log: the event at position {position} ({NEBENZIA!r}"), line
        assert "`ledger verify` names what changed" in line
    verified = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, "verify"],
                              capture_output=True, text=True, timeout=120)
    assert verified.returncode == 1 and f"altered at position {position} (edited)" in verified.stderr


@pytest.mark.parametrize("damage", ["an event renamed inside valid JSON", "a required field missing"])
def test_verify_names_an_event_edited_past_reading_whose_chain_was_rewritten_after_it(
        seeded: Ledger, ledger_url: str, damage: str) -> None:
    """The chain vouches for the edited bytes (every link after them recomputed): `verify` still names the event,
    as an alteration (exit 1), where it said a damaged log that pointed to itself."""
    from ledger.storage.chain import GENESIS, links_for

    old, new, said, _ = EDITS[damage]
    position = edit(seeded, NEBENZIA, old, new)
    events = list(seeded.store.every_stored())
    sql(seeded, "DELETE FROM ledger_chain")
    for row in links_for(GENESIS, events):
        sql(seeded, "INSERT INTO ledger_chain (position, content, link) VALUES (:position, :content, :link)", **row)
    assert seeded.verify(log_only=True).ok  # the chain alone is consistent with itself

    result = seeded.verify()
    assert not result.ok and result.broken is not None
    assert (result.broken.position, result.broken.kind) == (position, "unreadable")
    assert NEBENZIA in result.broken.reason and said in result.broken.reason
    assert result.checked == len([e for e in events if e.position < position])
    ran = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, "verify"],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 1, ran.stderr
    [line] = ran.stderr.splitlines()
    assert line.startswith(f"ledger: verify: the log was altered at position {position} (unreadable): {NEBENZIA} ")
    assert "`ledger verify`" not in line
