"""Tampering, tried on the scratch copy only: what someone with the database password could do behind the
ledger's back (edit, delete or swap stored events with plain SQL, or store a fact past the rules), so that
an auditor can see the audit and the hash chain catch it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from ledger.documents import fingerprint
from ledger.domain.quotes import quote_is_in
from ledger.domain.streams import open_stream, stream_id
from ledger.scenarios.expect import check
from ledger.scenarios.names import event_id
from ledger.scenarios.scene import Scene
from ledger.scenarios.timeline import article_text
from ledger.scenarios.vocabulary import step
from ledger.scenarios.whatifs import forged_statement
from ledger.service.application import Ledger


def stored_rows(lg: Ledger) -> tuple[int, int]:
    """How many events the database holds, and the last position, counted with plain SQL."""
    with lg.store.engine.connect() as connection:
        count, last = connection.execute(text("SELECT COUNT(*), MAX(id) FROM ledger_events")).one()
    return int(count), int(last or 0)


def place(scene: Scene, fact: str) -> tuple[str, int]:
    """A fact's id and its position in the log, noted before anyone touches the database."""
    if fact not in scene.places:
        event = event_id(scene.ledger, fact)
        [entry] = [p for p in scene.ledger.audit() if p.event_id == event]
        scene.places[fact] = (event, int(entry.position or 0))
    return scene.places[fact]


def _sql(scene: Scene, statement: str, **values: object) -> None:
    with scene.writable("tamper with the database").store.engine.begin() as connection:  # behind its back, on purpose
        connection.execute(text(statement), values)


def _forge(scene: Scene, document: dict[str, Any]) -> None:
    """Store a document as older or buggy code might have: straight into the event store, unchecked."""
    lg = scene.writable("store a fact past the rules")
    check(not quote_is_in(document["source"]["quote"], article_text(scene)[1]), "a quote that is not in the article",
          "it there after all")
    scene.before = lg.audit()
    head = lg.head()
    stream = open_stream(document, 1, datetime.now(UTC))
    entry = {"event_id": document["id"], "stream_id": stream_id("fact", document["id"]), "version": stream.version,
             "type": document["type"], "fingerprint": fingerprint(document), "recorded_at": datetime.now(UTC),
             "regime_id": None}
    lg.store.save_batch([stream], [entry])
    scene.forged = document
    check(lg.head() == head + 1, "the forged statement stored", "it not stored")


@step("when", "someone stores that statement anyway, straight into the database, past the ledger's rules",
      "someone stores that statement anyway, straight into the database, past the ledger's rules")
def store_it_anyway(scene: Scene) -> None:
    if scene.forged is None:
        raise AssertionError("no statement was tried in this scenario")
    _forge(scene, scene.forged)


@step("given", "someone has stored, straight into the database and past the ledger's rules, a statement by {speakers} "
      'of {on:date}, condemning the veto, that quotes the article as saying "{quote:text}"',
      "someone has stored, straight into the database and past the ledger's rules, a statement by France of 2024-03-28, "
      'condemning the veto, that quotes the article as saying "France walked out."')
def stored_a_forgery(scene: Scene, speakers: str, on: str, quote: str) -> None:
    _forge(scene, forged_statement(scene, speakers, on, quote))


@step(("given", "when"), 'someone with the database password changes {fact} from "{old:text}" to "{new:text}", behind the ledger\'s back',
      "someone with the database password changes Vasily Nebenzia's statement of 2024-03-28 from \"justifies\" to "
      "\"condemns\", behind the ledger's back")
def edit_a_row(scene: Scene, fact: str, old: str, new: str) -> None:
    _, position = place(scene, fact)
    with scene.writable("tamper with the database").store.engine.connect() as connection:
        state = bytes(connection.execute(text("SELECT state FROM ledger_events WHERE id = :p"), {"p": position}).scalar_one())
    check(state.count(f'"{old}"'.encode()) == 1, f"the stored bytes at {position} to hold {old!r} once", "them otherwise")
    _sql(scene, "UPDATE ledger_events SET state = :s WHERE id = :p",
         s=state.replace(f'"{old}"'.encode(), f'"{new}"'.encode()), p=position)
    scene.tampered = fact


@step("given", "someone with the database password deletes {fact}, behind the ledger's back",
      "someone with the database password deletes Matthew Miller's statement of 2024-03-28, behind the ledger's back")
def delete_a_row(scene: Scene, fact: str) -> None:
    _, position = place(scene, fact)
    count = stored_rows(scene.writable("tamper with the database"))[0]
    _sql(scene, "DELETE FROM ledger_events WHERE id = :p", p=position)
    check(stored_rows(scene.ledger)[0] == count - 1, "one event fewer in the database", "as many as before")
    scene.tampered = fact


@step("given", "someone with the database password swaps {first} and {second}, behind the ledger's back",
      "someone with the database password swaps Vasily Nebenzia's statement of 2024-03-28 and Matthew Miller's "
      "statement of 2024-03-28, behind the ledger's back")
def swap_rows(scene: Scene, first: str, second: str) -> None:
    (_, a), (_, b) = place(scene, first), place(scene, second)
    check(a < b, f"{first} recorded before {second}", f"it at {a}, the other at {b}")
    _sql(scene, "UPDATE ledger_events SET id = -1 WHERE id = :a", a=a)
    _sql(scene, "UPDATE ledger_events SET id = :a WHERE id = :b", a=a, b=b)
    _sql(scene, "UPDATE ledger_events SET id = :b WHERE id = -1", b=b)
    scene.tampered = first
