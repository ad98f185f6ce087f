"""States are actors without registration: ISO 3166 alpha-3 codes, current or historic (a historic one up to the
day ISO 3166 withdrew it)."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from ledger.domain.dates import parse_occurrence
from ledger.domain.withdrawals import Withdrawal


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    names = {c.alpha_3: getattr(c, "common_name", c.name) for c in pycountry.countries}
    for c in pycountry.historic_countries:
        names.setdefault(c.alpha_3, c.name)
    return names


def is_state(code: str) -> bool:
    """Whether an id names a state: `RUS`, `PRK`, and historic codes such as `SUN` for the USSR."""
    return code in _codes()



@lru_cache(maxsize=1)
def _withdrawn() -> dict[str, Withdrawal]:
    current = {c.alpha_3 for c in pycountry.countries}  # a code withdrawn once and in use again names today's state
    return {c.alpha_3: Withdrawal(c.alpha_3, c.name, c.withdrawal_date, parse_occurrence(c.withdrawal_date).latest)
            for c in pycountry.historic_countries if c.alpha_3 not in current}


def withdrawal(code: str) -> Withdrawal | None:
    """When ISO 3166 withdrew the code of a state that no longer exists (`SUN`: 1992-08-30); None for any other."""
    return _withdrawn().get(code)
