"""How a sentence that does not hold says so: what was expected, what the ledger holds, and the facts
behind what it holds (each with its source and its event), so an auditor can look them up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn


def fail(expected: str, held: str, grounds: str = "") -> NoReturn:
    raise AssertionError(f"expected {expected}; the ledger holds {held}" + (f" ({grounds})" if grounds else ""))


def check(ok: bool, expected: str, held: str, grounds: str = "") -> None:
    if not ok:
        fail(expected, held, grounds)


def when(view: Any) -> str:
    """The day (and moment) a view answers for, as a sentence says it."""
    return f"as of {view.as_of}" + (f" as known at {view.known_at.isoformat()}" if view.known_at else "")


def looking(scene: Any) -> Any:
    if scene.view is None:
        raise AssertionError('no day to look at: say "When I look at the ledger as of DAY" first')
    return scene.view


def before_any_recording(scene: Any) -> str | None:
    """Why the day looked at holds nothing when it is known at a moment before the ledger's first recording, in
    the command line's words (`ledger state --known-at`): nothing was recorded by then. None for any other view."""
    from ledger.service.unrecorded import unrecorded

    view = getattr(scene, "view", None)
    if view is None or view.known_at is None:
        return None
    found = unrecorded(scene.ledger, view.known_at)
    return found.said("") if found.too_early else None


def grounds(entries: Iterable[Any]) -> str:
    """Timeline rows in a few words each: what they say, where, and their event."""
    return "; ".join(f"{_gist(e)}, event {e.event_id}" for e in entries)


def _gist(entry: Any) -> str:
    details = entry.details or {}
    if entry.type in ("PanelEstablished", "PanelMandateExtended"):
        return f"mandate to {details.get('mandate_ends_on')} of {entry.source}"
    if entry.type == "VetoCast":
        return f"veto of {details.get('draft_id')} by {details.get('member')}"
    return f"{entry.summary} ({entry.source})" if entry.source else entry.summary


def panel_grounds(view: Any, panel: Any) -> str:
    """What a panel's status rests on: the act that set its mandate last, and the vetoes of its renewals."""
    entries = view.evidence(panel)
    mandates = [e for e in entries if e.type in ("PanelEstablished", "PanelMandateExtended")]
    vetoes = [e for e in entries if e.type == "VetoCast"]
    return grounds([*mandates[-1:], *vetoes])


def listed(values: Iterable[Any]) -> str:
    values = [str(v) for v in values]
    return ", ".join(values) if values else "none"
