"""Why a read found nothing: the ledger holds no facts yet, the moment asked comes before its first
recording, or the facts held (as known at that moment) cover other days.

The ledger is read once, here, for every answer that can come back empty: the command line says the
finding in its words (`Unrecorded.said`), the report's page in its own (`Unrecorded.on_page`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ledger.service.application import Ledger


@dataclass(frozen=True)
class Unrecorded:
    """What the ledger held as known at a moment, read to say why an answer about it is empty."""

    known_at: datetime | None
    recorded: tuple[datetime, datetime] | None  # its first recording and its last; None: no facts yet
    days: tuple[date, date] | None  # the days the facts known at the moment run over; None: none, or not read

    @property
    def too_early(self) -> bool:
        """The moment asked comes before the first recording."""
        return self.recorded is not None and self.known_at is not None and self.known_at < self.recorded[0]

    def said(self, nothing: str) -> str:
        """The command line's words: what was asked for and found `nothing`, and why."""
        if self.recorded is None:
            return "the ledger holds no facts yet: `ledger load FILE` appends some"
        first, last = (instant(t) for t in self.recorded)
        if self.known_at is not None and self.too_early:
            return f"nothing was recorded by {instant(self.known_at)}: the first recording is {first}, the last {last}"
        known = f" as known at {instant(self.known_at)}" if self.known_at is not None else ""
        if self.days is None:
            return f"{nothing}{known}: the ledger holds no fact with a day yet"
        return f"{nothing}{known}: the facts held run from {self.days[0]} to {self.days[1]}"

    def on_page(self, day: date) -> str | None:
        """The report's words for a page of `day` with an empty table, when nothing was recorded by its moment
        or the day comes before every fact held; None when neither is why."""
        if self.recorded is None:
            return "the ledger holds no facts yet"
        if self.known_at is not None and self.too_early:
            return f"nothing had been recorded by {self.known_at.isoformat()}: the first recording is {self.recorded[0].isoformat()}"
        if self.days is not None and day < self.days[0]:
            return f"nothing had happened by {day}: the facts held run from {self.days[0]} to {self.days[1]}"
        return None


def unrecorded(ledger: Ledger, known_at: datetime | None) -> Unrecorded:
    """The ledger's recordings, and the days of the facts it held as known at the moment (not read when it
    held none then)."""
    recorded = ledger.recorded_range()
    found = Unrecorded(known_at, recorded, None)
    if recorded is None or found.too_early:
        return found
    return Unrecorded(known_at, recorded, ledger.as_of(date.max, known_at).day_range())


def why_empty(ledger: Ledger, known_at: datetime | None, nothing: str) -> str:
    """Why an answer of the command line is empty: an empty ledger, a moment before the first recording, or
    days with no such fact."""
    return unrecorded(ledger, known_at).said(nothing)


def instant(moment: datetime) -> str:
    """A moment in UTC, to the microsecond when it has one: loads a second apart are told apart."""
    moment = moment.astimezone(UTC)
    fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"
