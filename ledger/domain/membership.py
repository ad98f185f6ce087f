"""Who sat on the Security Council on a day, and which states a vote may name.

The permanent members come from `council.permanent_members` (with the holders of the Chinese and Russian
seats); the elected members of every year since 1946 from `council_members.csv`, shipped with the package:
one row per term, as the UN lists them, with the ISO 3166 code of the state as it was then (`BYS` for the
Byelorussian SSR, `ZAR` for Zaire, `HVO` for Upper Volta until it became Burkina Faso). Where each row
comes from, and what was checked, is in `council_members.md` beside it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from ledger.domain.council import PRC_SEATED_ON, RUSSIA_SEATED_ON, Tally, permanent_members

SOURCE = (
    'United Nations Security Council, "Countries Elected Members of the Security Council", '
    "https://main.un.org/securitycouncil/en/content/countries-elected-members"
)
FIRST_MEETING = date(1946, 1, 17)  # the Council's first meeting, in London: no vote before it
DATA = "council_members.csv"

PERMANENT_NAMES = {
    "TWN": "China (Republic of China)", "CHN": "China", "SUN": "Union of Soviet Socialist Republics",
    "RUS": "Russian Federation", "FRA": "France", "GBR": "United Kingdom", "USA": "United States",
}
# The other holder of each permanent seat that changed hands, and the day it did.
SEAT_HOLDERS = {
    "TWN": ("CHN", PRC_SEATED_ON), "CHN": ("TWN", PRC_SEATED_ON),
    "SUN": ("RUS", RUSSIA_SEATED_ON), "RUS": ("SUN", RUSSIA_SEATED_ON),
}


@dataclass(frozen=True)
class Term:
    """One state's seat on the Council for a stretch of days, both included."""

    code: str
    name: str
    first: date | None  # None: a permanent seat, held since the Charter
    last: date | None  # None: held still
    kind: str  # "permanent" or "elected"
    note: str = ""

    def holds(self, day: date) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code, "name": self.name, "kind": self.kind, "note": self.note or None,
            "from": self.first.isoformat() if self.first else None, "to": self.last.isoformat() if self.last else None,
        }


@lru_cache(maxsize=1)
def elected_terms() -> tuple[Term, ...]:
    """Every elected member's term since 1946, as the package's data lists them (read once)."""
    # Package data, not I/O on the user's files: the same rows wherever the package is installed.
    text = resources.files("ledger.domain").joinpath(DATA).read_text(encoding="utf-8")
    return tuple(_term(row) for row in csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def listed_until() -> date:
    """The last day whose elected members the data lists in full: the end of the term of the last year but one
    elected (those elected last sit with members still to be elected)."""
    intakes = sorted({t.first for t in elected_terms() if t.first is not None and t.first.month == 1 and t.first.day == 1})
    return max(t.last for t in elected_terms() if t.last is not None and t.first is not None and t.first < intakes[-1])


def _term(row: dict[str, str]) -> Term:
    return Term(row["code"], row["name"], date.fromisoformat(row["from"]), date.fromisoformat(row["to"]),
                "elected", row["note"])


def seats_on(day: date) -> list[Term]:
    """The Council on a day: the permanent members, then the elected, each by code; nobody before its first meeting."""
    if day < FIRST_MEETING:
        return []
    permanent = [_permanent(code, day) for code in sorted(permanent_members(day))]
    return permanent + sorted((t for t in elected_terms() if t.holds(day)), key=lambda t: t.code)


def _permanent(code: str, day: date) -> Term:
    first = last = None
    if code in SEAT_HOLDERS:
        _, changed = SEAT_HOLDERS[code]
        first, last = (changed, None) if day >= changed else (None, date.fromordinal(changed.toordinal() - 1))
    return Term(code, PERMANENT_NAMES[code], first, last, "permanent")


@dataclass(frozen=True)
class Council:
    """The Council on a day, with the source its elected members follow."""

    on: date
    seats: tuple[Term, ...]
    source: str = SOURCE
    listed_until: date = date.max  # the last day the data lists every elected member of

    @property
    def listed(self) -> bool:
        return self.on <= self.listed_until

    @property
    def members(self) -> list[str]:
        return [t.code for t in self.seats]

    def to_dict(self) -> dict[str, object]:
        return {"on": self.on.isoformat(), "size": len(self.seats), "members": [t.to_dict() for t in self.seats],
                "source": self.source, "listed_until": self.listed_until.isoformat()}


def council_on(day: date) -> Council:
    return Council(day, tuple(seats_on(day)), listed_until=listed_until())


@lru_cache(maxsize=4096)  # a load checks many votes of few days
def members_on(day: date) -> frozenset[str]:
    """The codes of the states that sat on the Council on a day."""
    return frozenset(t.code for t in seats_on(day))


def is_member(code: str, day: date) -> bool:
    return code in members_on(day)


def membership_problems(tally: Tally, on: date) -> list[tuple[str, str]]:
    """Every state a vote names that did not sit on the Council that day, as (field, reason) pairs."""
    if on < FIRST_MEETING:
        return [("occurred_on", f"the Security Council first met on {FIRST_MEETING}: there was no vote on {on}")]
    members = members_on(on)
    if on > listed_until():  # elected members not listed yet: only the permanent seats are known
        members |= {code for side in (tally.in_favour_members, tally.against_members, tally.abstaining_members)
                    for code in side if code not in SEAT_HOLDERS}
    sides: Iterable[tuple[str, tuple[str, ...]]] = (
        ("in_favour", tally.in_favour_members), ("against", tally.against_members), ("abstaining", tally.abstaining_members))
    return [(side, _not_a_member(code, on)) for side, named in sides for code in named if code not in members]


def _not_a_member(code: str, on: date) -> str:
    reason = f"{code} was not a member of the Security Council on {on}"
    if code in SEAT_HOLDERS:  # the former or future holder of a permanent seat: say who held it that day
        holder, changed = SEAT_HOLDERS[code]
        reason += f" ({holder} held its permanent seat then; the seat changed hands on {changed})"
    return reason
