"""What the command line prints for people: the state's tables, the timeline, the audit and history listings.

rich is imported when a table is drawn, not with this module: `ledger --help` stays fast.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ledger.service.unrecorded import instant as instant  # how a moment is written for people, here and in the service's messages

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from ledger.domain.membership import Council
    from ledger.domain.provenance import Provenance
    from ledger.service.history import Version
    from ledger.views import DraftView, View
    from ledger.views.actors import Actors

# Tables are laid out for at least this many columns, so that no id or date is ever cut: on a narrower
# terminal their lines are longer than a line of the screen, which wraps them, whole.
NARROW, WIDE = 80, 132

# Columns of ids, dates and counts: never wrapped, so never cut.
_WHOLE = frozenset({"panel", "regime", "target", "established", "mandate ends", "reports", "resolutions", "monitored",
                    "on", "id", "draft", "voted on", "for", "concerning"})


def print_state(view: View, wide: bool, actors: Actors | None = None, all_drafts: bool = False) -> bool:
    """Print the view's panels, regimes and the drafts voted by its day on them (`all_drafts`: every draft),
    actors by name and state where `actors` knows them; say whether it holds any panel or regime (if not, the
    caller says why)."""
    label = actors.label if actors is not None else str
    console = _console(wide)
    console.print(f"[bold]State as of {view.as_of}[/bold]" + (f" (known at {instant(view.known_at)})" if view.known_at else ""),
                  highlight=False)
    held_panels, held_regimes = view.panels, view.regimes
    # The veto record since 1946 holds hundreds of drafts on no panel or regime: listed when asked for.
    drafts = view.drafts if all_drafts else [d for d in view.drafts if d.concerning]
    others = len(view.drafts) - len(drafts)
    if not held_panels and not held_regimes:
        _print_drafts(console, drafts, wide, label)
        return False  # a word instead of two empty tables
    # The words around an id or a date wrap instead of it, and a list of them has one a line.
    panels = _table("Expert panels", ("panel", True), ("regime", wide), ("status", True), ("established", True),
                    ("mandate ends", True), ("reports", wide), ("vetoes", True))
    for p in held_panels:
        vetoes = "\n".join(f"{label(v.member)} {v.draft_id} ({v.on})" for v in p.vetoes) or "-"
        _row(panels, p.panel_id, (p.regime_id, wide), p.status, str(p.established_on), str(p.mandate_ends_on),
             (str(len(p.reports)), wide), vetoes)
    regimes = _table("Sanctions regimes", ("regime", True), ("target", wide), ("status", True), ("established", True),
                     ("resolutions", wide), ("panels", True), ("monitored", True), ("relief sought by", wide))
    for r in held_regimes:
        status = r.status + (f" ({r.terminated_on})" if r.terminated_on else "")
        _row(regimes, r.regime_id, (r.target, wide), status, str(r.established_on), (str(len(r.resolutions)), wide),
             "\n".join(r.panels) or "-", "yes" if r.monitored else "no", (", ".join(map(label, r.relief_sought_by)) or "-", wide))
    # A table of headers only would say nothing: a line says there was none yet, as other empty answers do.
    console.print(panels if held_panels else f"no expert panel had been established by {view.as_of}", highlight=False)
    console.print(regimes if held_regimes else f"no sanctions regime had been established by {view.as_of}",
                  highlight=False)
    _print_drafts(console, drafts, wide, label)
    if others:
        console.print(f"{others} more drafts voted by then, on no panel or regime (--all-drafts)", highlight=False)
    corrected = [e.panel_id for e in held_panels if e.corrections] + [e.regime_id for e in held_regimes if e.corrections] \
        + [e.draft_id for e in drafts if e.corrections]
    if corrected:  # the tables show the corrected values: say which were corrected, and where to see how
        shown = ", ".join(corrected[:CORRECTED_SHOWN]) + (f" and {len(corrected) - CORRECTED_SHOWN} more"
                                                           if len(corrected) > CORRECTED_SHOWN else "")
        console.print(f"corrected since first recorded: {shown} (`ledger history ID` says how, when and why)",
                      highlight=False)
    return True


CORRECTED_SHOWN = 10  # of the corrected ids named under the tables


def _drafts(drafts: Sequence[DraftView], wide: bool, label: Callable[[str], str], width: int) -> Table:
    """The drafts voted by the view's day: the vote's count, who voted against or abstained (the veto is among
    them), who vetoed it and the panel or regime it concerned; `wide`, its outcome and penholders too. Laid out
    for `width` columns (see `_fit`)."""
    columns = (("draft", True), ("voted on", True), ("for", True), ("against", True), ("abstained", True),
               ("vetoed by", True), ("concerning", True), ("outcome", wide), ("penholders", wide))
    rows = [
        [c if isinstance(c, str) else c[0] for c in (
            d.draft_id, str(d.voted_on), _votes(d.in_favour, []), _votes(d.against, d.against_members),
            _votes(d.abstaining, d.abstaining_members), ", ".join(map(label, d.vetoed_by)) or "-",
            d.concerning or "-", (d.outcome, wide), (", ".join(d.penholders) or "-", wide)) if isinstance(c, str) or c[1]]
        for d in drafts
    ]
    names = [name for name, shown in columns if shown]
    widths = _fit(names, rows, width)
    table = _table("Draft resolutions voted", *columns)
    if widths is not None:
        for column, fixed in zip(table.columns, widths, strict=True):
            column.width = fixed
        rows = [[_folded(row[0], widths[0]), *row[1:]] for row in rows]
    for row in rows:
        _row(table, *row)
    return table


def _fit(names: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """The drafts' column widths when their table, as wide as its cells, is wider than `width` (None: it fits,
    and is left to rich). rich would narrow its widest columns until it fits, cutting their headers mid-word
    (`agains`/`t`); here a column is never narrower than its longest word, header included (`vetoed`/`by`
    wraps between words, last), ids and dates stay whole, and only a draft id too long for what is left is
    folded, after a `/` or `:` where it can (`S/552:`/`preliminary`)."""
    cells = [[name, *(row[i] for row in rows)] for i, name in enumerate(names)]
    natural = [max(len(line) for cell in column for line in cell.splitlines() or [""]) for column in cells]
    room = width - (len(names) + 1) - 2 * len(names)  # the borders, and a space either side of each cell
    if sum(natural) <= room:
        return None
    least = [n if name in _WHOLE else max(len(word) for cell in column for word in cell.split() or [""])
             for name, n, column in zip(names, natural, cells, strict=True)]
    widths = list(natural)
    widths[0] = max(len(names[0]), min(natural[0], room - sum(least[1:])))  # the draft ids: folded if need be
    for floor in ([max(n, len(name)) for n, name in zip(least, names, strict=True)], least):  # whole headers first
        while sum(widths) > room:  # the widest column that may wrap narrows, as rich narrows it
            narrower = [i for i in range(1, len(widths)) if widths[i] > floor[i]]
            if not narrower:
                break
            widths[max(narrower, key=lambda i: widths[i])] -= 1
    return widths


def _folded(ident: str, width: int) -> str:
    """An id on lines of at most `width` characters, broken after a `/` or `:` where it can be (a part longer
    than a line is folded where the line ends)."""
    lines = [""]
    for part in re.findall(r"[^/:]*[/:]|[^/:]+", ident):
        while part:
            if lines[-1] and len(lines[-1]) + len(part) > width:
                lines.append("")
            room = width - len(lines[-1])
            lines[-1] += part[:room]
            part = part[room:]
            if part:
                lines.append("")
    return "\n".join(lines)


def _votes(count: int | None, members: Sequence[str]) -> str:
    # The members who voted so, where the vote names them: `1 (RUS)`; `?` where the source gives no count (a
    # word would not fit three narrow columns: the line under the table says what it means).
    said = UNKNOWN if count is None else str(count)
    return f"{said} ({', '.join(members)})" if members else said


UNKNOWN = "?"


def _print_drafts(console: Console, drafts: Sequence[DraftView], wide: bool, label: Callable[[str], str]) -> None:
    """The drafts' table, if there are any, and what `?` means in it where a count is unknown."""
    if not drafts:
        return
    console.print(_drafts(drafts, wide, label, console.width))
    if any(d.unknown for d in drafts):
        console.print(f"{UNKNOWN}: unknown, the source does not give the count", highlight=False)


