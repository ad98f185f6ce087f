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


SIDES = ("in_favour", "against", "abstaining")


@dataclass(frozen=True)
class Tally:
    """A vote as recorded: each side a count (None where the source does not give it), with the members named
    where the source names them, and the members it says vetoed the draft where it gives no full tally."""

    in_favour: int | None
    against: int | None
    abstaining: int | None
    in_favour_members: tuple[str, ...] = ()
    against_members: tuple[str, ...] = ()
    abstaining_members: tuple[str, ...] = ()
    vetoed_by: tuple[str, ...] = ()

    @property
    def unknown(self) -> tuple[str, ...]:
        """The sides whose count the source leaves unknown."""
        return tuple(side for side, n in zip(SIDES, (self.in_favour, self.against, self.abstaining), strict=True)
                     if n is None)

    @property
    def voting_against(self) -> tuple[str, ...]:
        """The members known to have voted against: those listed, and those the source says vetoed it."""
        return (*self.against_members, *(m for m in self.vetoed_by if m not in self.against_members))

    @property
    def total(self) -> int:
        """The votes known: each count given, and for a side without one the members named on it."""
        named = (self.in_favour_members, self.voting_against, self.abstaining_members)
        return sum(len(members) if n is None else n
                   for n, members in zip((self.in_favour, self.against, self.abstaining), named, strict=True))


def tally_problems(tally: Tally, on: date) -> list[tuple[str, str]]:
    """What is impossible about a tally on that day, as (field, reason) pairs; what is unknown is not checked."""
    problems: list[tuple[str, str]] = []
    if len(tally.unknown) == len(SIDES) and not tally.vetoed_by:
        problems.append(("in_favour", "a vote needs its tally (in_favour, against, abstaining) or, where the source "
                                      "gives none, vetoed_by: the members it says vetoed the draft"))
    size = council_size(on)
    if tally.total > size:
        problems.append(
            ("in_favour", f"{tally.total} votes in all, but the Council had {size} members on {on}")
        )
    sides = {
        "in_favour": tally.in_favour_members,
        "against": tally.voting_against,
        "abstaining": tally.abstaining_members,
    }
    seen: dict[str, str] = {}
    for side, members in sides.items():
        for member in members:
            if member in seen:
                problems.append((side, f"{member} votes both {seen[member]} and {side}"))
            seen.setdefault(member, side)
    needed = votes_needed(on)
    favour = tally.in_favour
    if favour is not None and favour >= needed and tally.against and not tally.against_members:
        problems.append(
            (
                "against",
                f"with {favour} votes in favour the members voting against must be listed, "
                "since a count alone could hide a veto",
            )
        )
    problems.extend(("vetoed_by", reason) for reason in _veto_problems(tally, on))
    return problems


def _veto_problems(tally: Tally, on: date) -> list[str]:
    """What the members a source says vetoed a draft cannot be, given the day and the rest of the tally."""
    if not tally.vetoed_by:
        return []
    permanent = permanent_members(on)
    reasons = [f"{m} was not a permanent member on {on} ({', '.join(sorted(permanent))} were), so its vote "
               "against could not be a veto" for m in tally.vetoed_by if m not in permanent]
    if tally.against is not None and tally.against_members:
        reasons += [f"{m} is said to have vetoed the draft but is not among the members voting against"
                    for m in tally.vetoed_by if m not in tally.against_members]
    needed = votes_needed(on)
    if tally.in_favour is not None and tally.in_favour < needed:
        reasons.append(f"with {tally.in_favour} votes in favour (fewer than {needed}) the draft failed, "
                       "and a vote against it was not a veto")
    elif tally.in_favour is not None and tally.against_members:
        missing = sorted(m for m in tally.against_members if m in permanent and m not in tally.vetoed_by)
        if missing:
            reasons.append(f"{', '.join(missing)} voted against a draft with {tally.in_favour} votes in favour, "
                           "a veto, but vetoed_by does not name them")
    return reasons


def unchecked_rules(tally: Tally, on: date) -> list[str]:
    """The rules the ledger could not check because the source leaves part of the tally unknown."""
    if not tally.unknown:
        return []
    unknown = ", ".join(side.replace("_", " ") for side in tally.unknown)
    rules = [f"the tally is unknown ({unknown}): that all the votes together were at most "
             f"{council_size(on)} was checked only against the votes the source gives"]
    if tally.in_favour is None and tally.vetoed_by:
        rules.append(f"that the draft had the {votes_needed(on)} votes in favour a veto needs is as the source "
                     "reports it, not counted")
    return rules


def vetoes(tally: Tally, on: date) -> tuple[str, ...]:
    """Permanent members whose vote against defeated a draft that had the votes it needed: counted from the
    tally where the source gives it, else as the source names them."""
    favour = tally.in_favour
    if favour is not None and favour < votes_needed(on):
        return ()
    permanent = permanent_members(on)
    counted = {m for m in tally.against_members if m in permanent} if favour is not None else set()
    return tuple(sorted(counted | {m for m in tally.vetoed_by if m in permanent}))


def outcome(tally: Tally, on: date) -> str:
    """`failed` without enough votes in favour, `vetoed` if a permanent member voted against, else `adopted`;
    `unknown` where the tally the source gives cannot tell."""
    if vetoes(tally, on):
        return "vetoed"
    if tally.in_favour is None:
        return "unknown"
    if tally.in_favour < votes_needed(on):
        return "failed"
    if tally.against is None:
        return "unknown"
    return "adopted"
