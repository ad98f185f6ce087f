"""The hash chain's edges: a log cut short, a digest it never reached, and every column of a stored event.

Each tamper is plain SQL through an engine of the test's own, as someone with the database password
would do it; the ledger is asked through its public API (`verify`, `digest`, `facts`) and the CLI.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from ledger import Ledger, LogCutShort
from ledger.storage.chain import GENESIS, Digest
from tests.integration.test_tamper import position_of, verify_command

NEBENZIA = "statement.nebenzia.2024-03-28"
LATER = {"type": "StatementIssued", "occurred_on": "2024-03-28", "speakers": ["FRA"], "stance": "regrets",
         "source": {"document": "S/PV.9591"}}


@pytest.fixture
def database(ledger_url: str) -> Iterator[Engine]:
    """The ledger's database, reached behind its back."""
    engine = create_engine(ledger_url)
    yield engine
    engine.dispose()


def sql(engine: Engine, statement: str, **values: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), values)


def append_later(lg: Ledger, count: int) -> None:
    lg.append_many([{**LATER, "id": f"later.{i}"} for i in range(count)])


# -- a log cut short ----------------------------------------------------------------------------

def test_a_log_cut_short_with_its_links_no_longer_extends_the_digest_taken_before(
        seeded: Ledger, database: Engine, ledger_url: str) -> None:
    """Events and their links deleted from the end: the chain that is left is whole, the digest is not reached."""
    append_later(seeded, 3)
    kept = seeded.digest()
    cut = kept.position - 2
    sql(database, "DELETE FROM ledger_events WHERE id > :p", p=cut)
    sql(database, "DELETE FROM ledger_chain WHERE position > :p", p=cut)

    result = seeded.verify(log_only=True)
    assert result.ok and result.checked == cut and result.head.position == cut  # consistent with itself
    # The read models still hold what the cut events derived, and say they were projected past the log's end.
    derived = seeded.verify().derived
    assert derived is not None and not derived.ok
    assert any(d.table == "rm_generations" and f"the log ends at position {cut}" in d.what for d in derived.differences)
    against = seeded.verify(kept)
    assert (against.ok, against.extends, against.broken) == (False, False, None)
    assert against.head.position == cut and against.against == kept
    command = verify_command(ledger_url, "--digest", str(kept))
    assert command.returncode == 1, command.stdout + command.stderr
    assert f"does not extend digest {kept}" in command.stderr and f"its head is now {cut}:" in command.stderr


def test_a_log_cut_short_then_appended_to_past_the_digest_does_not_extend_it(
        seeded: Ledger, database: Engine, ledger_url: str) -> None:
    """Cut below the digest's position, then grown again past it: the log is longer than the digest, yet the
    event the digest ended with is gone (its position skipped, or reused by SQLite for another event). Appends
    to the log cut short are refused while the read models have seen more of it; a rebuild to the log as it
    stands lets them go on."""
    kept = seeded.digest()
    sql(database, "DELETE FROM ledger_events WHERE id > :p", p=kept.position - 3)
    sql(database, "DELETE FROM ledger_chain WHERE position > :p", p=kept.position - 3)
    with pytest.raises(LogCutShort):
        append_later(seeded, 5)
    seeded.rebuild()
    append_later(seeded, 5)
    assert seeded.head() > kept.position

    assert seeded.verify(log_only=True).ok
    assert not seeded.verify().ok  # the fact index still holds the rows of the events cut
    result = seeded.verify(kept)
    assert not result.ok and result.extends is False
    command = verify_command(ledger_url, "--digest", str(kept))
    assert command.returncode == 1 and "does not extend digest" in command.stderr


def test_events_deleted_from_the_end_behind_their_links_are_found_at_the_first(
        seeded: Ledger, database: Engine, ledger_url: str) -> None:
    append_later(seeded, 3)
    kept = seeded.digest()
    sql(database, "DELETE FROM ledger_events WHERE id > :p", p=kept.position - 2)

    result = seeded.verify(kept)
    assert result.broken is not None and (result.broken.position, result.broken.kind) == (kept.position - 1, "deleted")
    assert not result.ok and result.extends is not True
    command = verify_command(ledger_url, "--digest", str(kept))
    assert command.returncode == 1 and f"altered at position {kept.position - 1} (deleted)" in command.stderr