def _allows(on: Any) -> str:
    """After a date as written: its precision, or for an uncertain or approximate date the days it allows
    (an interval or an open start says them itself)."""
    if on.kind in ("day", "interval", "open-start"):
        return ""
    if on.kind in ("month", "year"):
        return f" ({on.kind})"
    return f"\n[dim]{on.earliest.isoformat()} to {on.latest.isoformat()}[/dim]"


_CITATIONS = {"source", "also_cited"}


def _corrected(changes: dict[str, Any]) -> str:
    """What a correction changed, briefly: `stance → condemns`, or `its sources`."""
    said = [f"{k} \u2192 {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in changes.items()
            if k not in _CITATIONS]
    if set(changes) & _CITATIONS:
        said.append("its sources")
    return "; ".join(said)


def print_timeline(rows: Sequence[Any], wide: bool, actors: Actors | None = None, quotes: bool = False) -> None:
    """One row a fact: its day, what happened (its actors by name and state, when known), its id and source
    under it (or, `wide`, beside it), and with `quotes` the words of its source that prove it."""
    from ledger.views.actors import summary_with_names

    table = _table("Timeline", ("on", True), ("fact", True), ("source", wide), ("id", wide))
    for row in rows:
        on = _escape(row.on.text) + _allows(row.on)
        source = cite(row.source, row.locator)
        said = _escape(summary_with_names(row, actors) if actors is not None else row.summary)
        if quotes and row.quote:
            said += f"\n[italic]\u201c{_escape(row.quote)}\u201d[/italic]"
        for note in row.corrections if quotes else ():  # a quote is its source's words: say what was corrected since
            said += f"\n[dim]corrected by {_escape(note['event_id'])}: {_escape(_corrected(note['changes']))}[/dim]"
        if wide:
            table.add_row(on, said, _escape(source), _escape(row.event_id))
        else:
            table.add_row(on, f"{said}\n[dim]{_escape(row.event_id)} \u00b7 {_escape(source)}[/dim]")
    _console(wide).print(table)


