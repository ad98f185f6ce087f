"""What `ledger diff` prints for people: a table a kind of item, a row a change, with the facts behind it."""

from __future__ import annotations

from typing import Any

from ledger.terminal import _console, _escape, _table, cite, instant
from ledger.views.actors import Actors
from ledger.views.diff import Cause, Change, Diff, FieldChange

TITLES = {"panel": "Expert panels", "regime": "Sanctions regimes", "draft": "Draft resolutions",
          "statement": "Statements", "report": "Reports"}


def print_diff(diff: Diff, wide: bool, actors: Actors | None = None) -> None:
    """A table a kind of item that changed; a statement is shown by what it says, its speakers by name."""
    console = _console(wide)
    console.print(f"[bold]Changes from {_moment(diff.before.as_of, diff.before.known_at)} "
                  f"to {_moment(diff.after.as_of, diff.after.known_at)}[/bold]", highlight=False)
    if not diff.changes:
        return  # the command says why nothing changed
    for kind, title in TITLES.items():
        changes = [c for c in diff.changes if c.kind == kind]
        if not changes:
            continue
        first = "statement" if kind == "statement" else "id"  # a statement reads as what it says, which wraps
        table = _table(f"{title}: {len(changes)} changed", (first, True), ("change", True), ("because of", True))
        for change in changes:
            said = _statement(change, actors) if kind == "statement" else None
            for number, (what, causes) in enumerate(_lines(change, wide)):
                thing = (said or _escape(change.id)) if number == 0 else ""
                table.add_row(thing, what, _because(causes, wide, change.id if said else None))
        console.print(table)


def _moment(day: Any, known_at: Any) -> str:
    return f"{day}" + (f" (known at {instant(known_at)})" if known_at is not None else "")


def _lines(change: Change, wide: bool) -> list[tuple[str, tuple[Cause, ...]]]:
    """The rows of one change: appeared or disappeared as one, a changed item a row a field."""
    if change.what != "changed":
        data = change.after if change.after is not None else change.before
        shown = f"\n[dim]{_escape(_data(data))}[/dim]" if wide and data else ""
        return [(change.what + shown, change.causes)]
    return [(_field(f), f.causes) for f in change.fields]


def _field(f: FieldChange) -> str:
    if isinstance(f.before, list) and isinstance(f.after, list):
        moved = [*(f"+{_short(x)}" for x in f.added), *(f"-{_short(x)}" for x in f.removed)]
        return f"{_escape(f.field)}: {_escape(' '.join(moved) or 'reordered')}"
    return f"{_escape(f.field)}: {_escape(_short(f.before))} \u2192 {_escape(_short(f.after))}"


def _statement(change: Change, actors: Actors | None) -> str | None:
    """A statement as it reads: its day, its speakers by name and state, its stance and what it is about."""
    data = change.after if change.after is not None else change.before
    if data is None:
        return None
    speakers = ", ".join(actors.label(s) if actors is not None else s for s in data.get("speakers", []))
    about = f" ({', '.join(data['about'])})" if data.get("about") else ""
    return (f"{_escape(str(data.get('on')))} {_escape(speakers)} {_escape(str(data.get('stance')))}{_escape(about)}"
            f"\n[dim]{_escape(change.id)}[/dim]")


def _because(causes: tuple[Cause, ...], wide: bool, itself: str | None = None) -> str:
    lines = []
    for c in causes:
        if c.event_id == itself:  # a statement that appeared: it is its own cause, shown by its source
            lines.append(f"[dim]({c.type}, {c.how}) \u00b7 {_escape(cite(c.source, c.locator))}[/dim]")
            continue
        where = cite(c.source, c.locator) if wide else (c.source or "-")
        lines.append(f"{_escape(c.on or '')} {_escape(c.summary)}".strip()
                     + f"\n[dim]{_escape(c.event_id)} ({c.type}, {c.how}) \u00b7 {_escape(where)}[/dim]")
    return "\n".join(lines) or "-"


def _short(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return "-" if value is None else str(value)


def _data(data: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {_short(v) if not isinstance(v, list) else ', '.join(map(_short, v)) or '-'}"
                     for k, v in data.items() if k not in ("evidence", "corrections", "corrected_by"))
