"""What changed between two views: the panels, regimes, drafts, statements and reports that appeared,
disappeared or changed, field by field, each change with the facts behind it.

Pure: it reads two views and returns data. The two views may differ by day (the world moved on), by the
moment of knowledge (the ledger learned more), or both. The facts behind a change are those new to the
item between the two views (and the corrections new to it), narrowed to the ones that move the field (a
correction, by the fields it changed); a panel's status can change with no new fact at all, as days pass a
mandate's end, so its causes are then the fact that set the mandate's end and the vetoes of the drafts that
would have renewed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from dataclasses import fields as fields_of
from datetime import date, datetime
from typing import Any

from ledger.domain.facts import Fact
from ledger.views.items import DraftView, Item, PanelView, TimelineEntry
from ledger.views.view import View

# What each kind of item is keyed by, and how a view lists it.
KINDS: dict[str, tuple[str, Callable[[View], list[Any]]]] = {
    "panel": ("panel_id", lambda v: v.panels),
    "regime": ("regime_id", lambda v: v.regimes),
    "draft": ("draft_id", lambda v: v.drafts),
    "statement": ("event_id", lambda v: v.statements),
    "report": ("report_id", lambda v: v.reports),
}
# Bookkeeping: the facts and corrections behind an item are shown as the causes of its changes.
_BOOKKEEPING = frozenset({"evidence", "corrections", "corrected_by"})
_TALLY = frozenset({"in_favour", "against", "abstaining", "in_favour_members", "against_members", "abstaining_members",
                    "outcome", "vetoed_by", "unknown", "vetoes"})
# The fields of an item each type of fact moves; a type not listed may move any. A change no listed fact
# moves is put down to every fact new to the item, never to none. A vote moves its draft, and the vetoes
# of the panel it is about.
MOVES: dict[str, frozenset[str]] = {
    "PanelEstablished": frozenset({"name", "regime_id", "established_on", "mandate_ends_on", "resolutions", "status"}),
    "PanelMandateExtended": frozenset({"mandate_ends_on", "resolutions", "status"}),
    "ReportReleased": frozenset({"reports"}),
    "InquiryOpened": frozenset({"inquiries"}),
    "DraftResolutionVoted": frozenset(f.name for f in fields_of(DraftView)) - _BOOKKEEPING | {"vetoes"},
    "VetoCast": frozenset({"vetoes", "vetoed_by"}),
    "SanctionsReinforced": frozenset({"resolutions", "measures"}),
    "SanctionsReliefSought": frozenset({"relief_sought_by"}),
    "SanctionsRegimeTerminated": frozenset({"status", "terminated_on", "monitored"}),
}
# What a correction moves: the fields of an item that the fields it changes feed, where they are fewer than
# its fact's type moves (a correction of a panel's name moves its name, not its status). A field of a fact
# not listed moves all its type moves: above all its day, which decides whether it holds on a day at all.
_EVERY_FACT: dict[str, frozenset[str]] = {
    "source": frozenset({"source", "quote", "locator"}),  # where a statement comes from; a panel shows none of it
    "also_cited": frozenset(),
}
FIELD_MOVES: dict[str, dict[str, frozenset[str]]] = {
    "PanelEstablished": {"name": frozenset({"name"}), "regime_id": frozenset({"regime_id", "status"}),
                         "resolution": frozenset({"resolutions"}), "mandate_ends_on": frozenset({"mandate_ends_on", "status"}),
                         "occurred_on": frozenset({"established_on", "resolutions"})},
    "PanelMandateExtended": {"resolution": frozenset({"resolutions"}), "mandate_ends_on": frozenset({"mandate_ends_on", "status"})},
    "ReportReleased": {"author": frozenset({"reports"}),  # a panel lists its reports by id
                       "title": frozenset(), "pages": frozenset(), "findings": frozenset(),
                       "occurred_on": frozenset({"released_on", "reports"})},
    "InquiryOpened": {"subject": frozenset({"inquiries"})},
    "DraftResolutionVoted": {"purpose": frozenset({"purpose"}), "agenda_item": frozenset({"agenda_item"}),
                             "penholders": frozenset({"penholders"}), "concerning": frozenset({"concerning", "vetoes"}),
                             **dict.fromkeys(("in_favour", "against", "abstaining", "vetoed_by"), _TALLY)},
    # A statement held on both days is moved by a correction of its day in its dates only: one that moved it
    # into or out of the day asked made it appear or disappear, and is named there (`with_fixes`).
    "StatementIssued": {"speakers": frozenset({"speakers"}), "stance": frozenset({"stance"}), "about": frozenset({"about"}),
                        "occurred_on": frozenset({"on", "earliest", "latest"})},
    "SanctionsRegimeEstablished": {"name": frozenset({"name"}), "target": frozenset({"target"}),
                                   "committee": frozenset({"committee"}), "resolution": frozenset({"resolutions"}),
                                   "measures": frozenset({"measures"}), "occurred_on": frozenset({"established_on", "resolutions"})},
    "SanctionsReinforced": {"resolution": frozenset({"resolutions"}), "measures": frozenset({"measures"})},
    "SanctionsReliefSought": {"by": frozenset({"relief_sought_by"}), "reason": frozenset()},
    "SanctionsRegimeTerminated": {"reason": frozenset()},
}
_MANDATES = ("PanelEstablished", "PanelMandateExtended")
_ENDS = "SanctionsRegimeTerminated"


@dataclass(frozen=True)
class Cause:
    """A fact behind a change. `how`: `new` (it holds in the second view and not in the first), `withdrawn`
    (the other way round: retracted, or moved to a later day), `corrected` (a correction recorded in
    between), or `standing` (held in both: what a change of day alone rests on, such as a mandate's end)."""

    event_id: str
    type: str
    how: str
    on: str | None  # the day the fact happened, as precise as its source (None for a correction)
    summary: str
    source: str | None
    locator: str | None
    quote: str | None
    recorded_at: datetime  # transaction time (UTC), as a Recording gives it; ISO text in `Diff.to_dict()`

    @classmethod
    def of(cls, entry: TimelineEntry, how: str) -> Cause:
        return cls(entry.event_id, entry.type, how, entry.on.text, entry.summary, entry.source, entry.locator,
                   entry.quote, entry.recorded_at)

    @classmethod
    def of_correction(cls, note: dict[str, Any]) -> Cause:
        return cls(note["event_id"], "FactCorrected", "corrected", None, _correction_summary(note.get("changes"), note.get("reason")),
                   None, None, None, _moment(note["recorded_at"]))


@dataclass(frozen=True)
class FieldChange:
    """One field of an item, before and after; for a list, what was added and removed."""

    field: str
    before: Any
    after: Any
    added: tuple[Any, ...]
    removed: tuple[Any, ...]
    causes: tuple[Cause, ...]


@dataclass(frozen=True)
class Change:
    """An item that `appeared`, `disappeared` or `changed`; its data in each view (None where it is not)."""

    kind: str
    id: str
    what: str
    fields: tuple[FieldChange, ...]
    causes: tuple[Cause, ...]  # every fact behind the change, each once
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Moment:
    as_of: date
    known_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "known_at": self.known_at.isoformat() if self.known_at else None}