def _what_was_checked(checked: bool, flagged: bool) -> str:
    if flagged:
        return ""
    return "quote found in its text" if checked else "text not held: quote not checked"


def audit_lines(found: Sequence[Provenance]) -> Iterator[str]:
    """Every fact with its source, locator and quote, what was checked, and a count at the end."""
    for p in found:
        yield f"#{p.position} {p.event_id} ({p.type}{', ' + p.occurred_on if p.occurred_on else ''})"
        if p.reason:
            yield f"    reason: {p.reason}"
        if p.source is not None:
            checked = _what_was_checked(p.checked, p.citation_flagged)
            yield f"    source: {cite(p.source, p.locator)}" + (f" [{checked}]" if checked else "")
        if p.quote:
            yield f"    quote: \u201c{p.quote}\u201d"
        for also in p.also_cited:
            checked = _what_was_checked(also.checked, also.problem is not None)
            yield f"    also cited: {cite(also.source, also.locator)}" + (f" [{checked}]" if checked else "")
            if also.quote:
                yield f"        quote: \u201c{also.quote}\u201d"
        for rule in p.unchecked:
            yield f"    rules not all checked: {rule}"
        if p.flagged:
            yield f"    FLAGGED: {p.problem}"
    flagged = sum(p.flagged for p in found)
    if unchecked := sum(bool(p.unchecked) for p in found):  # a count of its own: the last line keeps its form
        yield (f"{counted(unchecked, 'fact')} whose rules could not all be checked: "
               f"{'their source leaves part of them' if unchecked > 1 else 'its source leaves part of them'} unknown")
    quoted = sum(p.checked for p in found) + sum(c.checked for p in found for c in p.also_cited)
    yield f"{counted(len(found), 'fact')}: {counted(quoted, 'quote')} checked against their source's text, {flagged} flagged"


