"""The two moments a diff compares, read from what the caller gave: two days as known at one moment (or at
two), or one day as known at two moments. The comparison itself is `ledger.views.diff`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from ledger.domain.facts import Fact
from ledger.errors import InvalidArgument, LedgerError
from ledger.service import arguments
from ledger.service.appending import log_rejection
from ledger.views.diff import Diff, diff, with_fixes, withdrawn_or_corrected

if TYPE_CHECKING:
    from ledger.service.application import Ledger

Moment = datetime | date | str | None
Day = date | str | None
Point = tuple[date, datetime | None]


def compare(ledger: Ledger, first: date | str | None, second: date | str | None, as_of: date | str | None,
            known_at: Moment | Sequence[Moment]) -> Diff:
    try:
        before, after = points(first, second, as_of, known_at)
    except LedgerError as e:
        log_rejection(e)
        raise
    found = diff(ledger.as_of(*before), ledger.as_of(*after))
    return with_fixes(found, _fixes_of(ledger, withdrawn_or_corrected(found)))


def _fixes_of(ledger: Ledger, event_ids: list[str]) -> list[Fact]:
    """The fixes stored beside some facts (in their streams), and those facts' corrections themselves."""
    if not event_ids:
        return []
    store = ledger.store
    streams = sorted({entry.stream_id for entry in store.lookup(event_ids).values()})
    return [f for facts in store.stream_facts(streams, upto=ledger.head()).values() for f in facts if f.is_fix]


def points(first: date | str | None, second: date | str | None, as_of: date | str | None,
           known_at: Moment | Sequence[Moment]) -> tuple[Point, Point]:
    """The (day, moment of knowledge) of each side; refused if they are missing or the wrong way round."""
    pair = known_at if isinstance(known_at, (list, tuple)) else None
    if as_of is not None:
        if first is not None or second is not None:
            raise InvalidArgument("give two days to compare, or one day (as_of) known at two moments, not both",
                                  field="as_of")
        if pair is None:
            raise InvalidArgument("with one day, give two moments to compare: known_at=(T1, T2)", field="known_at")
        first = second = as_of
    elif first is None or second is None:
        raise InvalidArgument("give two days to compare (or one day, as_of, known at two moments)", field="first")
    if pair is not None and len(pair) != 2:
        raise InvalidArgument(f"give two moments to compare, not {len(pair)}", field="known_at")
    days = arguments.asked_day(first, "as_of" if as_of else "first"), arguments.asked_day(second, "as_of" if as_of else "second")
    if pair is not None:
        moments = arguments.asked_moment(pair[0]), arguments.asked_moment(pair[1])
    else:
        moments = (arguments.asked_moment(cast(Moment, known_at)),) * 2
    if days[0] > days[1]:
        raise InvalidArgument(f"{days[0]} is after {days[1]}: give the earlier day first", field="first")
    if moments[1] is not None and (moments[0] is None or moments[0] > moments[1]):
        said = moments[0].isoformat() if moments[0] else "now (no moment)"
        raise InvalidArgument(f"known_at {said} is after {moments[1].isoformat()}: give the earlier moment first",
                              field="known_at")
    return (days[0], moments[0]), (days[1], moments[1])