def test_a_digest_beyond_the_head_is_not_extended(seeded: Ledger, ledger_url: str) -> None:
    """A digest the log never reached (from another ledger, or made up) is not extended."""
    head = seeded.digest()
    for beyond in (Digest(head.position + 1, head.link), Digest(head.position + 1000, "f" * 64)):
        result = seeded.verify(beyond)
        assert (result.ok, result.extends) == (False, False), beyond
    command = verify_command(ledger_url, "--digest", f"{head.position + 1}:{head.link}")
    assert command.returncode == 1 and "does not extend digest" in command.stderr


def test_the_digest_of_the_head_itself_is_extended_and_a_wrong_link_at_it_is_not(seeded: Ledger) -> None:
    head = seeded.digest()
    assert seeded.verify(head).extends is True and seeded.verify(str(head)).ok
    other = Digest(head.position, ("0" if head.link[0] != "0" else "1") + head.link[1:])
    result = seeded.verify(other)
    assert (result.ok, result.extends) == (False, False)
    earlier = seeded.verify(Digest(head.position - 1, head.link))  # the right link at the wrong position
    assert (earlier.ok, earlier.extends) == (False, False)


def test_every_log_extends_the_digest_of_an_empty_ledger(ledger: Ledger, ledger_url: str) -> None:
    empty = ledger.digest()
    assert empty == Digest(0, GENESIS)
    assert ledger.verify(empty).ok
    registration = {"type": "SourceRegistered", "id": "src", "source_id": "S/PV.9591",
                                 "title": "Record", "published_on": "2024-03-28"}
    ledger.append(registration)
    result = ledger.verify(empty)
    assert result.ok and result.extends is True
    assert not ledger.verify(Digest(0, "1" * 64)).ok  # position 0 has one link only
    command = verify_command(ledger_url, "--digest", str(empty))
    assert command.returncode == 0 and f"extends digest {empty}" in command.stdout


# -- every column of a stored event is covered ----------------------------------------------------

def test_an_edited_version_is_found_at_its_position(seeded: Ledger, database: Engine, ledger_url: str) -> None:
    position = position_of(seeded, NEBENZIA)
    sql(database, "UPDATE ledger_events SET originator_version = originator_version + 100 WHERE id = :p", p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "edited")
    command = verify_command(ledger_url)
    assert command.returncode == 1 and f"altered at position {position} (edited)" in command.stderr


def test_an_edited_topic_is_found_at_its_position(seeded: Ledger, database: Engine) -> None:
    """The same bytes read as another type of event (a statement turned into a meeting) is an edit."""
    position = position_of(seeded, NEBENZIA)
    sql(database, "UPDATE ledger_events SET topic = 'ledger.domain.streams:Record.MeetingHeld' WHERE id = :p",
        p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "edited")


def test_an_event_moved_to_another_stream_is_found_at_its_position(seeded: Ledger, database: Engine) -> None:
    position = position_of(seeded, NEBENZIA)
    other = uuid.uuid4()
    sql(database, "UPDATE ledger_events SET originator_id = :o WHERE id = :p",
        o=other.bytes if database.dialect.name == "sqlite" else other, p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "edited")


def test_an_event_moved_to_a_free_position_is_found_where_it_was(seeded: Ledger, database: Engine) -> None:
    position, head = position_of(seeded, NEBENZIA), seeded.head()
    sql(database, "UPDATE ledger_events SET id = :new WHERE id = :p", new=head + 10, p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "deleted")


def test_the_last_event_moved_one_place_on_is_found(seeded: Ledger, database: Engine) -> None:
    head = seeded.head()
    sql(database, "UPDATE ledger_events SET id = :new WHERE id = :p", new=head + 1, p=head)

    broken = seeded.verify().broken
    assert broken is not None and broken.position == head and broken.kind == "deleted"
