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


# What people call states that ISO 3166 names otherwise.
COMMON = {
    "russia": "RUS", "dprk": "PRK", "ussr": "SUN", "soviet union": "SUN", "republic of china": "TWN",
    "prc": "CHN", "uk": "GBR", "britain": "GBR", "great britain": "GBR", "us": "USA", "usa": "USA",
    "america": "USA", "rok": "KOR", "iran": "IRN", "syria": "SYR", "venezuela": "VEN", "bolivia": "BOL",
    "east germany": "DDR", "west germany": "DEU", "federal republic of germany": "DEU", "north vietnam": "VDR",
    "south yemen": "YMD", "socialist federal republic of yugoslavia": "YUG", "federal republic of yugoslavia": "YUG",
}


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    countries = [*pycountry.countries, *pycountry.historic_countries]
    names = [(name, c.alpha_3) for c in countries for a in ("name", "common_name", "official_name")
             if (name := getattr(c, a, None)) is not None]
    named: dict[str, str] = {}
    for name, code in names:
        named.setdefault(name.casefold(), code)
    # ISO writes some names as "USSR, Union of Soviet Socialist Republics" or "Yugoslavia, (Socialist) Federal
    # Republic of": each whole part is a name people use, unless two states share it ("Korea", "Congo").
    parts: dict[str, set[str]] = {}
    for name, code in names:
        for part in name.split(", ")[:2] if ", " in name else []:
            if not part.endswith(" of") and not part.startswith("("):
                parts.setdefault(part.casefold(), set()).add(code)
    for part, codes in parts.items():
        if len(codes) == 1 and part not in named:
            named[part] = codes.pop()
    return {**named, **COMMON}


def state_named(name: str) -> str | None:
    """The code of a state named as people write it: its code in any case (`rus`), its English name (`Russia`,
    `North Korea`, `the USSR`, `Türkiye`); None for anything else."""
    text = " ".join(name.split())
    text = text[4:] if text.casefold().startswith("the ") else text
    if is_state(text.upper()) and len(text) == 3:
        return text.upper()
    return _by_name().get(text.casefold())


def state_meant(name: str) -> str | None:
    """The state a misspelt name or code most likely means, as its code and name (`Rusia`: `RUS (Russian
    Federation)`), or None."""
    import difflib

    found = difflib.get_close_matches(" ".join(name.split()).casefold(), list(_by_name()), n=1, cutoff=0.8)
    return state_label(_by_name()[found[0]]) if found else None


def state_label(code: str) -> str:
    """A state's code and name, as messages give it: `SYR (Syrian Arab Republic)`."""
    return f"{code} ({_codes()[code]})" if code in _codes() else code


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
