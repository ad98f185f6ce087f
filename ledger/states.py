"""States are actors without registration: ISO 3166 alpha-3 codes, current or historic."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    names = {c.alpha_3: getattr(c, "common_name", c.name) for c in pycountry.countries}
    for c in pycountry.historic_countries:
        names.setdefault(c.alpha_3, c.name)
    return names


def is_state(code: str) -> bool:
    """Whether an id names a state: `RUS`, `PRK`, and historic codes such as `SUN` for the USSR."""
    return code in _codes()