@dataclass(frozen=True)
class Diff:
    """Every change between two views, panels first, then regimes, drafts, statements and reports."""

    before: Moment
    after: Moment
    changes: tuple[Change, ...]

    def change(self, kind: str, ident: str) -> Change | None:
        return next((c for c in self.changes if c.kind == kind and c.id == ident), None)

    def to_dict(self) -> dict[str, Any]:
        return {"before": self.before.to_dict(), "after": self.after.to_dict(),
                "changes": [_listed(asdict(c)) for c in self.changes]}


class _Held:
    """A view read once: its items by key and its timeline by event id. A view answers each question afresh
    (the read models' with a query), and a diff asks for the facts behind every item that changed."""

    def __init__(self, view: View) -> None:
        self.as_of, self.known_at = view.as_of, view.known_at
        self.items = {kind: {item[key]: item for item in listing(view)} for kind, (key, listing) in KINDS.items()}
        self.timeline = view.timeline
        self.by_id = {e.event_id: e for e in self.timeline}
        # The fact each correction fixed, as it stands in this view: what the correction changed is read by its type.
        self.corrected = {c["event_id"]: e for e in self.timeline for c in e.corrections}

    def panel(self, panel_id: str) -> Any:
        return self.items["panel"].get(panel_id)

    def ends(self, regime_id: str) -> list[TimelineEntry]:
        """The termination of a regime, if it held on the day."""
        return [e for e in self.timeline if e.type == _ENDS and e.details.get("regime_id") == regime_id]

    def evidence(self, item: Item) -> list[TimelineEntry]:
        """The facts behind an item, as `View.evidence` gives them: its own, and the vetoes of votes about it."""
        ids = list(getattr(item, "evidence", None) or [item["event_id"]])
        if isinstance(item, PanelView):
            drafts = self.items["draft"]
            ids += [f"{drafts[v.draft_id].event_id}/veto/{v.member}" for v in item.vetoes if v.draft_id in drafts]
        if isinstance(item, DraftView):
            ids += [f"{item.event_id}/veto/{member}" for member in item.vetoed_by]
        return [self.by_id[i] for i in dict.fromkeys(ids) if i in self.by_id]