def history_lines(ident: str, versions: Sequence[Version]) -> Iterator[str]:
    """Every version: the day it holds from, when it was recorded, its event and source, and what changed."""
    yield f"{ident}: {counted(len(versions), 'version')} (valid from / recorded at / event / source)"
    for v in versions:
        why = f": {v.reason}" if v.reason else ""
        yield f"{v.occurred_on or '-':<10}  {v.recorded_at.isoformat()}  {v.event_id} ({v.type}){why}  [{cite(v.source, v.locator)}]"
        if v.state is None:  # retracted: what it said is gone whole, not field by field
            yield "    gone from the views from then on"
            continue
        if v.first:
            yield "    first version"
        elif not v.changes:  # a correction of its sources, say: what it says stands
            yield "    what it says is unchanged; what it rests on (its sources, its evidence) changed"
        for name, (before, after) in v.changes.items():
            yield f"    {name}: {_change(before, after)}"


def council_lines(council: Council) -> Iterator[str]:
    """The Council of a day, a member a line (code, kind, term, name), then the source of the list."""
    if not council.seats:
        yield f"no Security Council on {council.on}: it first met on 1946-01-17"
    else:
        known = "" if council.listed else " known"
        yield f"The Security Council on {council.on}: {len(council.seats)} members{known}"
    for t in council.seats:
        term = f"{t.first or 'the Charter'} to {t.last}" if t.last else f"since {t.first or 'the Charter'}"
        yield f"  {t.code}  {t.kind:<9}  {term:<24}  {t.name}" + (f" ({t.note})" if t.note else "")
    if council.seats and not council.listed:
        yield f"  (the elected members after {council.listed_until} are not in this version's list)"
    yield f"source: {council.source}"


def counted(n: int, noun: str) -> str:
    """`1 version`, `2 versions`: a count with its noun, singular for one."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def cite(source: str | None, locator: str | None) -> str:
    return f"{source}{', ' + locator if locator else ''}" if source else "-"


def _change(before: Any, after: Any) -> str:
    if isinstance(before, list) and isinstance(after, list):
        added = [x for x in after if x not in before]
        removed = [x for x in before if x not in after]
        return " ".join([*(f"+{_short(x)}" for x in added), *(f"-{_short(x)}" for x in removed)]) or "reordered"
    return f"{_short(before)} -> {_short(after)}"


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return "-" if value is None else str(value)


@contextmanager
def load_progress() -> Iterator[Callable[[int, int, int], None] | None]:
    """A progress bar for `ledger load` on standard error, when that is a terminal (else nothing, and None):
    the share of the files read, the documents checked and their rate, the time taken."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    started = time.perf_counter()
    columns = (TextColumn("[bold]loading"), BarColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[documents]:,} documents, {task.fields[rate]:,.0f}/s"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("load", total=None, documents=0, rate=0.0)

        def update(documents: int, read: int, size: int) -> None:
            elapsed = time.perf_counter() - started
            bar.update(task, completed=read, total=size or None, documents=documents,
                       rate=documents / elapsed if elapsed > 0 else 0.0)

        yield update


def _table(title: str, *columns: tuple[str, bool]) -> Table:
    """A table of the shown columns (name, shown). A column of ids, dates or counts never wraps; the others
    wrap between words, and a word too long for its column is folded onto the next line, never cut."""
    from rich.table import Table

    table = Table(title=title)
    for name, shown in columns:
        if shown:
            table.add_column(name, no_wrap=name in _WHOLE, overflow="fold")
    return table


def _row(table: Table, *cells: str | tuple[str, bool]) -> None:
    """A row of the cells whose columns are shown: a cell is text (not markup), or (text, shown)."""
    table.add_row(*(_escape(c if isinstance(c, str) else c[0]) for c in cells if isinstance(c, str) or c[1]))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _console(wide: bool = False) -> Console:
    """As wide as $COLUMNS, else the terminal (80 columns into a file or a pipe), but never narrower than
    the tables need: 80 columns, or 132 with `--wide`."""
    from rich.console import Console

    return Console(width=max(shutil.get_terminal_size().columns, WIDE if wide else NARROW))
