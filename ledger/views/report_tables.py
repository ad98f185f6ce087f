"""The report's tables as values: the vote matrix of the drafts shown, members by draft."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ledger.domain.council import permanent_members
from ledger.views.items import DraftView, by_vote

FOR, AGAINST, ABSTAINED, UNLISTED = "for", "against", "abstained", ""


@dataclass(frozen=True)
class Cell:
    vote: str  # for, against, abstained; "" where the draft's vote does not list the member
    veto: bool


@dataclass(frozen=True)
class MatrixRow:
    member: str
    label: str
    permanent: bool  # a permanent member on the day of some draft shown
    cells: list[Cell]


@dataclass(frozen=True)
class VoteMatrix:
    drafts: list[DraftView]
    rows: list[MatrixRow]
    listed: list[bool]  # for each draft, whether its vote lists members (else only counts are known)


def vote_matrix(drafts: Sequence[DraftView], label: Callable[[str], str] = str) -> VoteMatrix:
    """Every member named in the votes of some drafts, permanent members first, with each draft's vote."""
    drafts = by_vote(drafts)
    votes = [_votes(d) for d in drafts]
    permanent = {m for d in drafts for m in permanent_members(d.voted_on)}
    members = sorted({m for v in votes for m in v}, key=lambda m: (m not in permanent, label(m)))
    rows = [
        MatrixRow(
            m, label(m), m in permanent, [Cell(v.get(m, UNLISTED), m in d.vetoed_by) for d, v in zip(drafts, votes, strict=True)]
        )
        for m in members
    ]
    return VoteMatrix(list(drafts), rows, [bool(v) for v in votes])


def _votes(draft: DraftView) -> dict[str, str]:
    found = {m: FOR for m in draft.in_favour_members}
    found.update({m: AGAINST for m in draft.against_members})
    found.update({m: ABSTAINED for m in draft.abstaining_members})
    return found