def diff(first_view: View, second_view: View) -> Diff:
    """What changed from the first view to the second."""
    first, second = _Held(first_view), _Held(second_view)
    changes: list[Change] = []
    seen = set(first.by_id)  # a fact behind a status is new, or was there already
    for kind in KINDS:
        before, after = first.items[kind], second.items[kind]
        for ident in [*before, *(i for i in after if i not in before)]:
            if before.get(ident) == after.get(ident):  # held alike in both, with the same facts behind it
                continue
            change = _compare(kind, ident, first, before.get(ident), second, after.get(ident), seen)
            if change is not None:
                changes.append(change)
    return Diff(Moment(first.as_of, first.known_at), Moment(second.as_of, second.known_at), tuple(changes))


def with_fixes(diff: Diff, fixes: Iterable[Fact]) -> Diff:
    """The diff with its corrections cited as recorded (their source), and each fact withdrawn by a retraction
    recorded between the two moments, or moved to another day by a correction recorded then (out of the day
    asked, or into it), followed by it."""
    held = {f.event_id: f for f in fixes}
    # What withdrew a fact between the two moments: its retraction, or a correction that moved it to a later day.
    withdrawing: dict[str, list[Fact]] = {}
    for f in sorted(held.values(), key=Fact.recording_order):
        if _between(diff, f.recorded_at) and (f.type == "FactRetracted" or "occurred_on" in (f.document.get("changes") or {})):
            withdrawing.setdefault(f.fixes or "", []).append(f)

    def cited(causes: tuple[Cause, ...]) -> tuple[Cause, ...]:
        out: list[Cause] = []
        for cause in causes:
            fix = held.get(cause.event_id) if cause.type == "FactCorrected" else None
            out.append(_fix_cause(fix, "corrected", cause.summary) if fix is not None else cause)
            # A fact withdrawn is followed by what withdrew it; one new to the second view by a correction of its
            # day recorded in between, which moved it into the day asked (a retraction never brings one in).
            for fix in withdrawing.get(cause.event_id, []) if cause.how in ("withdrawn", "new") else []:
                if fix.type == "FactRetracted" and cause.how == "new":
                    continue
                if fix.type == "FactRetracted":
                    out.append(_fix_cause(fix, "retracted", f"retraction: {fix.document['reason']}"))
                else:
                    out.append(_fix_cause(fix, "corrected", _correction_summary(fix.document["changes"], fix.document["reason"])))
        return _once(out)

    changes = tuple(replace(c, causes=cited(c.causes), fields=tuple(replace(f, causes=cited(f.causes)) for f in c.fields))
                    for c in diff.changes)
    return replace(diff, changes=changes)


