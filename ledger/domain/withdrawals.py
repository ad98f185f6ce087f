"""States named by a code ISO 3166 has withdrawn: SUN for the USSR, YUG for Yugoslavia, CSK, DDR...

A former code names its state for the facts of its time: up to the day ISO 3166 withdrew it (ISO 3166-3
gives that day, or for the oldest codes the year only: then up to the end of that year). A fact dated after
it cannot name the state. The day is the code's withdrawal, which came on or after the state ceased to be
(the USSR's code on 1992-08-30, the Union dissolved on 1991-12-26): the rule refuses only what is wrong
whatever the state's own last day. Which codes are withdrawn, and when, is read outside the domain (`ledger.states`,
from pycountry) and given to the fold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ledger.domain.dates import Occurrence


@dataclass(frozen=True)
class Withdrawal:
    code: str  # the former ISO 3166 alpha-3 code
    name: str  # the state's name as ISO 3166 gives it
    withdrawn: str  # the day (or the year) ISO 3166 withdrew the code, as it gives it
    last: date  # the last day a fact may name the state: that day, or the last day of that year


Withdrawals = Callable[[str], Withdrawal | None]


def never(_: str) -> Withdrawal | None:
    """No code withdrawn: the fold of views, which show what the log holds."""
    return None


def after_withdrawal(found: Withdrawal, occurred: Occurrence) -> str | None:
    """Why a fact of `occurred` cannot name the state, or None if it may. A fact is judged on the earliest day its
    date allows (the batch judges it again on its latest day); an open start, with no earliest day, may be of
    any day before its end."""
    earliest = occurred.earliest
    if earliest is None or earliest <= found.last:
        return None
    when = f"on {found.withdrawn}" if len(found.withdrawn) > 4 else f"in {found.withdrawn}"
    return (f"{found.code} ({found.name}) ceased to be a state's code {when}, when ISO 3166 withdrew it: "
            f"a fact of {occurred} cannot name it; name the state of that day by its own code")
