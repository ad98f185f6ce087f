"""A timeline row as the read models store it: only what its columns and its details do not already say.

Nearly every event has a timeline row, so the row's size is most of a rebuild's writing (and of the
database). The stored data leaves out what is kept beside it or follows from it: the event id (the row's
key), the type and the recording time (columns of their own), the precision (read off the date as
written), the summary (words made from the type and details when read, so a change of wording needs no
rebuild) and the fields a fact seldom has (no quote, no corrections). `restored` gives back exactly
`timeline_data(fact)`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ledger.domain.catalogue import describe
from ledger.domain.dates import parse_occurrence
from ledger.domain.facts import Fact
from ledger.views import NOT_DETAILS

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def stored(fact: Fact) -> dict[str, Any]:
    """The data a fact's timeline row stores, in a fixed field order (equal rows give equal text)."""
    document = fact.document
    data: dict[str, Any] = {"on": fact.occurred.text, "position": fact.position}  # type: ignore[union-attr]
    source = document.get("source")
    if source:
        if (value := source.get("document")) is not None:
            data["source"] = value
        if (value := source.get("quote")) is not None:
            data["quote"] = value
        if (value := source.get("locator")) is not None:
            data["locator"] = value
    if fact.fixed_by:
        data["corrected_by"] = list(fact.fixed_by)
    data["details"] = {k: v for k, v in document.items() if k not in NOT_DETAILS}
    if fact.corrections:
        data["corrections"] = [dict(c) for c in fact.corrections]
    return data


def restored(key: str, type_: str, recorded_us: int, data: dict[str, Any]) -> dict[str, Any]:
    """A stored timeline row back as `timeline_data` gives it, from the row's key, type and recording time."""
    details = data["details"]
    return {
        "event_id": key, "type": type_, "on": data["on"], "precision": parse_occurrence(data["on"]).precision,
        "summary": describe({"type": type_, **details}), "source": data.get("source"), "quote": data.get("quote"),
        "locator": data.get("locator"), "position": data["position"],
        "recorded_at": (_EPOCH + timedelta(microseconds=recorded_us)).isoformat(),
        "corrected_by": data.get("corrected_by", []), "details": details, "corrections": data.get("corrections", []),
    }