def withdrawn_or_corrected(diff: Diff) -> list[str]:
    """The ids of the facts whose fixes `with_fixes` would cite: corrections, facts withdrawn, and the facts
    new to an item that was corrected (a correction of its day may be what brought it in)."""
    return sorted({c.event_id for ch in diff.changes for c in ch.causes
                   if c.how in ("withdrawn", "corrected") or (c.how == "new" and (ch.after or {}).get("corrected_by"))})


def _between(diff: Diff, moment: datetime) -> bool:
    after, until = diff.before.known_at, diff.after.known_at
    return (after is None or moment > after) and (until is None or moment <= until) and after != until


def _fix_cause(fix: Fact, how: str, summary: str) -> Cause:
    source = fix.document.get("source") or {}
    return Cause(fix.event_id, fix.type, how, fix.document.get("occurred_on"), summary, source.get("document"),
                 source.get("locator"), source.get("quote"), fix.recorded_at)


def _compare(kind: str, ident: str, first: _Held, old: Item | None, second: _Held, new: Item | None,
             seen: set[str]) -> Change | None:
    if new is None:
        assert old is not None
        gone = tuple(Cause.of(e, "withdrawn") for e in first.evidence(old))
        return Change(kind, ident, "disappeared", (), gone, old.to_dict(), None)
    if old is None:
        causes = tuple(Cause.of(e, "new") for e in second.evidence(new))
        return Change(kind, ident, "appeared", (), causes, None, new.to_dict())
    was, now = old.to_dict(), new.to_dict()
    fresh = _fresh(first, old, second, new)
    fields = [_field(name, was.get(name), now.get(name), _causes(kind, name, fresh, first, old, second, new, seen))
              for name in now if name not in _BOOKKEEPING and was.get(name) != now.get(name)]
    fixes = _correction_ids(old), _correction_ids(new)
    if fixes[0] != fixes[1]:
        fields.append(_field("corrections", fixes[0], fixes[1], tuple(c for c in fresh if c.how == "corrected")))
    if not fields:
        return None
    return Change(kind, ident, "changed", tuple(fields), _once(c for f in fields for c in f.causes), was, now)


def _fresh(first: _Held, old: Item, second: _Held, new: Item) -> list[Cause]:
    """The facts behind an item in one view and not the other, and the corrections new to it."""
    held = {e.event_id for e in first.evidence(old)}
    now = second.evidence(new)
    kept = {e.event_id for e in now}
    fresh = [Cause.of(e, "new") for e in now if e.event_id not in held]
    fresh += [Cause.of(e, "withdrawn") for e in first.evidence(old) if e.event_id not in kept]
    known = set(_correction_ids(old))
    fresh += [Cause.of_correction(c) for c in getattr(new, "corrections", []) if c["event_id"] not in known]
    return fresh


def _causes(kind: str, name: str, fresh: list[Cause], first: _Held, old: Item, second: _Held, new: Item,
            seen: set[str]) -> tuple[Cause, ...]:
    """The facts that changed one field: those new to the item (or withdrawn, or corrections) that move it,
    those that changed it first; for a panel's status, then what the status rests on; for whether a regime
    is monitored, that of each of its panels whose status changed."""
    if (kind, name) == ("panel", "status"):
        return _once(_status_causes(first, old, second, new, seen))
    moving = _moving(fresh, name, second)
    if (kind, name) == ("regime", "monitored"):
        ids = dict.fromkeys([*getattr(old, "panels", []), *getattr(new, "panels", [])])
        pairs = [(first.panel(i), second.panel(i)) for i in ids]
        changed = [(was, now) for was, now in pairs if now is not None and getattr(was, "status", None) != now.status]
        return _once([*moving, *(c for was, now in changed for c in _status_causes(first, was, second, now, seen))])
    return tuple(moving or fresh)


def _moving(fresh: list[Cause], name: str, view: _Held) -> list[Cause]:
    """The facts among `fresh` that move a field: those that changed it itself first, then those that moved
    it by their day (which decides whether a fact holds on a day at all), each in its order."""
    ranked = [(rank, c) for c in fresh if (rank := _moves(c, name, view)) is not None]
    return [c for _, c in sorted(ranked, key=lambda pair: pair[0])]


