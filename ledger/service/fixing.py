"""What a correction or retraction may name, and what it may change (DESIGN: facts are fixed by facts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ledger.documents import parse_document
from ledger.documents.parse import malformed
from ledger.domain.catalogue import FIXED_BY_TYPE, REGISTRATIONS, STREAM_KEYS
from ledger.domain.facts import FIXED_FIELDS, Fact, apply_fixes, occurrence_of
from ledger.domain.streams import OPENS
from ledger.errors import InvalidDocument, RuleBroken


def check_fix(fix: dict[str, Any], field: str, target: Fact, held: dict[str, Fact]) -> None:
    """Refuse a correction or retraction the fact it names cannot take: a fix or a veto, a retracted fact,
    a fact published after the fix, a registration retracted, a field that says which fact it is changed,
    or changes that leave the fact malformed."""
    if target.is_fix or target.type == "VetoCast":
        what = "a fix" if target.is_fix else "a veto, which follows its vote (fix the vote)"
        raise RuleBroken(f"event {target.event_id!r} is {what}; it cannot be fixed itself", field=field)
    if any(f.is_fix and f.type == "FactRetracted" and f.fixes == target.event_id for f in held.values()):
        raise RuleBroken(f"event {target.event_id!r} was retracted; it can no longer be fixed", field=field)
    fixed_on = occurrence_of(fix)
    if fixed_on is not None and target.occurred is not None and fixed_on.start < target.occurred.start:
        raise RuleBroken(
            f"a fix published on {fixed_on} cannot name a fact of {target.occurred}", field="occurred_on"
        )
    if fix["type"] == "FactRetracted":
        if target.type in REGISTRATIONS:
            raise RuleBroken(
                f"{target.type} {target.event_id!r} registers what facts refer to; it cannot be retracted",
                field=field,
            )
        return
    locked = {*FIXED_FIELDS, *FIXED_BY_TYPE.get(target.type, ()), OPENS.get(target.type, (None, None))[1],
              STREAM_KEYS.get(target.type)}
    for name in fix["changes"]:
        if name in locked:
            # A registration cannot be retracted (facts refer to it): the way out is a new one beside it.
            instead = ("register it again under the new one, and correct the facts that name it to name that"
                       if target.type in REGISTRATIONS else "retract it and append a new fact instead")
            raise RuleBroken(f"{name!r} says which {target.type} this is; {instead}", field=f"changes.{name}")
    current = apply_fixes([*held.values()])
    base = next(f for f in current if f.event_id == target.event_id).document
    if problems := changes_problems(base, fix["changes"]):
        raise malformed(problems)


def changes_problems(base: Mapping[str, Any], changes: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every field a correction's changes would leave malformed in the fact it corrects (`base`, as corrected so
    far), as (field, reason): the fields it changes are the correction's to fix, named in `changes`."""
    try:
        parse_document({**base, **changes})
    except InvalidDocument as e:
        if not e.malformed:
            return [(f"changes.{e.field}" if e.field else "changes", e.reason)]
        return [(f"changes.{f}" if f.split(".")[0] in changes else f, r) for f, r in e.malformed]
    return []


def with_changes_problems(raw: Any, own: Sequence[tuple[str, str]],
                          held: Callable[[str], Mapping[str, Any] | None]) -> list[tuple[str, str]]:
    """A correction refused for its own fields (an empty `reason`), named at once with what its changes would leave
    malformed in the fact it corrects, every field in name order; `held` gives that fact as corrected so far (None
    if the ledger does not hold it). Its own problems alone when it is no correction, when its `corrects` or
    `changes` are themselves malformed, or when the fact is not held: there is nothing to check its changes on."""
    if not isinstance(raw, Mapping) or raw.get("type") != "FactCorrected" or not own:
        return list(own)
    if any(field.split(".")[0] in ("corrects", "changes") for field, _ in own):
        return list(own)
    base = held(raw["corrects"])
    if base is None:
        return list(own)
    return sorted([*own, *changes_problems(base, raw["changes"])], key=lambda problem: problem[0])
