"""The ledger records what has happened: no fact may be dated, and no source published, after the day it is recorded.

Transaction time bounds valid time. A year typed as 2052 for 2025, or a source's publication a century out (which
would let any fact citing it pass the rule that a source reports only what had happened by then), is refused
instead of waiting in the log for a day that will not come. The day compared is the recording's, in UTC, with a
day's grace: where the clocks run ahead of UTC (up to 14 hours), a user's today may already be tomorrow's date. A
date that allows several days (an EDTF span) is refused only when the earliest day it allows is past that: the
true day may be one already gone. An open start (`../D`) allows days without end before it, and is never refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from ledger.domain.dates import parse_occurrence
from ledger.errors import RuleBroken

# The fields that say when something happened or came out; a mandate's last day may well be ahead.
HAPPENED = ("occurred_on", "published_on")
# How far past the recording's UTC day a date may fall, for the users whose day begins before UTC's.
GRACE = timedelta(days=1)


def not_yet_happened(dates: Mapping[str, Any], recorded_on: date, *, field_prefix: str = "") -> RuleBroken | None:
    """The refusal for the first of `dates`' happening fields dated after the day it is recorded, if one is."""
    for name in HAPPENED:
        text = dates.get(name)
        if not isinstance(text, str):
            continue  # absent here (a correction changes what it names), or malformed, which the schema refused
        try:
            earliest = parse_occurrence(text).earliest
        except ValueError:
            continue
        if earliest is not None and earliest > recorded_on + GRACE:
            why = "a source is registered once it is published" if name == "published_on" else \
                "the ledger records what has happened"
            return RuleBroken(f"{text} is after the day it is recorded ({recorded_on}): {why}",
                              field=f"{field_prefix}{name}")
    return None