def _moves(cause: Cause, name: str, view: _Held) -> int | None:
    """Whether a fact new to an item (or withdrawn from it) may move one of its fields, by its type: 0 if so;
    a correction by the fields it changed, read by the type of the fact it corrected: 0 if one of them feeds
    the item's field, 1 if it moves all its type moves (its day), None if it does not move it."""
    if cause.type != "FactCorrected":
        return 0 if name in MOVES.get(cause.type, {name}) else None
    fixed = view.corrected.get(cause.event_id)
    if fixed is None:  # not held on the day: whatever it changed, it may move anything
        return 1
    changes = next((c.get("changes") or {} for c in fixed.corrections if c["event_id"] == cause.event_id), {})
    ranks = [rank for key in changes for rank, moved in [_moved_by(fixed.type, key, name)] if name in moved]
    return min(ranks, default=None)


def _moved_by(type_: str, key: str, name: str) -> tuple[int, frozenset[str]]:
    """The fields of an item a field of a fact of this type moves: 0 where listed, 1 where all its type moves."""
    if (listed := FIELD_MOVES.get(type_, {}).get(key, _EVERY_FACT.get(key))) is not None:
        return 0, listed
    return 1, MOVES.get(type_, frozenset({name}))


def _status_causes(first: _Held, old: Any, second: _Held, panel: Any, seen: set[str]) -> list[Cause]:
    """Why a panel's status changed: the facts new to it (or withdrawn, or corrections) that move it, then
    its regime's termination where it came or went between the two views; then what the status rests on,
    the fact that set its mandate's end and the vetoes of the drafts voted since (the renewals that failed),
    and a termination held in both."""
    moving = _moving(_fresh(first, old, second, panel), "status", second) if old is not None else []
    ended = [Cause.of(e, "standing" if e.event_id in seen else "new")
             for e in (second.ends(panel.regime_id) if panel.status == "terminated" else [])]
    if old is not None and old.status == "terminated":
        ended += [Cause.of(e, "withdrawn") for e in first.ends(old.regime_id) if e.event_id not in second.by_id]
    entries = second.evidence(panel)
    mandates = [e for e in entries if e.type in _MANDATES]
    since = mandates[-1].on if mandates else date.min
    behind = [*mandates[-1:], *(e for e in entries if e.type == "VetoCast" and e.on >= since)]
    rest = [Cause.of(e, "standing" if e.event_id in seen else "new") for e in behind]
    return [*moving, *(c for c in ended if c.how != "standing"), *rest, *(c for c in ended if c.how == "standing")]


def _field(name: str, before: Any, after: Any, causes: tuple[Cause, ...]) -> FieldChange:
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    if isinstance(before, list) and isinstance(after, list):
        added = tuple(x for x in after if x not in before)
        removed = tuple(x for x in before if x not in after)
    return FieldChange(name, before, after, added, removed, causes)


def _correction_summary(changes: Any, reason: Any) -> str:
    return f"correction ({', '.join(sorted(changes or {}))}): {reason}"


def _correction_ids(item: Item) -> list[str]:
    return [c["event_id"] for c in getattr(item, "corrections", [])]


def _moment(value: datetime | str) -> datetime:
    """A correction note's recording time (ISO text, as the views and read models keep it) as a moment."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _listed(value: Any) -> Any:
    """JSON's shapes: a tuple as a list, and a moment (a cause's recording time) as its ISO text, all the way down."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_listed(v) for v in value]
    if isinstance(value, dict):
        return {k: _listed(v) for k, v in value.items()}
    return value


def _once(causes: Iterable[Cause]) -> tuple[Cause, ...]:
    """Each fact once, as first named (a fact new to an item that also stands behind its status is new)."""
    seen: dict[str, Cause] = {}
    for cause in causes:
        seen.setdefault(cause.event_id, cause)
    return tuple(seen.values())
