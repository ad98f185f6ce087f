"""The Security Council's voting rules: who sits permanently, how many vote, what a veto is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ENLARGED_ON = date(1966, 1, 1)  # the Council grew from 11 to 15 members (Charter amendment, 1965)
RUSSIA_SEATED_ON = date(1991, 12, 24)  # the Russian Federation took the USSR's seat
PRC_SEATED_ON = date(1971, 10, 25)  # resolution 2758: the PRC took China's seat from the ROC


def permanent_members(on: date) -> frozenset[str]:
    """The five permanent members on a day, with the holders of the Chinese and Russian seats."""
    china = "CHN" if on >= PRC_SEATED_ON else "TWN"
    russia = "RUS" if on >= RUSSIA_SEATED_ON else "SUN"
    return frozenset({china, russia, "FRA", "GBR", "USA"})


def council_size(on: date) -> int:
    return 15 if on >= ENLARGED_ON else 11


def votes_needed(on: date) -> int:
    """Affirmative votes a draft needs: nine of fifteen, seven of eleven before 1966."""
    return 9 if on >= ENLARGED_ON else 7


@dataclass(frozen=True)
class Tally:
    """A vote as recorded: each side a count, with the members named where the source names them."""

    in_favour: int
    against: int
    abstaining: int
    in_favour_members: tuple[str, ...] = ()
    against_members: tuple[str, ...] = ()
    abstaining_members: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.abstaining


def tally_problems(tally: Tally, on: date) -> list[tuple[str, str]]:
    """What is impossible about a tally on that day, as (field, reason) pairs."""
    problems: list[tuple[str, str]] = []
    size = council_size(on)
    if tally.total > size:
        problems.append(
            ("in_favour", f"{tally.total} votes in all, but the Council had {size} members on {on}")
        )
    sides = {
        "in_favour": tally.in_favour_members,
        "against": tally.against_members,
        "abstaining": tally.abstaining_members,
    }
    seen: dict[str, str] = {}
    for side, members in sides.items():
        for member in members:
            if member in seen:
                problems.append((side, f"{member} votes both {seen[member]} and {side}"))
            seen.setdefault(member, side)
    if tally.in_favour >= votes_needed(on) and tally.against and not tally.against_members:
        problems.append(
            (
                "against",
                f"with {tally.in_favour} votes in favour the members voting against must be listed, "
                "since a count alone could hide a veto",
            )
        )
    return problems


def vetoes(tally: Tally, on: date) -> tuple[str, ...]:
    """Permanent members whose vote against defeated a draft that had the votes it needed."""
    if tally.in_favour < votes_needed(on):
        return ()
    permanent = permanent_members(on)
    return tuple(sorted(m for m in tally.against_members if m in permanent))


def outcome(tally: Tally, on: date) -> str:
    """`failed` without enough votes in favour, `vetoed` if a permanent member voted against, else `adopted`."""
    if tally.in_favour < votes_needed(on):
        return "failed"
    if vetoes(tally, on):
        return "vetoed"
    return "adopted"
