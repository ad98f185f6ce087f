"""The questions asked of a ledger through the Python API: a bad day or moment names the argument, a range
the wrong way round is refused, and the ledger says when its facts were recorded and what days they span."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ledger import InvalidArgument, Ledger, LedgerError


@pytest.mark.parametrize(
    ("ask", "named"),
    [
        (lambda lg: lg.as_of("2024-13-01"), "as_of: '2024-13-01' is not a day (YYYY-MM-DD): there is no month 13"),
        (lambda lg: lg.as_of("2024-03"), "as_of: '2024-03' is a month, not a day (YYYY-MM-DD)"),
        (lambda lg: lg.replay("2024-03-28", known_at="yesterday"), "known_at: 'yesterday' is not a moment"),
        (lambda lg: list(lg.facts(known_at="soon")), "known_at: 'soon' is not a moment"),
        (lambda lg: lg.timeline("2024-13"), "since: '2024-13' is not a month (YYYY-MM): there is no month 13"),
        (lambda lg: lg.timeline(None, "2024-02-30"), "until: '2024-02-30' is not a day (YYYY-MM-DD): February 2024 has 29 days"),
        (lambda lg: lg.timeline("2024-04", "2024-03"), "since: 2024-04-01 is after until 2024-03-31"),
    ],
)
def test_a_question_the_ledger_cannot_read_names_its_argument(seeded: Ledger, ask, named: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgument) as refused:
        ask(seeded)
    assert str(refused.value).startswith(named)
    assert isinstance(refused.value, LedgerError) and refused.value.kind == "invalid argument"


def test_a_timeline_runs_from_the_first_day_of_its_first_period_to_the_last_of_its_last(seeded: Ledger) -> None:
    march = seeded.timeline("2024-03", "2024-03")
    assert march == seeded.timeline("2024-03-01", "2024-03-31") == seeded.timeline(date(2024, 3, 1), date(2024, 3, 31))
    assert march and all(date(2024, 3, 1) <= row.on <= date(2024, 3, 31) for row in march)
    assert {row.on for row in seeded.timeline("2024", "2024")} >= {row.on for row in march}
    assert seeded.timeline("2024-03-28", "2024-03-28") and seeded.timeline("2024-03-28", "2024-03-28") == [
        row for row in march if row.on == "2024-03-28"]


def test_a_day_as_known_at_means_the_end_of_that_day(seeded: Ledger) -> None:
    first, last = seeded.recorded_range()  # type: ignore[misc]
    that_day = last.date()
    by_then = seeded.as_of("2024-05-01", known_at=that_day.isoformat()).to_dict()
    assert {**by_then, "known_at": None} == seeded.as_of("2024-05-01").to_dict()
    assert seeded.as_of("2024-05-01", known_at=(first.date() - timedelta(days=1)).isoformat()).panels == []
    assert seeded.as_of("2024-05-01", known_at=that_day).known_at == datetime.combine(
        that_day, datetime.max.time(), tzinfo=UTC)


def test_the_ledger_says_when_its_facts_were_recorded(ledger: Ledger) -> None:
    assert ledger.recorded_range() is None
    started = datetime.now(UTC)
    ledger.append({"type": "SourceRegistered", "id": "s", "source_id": "s", "title": "t", "published_on": "2024-03-01"})
    middle = datetime.now(UTC)
    ledger.append({"type": "StatementIssued", "id": "st", "occurred_on": "2024-02", "source": {"document": "s"},
                   "speakers": ["USA"], "stance": "warns"})
    first, last = ledger.recorded_range()  # type: ignore[misc]
    assert started <= first <= middle <= last <= datetime.now(UTC)
    assert first.tzinfo is UTC and last.tzinfo is UTC  # alike on every database: PostgreSQL would give Etc/UTC


def test_a_view_says_what_days_its_facts_span_alike_from_the_read_models_and_the_log(seeded: Ledger) -> None:
    days = {row.on for row in seeded.timeline()}
    expected = (min(days), max(days))
    assert seeded.as_of(date.max).day_range() == seeded.replay(date.max).day_range() == expected
    assert seeded.as_of("1990-01-01").day_range() is None and seeded.replay("1990-01-01").day_range() is None
    assert seeded.as_of("2024-05-01", known_at="2000-01-01T00:00:00Z").day_range() is None
    assert seeded.as_of("2009-06-12").day_range() == seeded.replay("2009-06-12").day_range()


def test_a_digest_that_cannot_be_read_is_an_invalid_argument(seeded: Ledger) -> None:
    with pytest.raises(InvalidArgument) as caught:
        seeded.verify("not-a-digest")
    assert caught.value.field == "digest" and "POSITION:SHA256" in caught.value.reason
