"""The catalogue of event types: every type a user may append has one entry, and every per-type table
of the ledger is read off it, so a type cannot be known in one place and missing in another."""

from __future__ import annotations

import pytest

from ledger.documents import SCHEMAS
from ledger.documents.examples import EXAMPLES
from ledger.domain.catalogue import CATALOGUE, FIXES, OPENERS, REGISTRATIONS, STREAM_KEYS, describe
from ledger.domain.streams import CLASS_OF, JOINS, KIND_OF, OPENS, Stream
from ledger.domain.world import CHANGES, CHECKS


def test_the_catalogue_and_the_schemas_name_the_same_types() -> None:
    appended = {name for name, t in CATALOGUE.items() if not t.by_ledger}
    assert appended == set(SCHEMAS)


def test_every_type_lives_in_a_stream_it_opens_or_joins_or_fixes_another_fact() -> None:
    for name, t in CATALOGUE.items():
        placed = [name in OPENS, name in JOINS, name in FIXES, t.by_ledger]
        assert placed.count(True) == 1, name


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_type_has_its_event_class_on_its_stream(name: str) -> None:
    t = CATALOGUE[name]
    owner = CLASS_OF[t.stream] if t.stream in CLASS_OF and name not in FIXES and not t.by_ledger else Stream
    event_class = getattr(owner, name)
    expected = Stream.Opened if name in OPENERS else Stream.Recorded
    assert issubclass(event_class, expected)


def test_stream_ids_keep_their_namespaces() -> None:
    """A stream's id is uuid5 of its kind and key: the names are stored in every ledger and never change."""
    assert {KIND_OF[cls] for cls in CLASS_OF.values()} == {"source", "actor", "regime", "panel", "draft", "fact"}


def test_every_example_of_every_type_is_told_in_words() -> None:
    for document in EXAMPLES:
        assert describe(document).strip()
    assert set(STREAM_KEYS) >= {"VetoCast", "ReportReleased"} and STREAM_KEYS["ReportReleased"] == "author"
    assert set(REGISTRATIONS) == {"SourceRegistered", "ActorRegistered"}


def test_rules_and_changes_name_catalogued_types() -> None:
    assert set(CHECKS) | set(CHANGES) <= set(CATALOGUE)
