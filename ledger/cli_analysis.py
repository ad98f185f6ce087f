"""The commands analysts search, compare and show with: `ledger timeline` (with its filters), `ledger diff` and
`ledger report`.

Options are checked before the ledger is opened: a bad one is refused in one line, and nothing is created.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, TypeVar

import click

from ledger import terminal
from ledger.cli_support import open_ledger, say
from ledger.domain.catalogue import CATALOGUE
from ledger.errors import Unwritable
from ledger.options import DAY, FIRST_DAY, KNOWN_AT, LAST_DAY, MOMENT, WORDS, AnyCase
from ledger.service import arguments
from ledger.service.unrecorded import why_empty

if TYPE_CHECKING:
    from ledger.service.application import Ledger
    from ledger.views.items import TimelineEntry

T = TypeVar("T")


@click.command()
@click.option("--from", "since", callback=FIRST_DAY, default=None, metavar="DATE",
              help="From this day: YYYY-MM-DD, or YYYY-MM / YYYY for its first day.")
@click.option("--to", "until", callback=LAST_DAY, default=None, metavar="DATE",
              help="Up to this day, inclusive: YYYY-MM-DD, or YYYY-MM / YYYY for its last day.")
@click.option("--known-at", "known_at", callback=MOMENT, default=None, metavar="MOMENT", help=KNOWN_AT)
@click.option("--type", "types", multiple=True, type=AnyCase(list(CATALOGUE)), metavar="TYPE",
              help="Only facts of this type (StatementIssued, VetoCast...; repeat for several; `ledger types` lists them).")
@click.option("--speaker", default=None, metavar="WHO",
              help="Only what this actor or state said or asked: an id (matthew-miller), a name, or a state's code (USA) "
                   "or English name (Russia).")
@click.option("--about", default=None, metavar="ID",
              help="Only facts about a panel, regime, draft or actor; for a panel, also the drafts on it and what "
                   "was said about its regime.")
@click.option("--text", "words", multiple=True, callback=WORDS, metavar="WORDS",
              help="Only facts whose line, agenda item, quotes or ids contain these words, case and accents aside "
                   "(repeat: each must be there).")
@click.option("--quotes", is_flag=True, help="Each fact's quote from its source, under it.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.option("--csv", "as_csv", is_flag=True,
              help="Print the rows as CSV for a spreadsheet: on, type, what, draft, speakers, about, source, locator, "
                   "quote, event_id, recorded_at.")
@click.option("-o", "--output", default="-", metavar="FILE",
              help="With --csv or --json, the file to write (default: standard output).")
@click.option("--wide", is_flag=True, help="The source and the id in columns of their own (else under the fact).")
@click.pass_context
def timeline(ctx: click.Context, since: date | None, until: date | None, known_at: datetime | None,
             types: tuple[str, ...], speaker: str | None, about: str | None, words: tuple[str, ...], quotes: bool,
             as_json: bool, as_csv: bool, output: str, wide: bool) -> None:
    """Every fact, in the order it happened, with its date's precision and its source; actors by name."""
    if since is not None and until is not None and since > until:
        raise click.UsageError(f"--from {since} is after --to {until}: no day is in that range", ctx)
    if as_json and as_csv:
        raise click.UsageError("--csv and --json print the rows in two ways: give one of them", ctx)
    if output != "-" and not (as_json or as_csv):
        raise click.UsageError("-o writes the rows as --csv or --json: give one of them", ctx)
    ledger = open_ledger(ctx)
    rows = ledger.timeline(since, until, known_at, types=types or None, speaker=speaker, about=about, text=words or None)
    if as_json or as_csv:
        _write_rows(ledger, rows, known_at, as_csv, output)
    elif rows:
        from ledger.views.filters import actors_named

        actors = ledger.actors({a for row in rows for a in actors_named(row)}, known_at)
        terminal.print_timeline(rows, wide, actors, quotes)
    if not rows:
        from ledger.service.timelines import state_about

        state = state_about(ledger, about) if about else None
        say(why_empty(ledger, known_at, _searched(since, until, types, speaker, about, state, words)), as_json or as_csv)
        if state is not None and (not types or set(types) & set(VOTES)):
            say(VOTES_NAME_NO_SUBJECT, as_json or as_csv)


def _write_rows(ledger: Ledger, rows: list[TimelineEntry], known_at: datetime | None, as_csv: bool,
                output: str) -> None:
    """The rows as CSV (actors named as the terminal names them) or JSON, to standard output or a file, which is
    written as `ledger export` writes one."""
    from ledger.service import timeline_csv
    from ledger.views.filters import actors_named

    def write(stream: IO[str]) -> None:
        if as_csv:
            timeline_csv.write_csv(rows, stream, ledger.actors({a for row in rows for a in actors_named(row)}, known_at))
        else:
            stream.write(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False) + "\n")

    if output == "-":
        write(sys.stdout)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            write(stream)
    except OSError as e:  # no such folder, no permission, a full disk: one line, not a traceback
        raise Unwritable(f"{output}: {e.strerror or e}") from None
    click.echo(f"wrote {terminal.counted(len(rows), 'row')} to {output}", err=True)


# A vote's and a veto's topic is text (its agenda item, the veto list's line), never a state among its ids.
VOTES = ("DraftResolutionVoted", "VetoCast")
VOTES_NAME_NO_SUBJECT = ("a vote or a veto names a state only as a member voting or a speaker; its topic is text\n"
                         "(its agenda item, the veto list's line), which `--type DraftResolutionVoted --json` shows")


def _searched(since: date | None, until: date | None, types: tuple[str, ...], speaker: str | None, about: str | None,
              state: str | None, words: tuple[str, ...] = ()) -> str:
    """What a timeline searched and did not find, as searched (not "nothing happened": the ledger may not name
    what was asked for the way it was asked, as a vote names its topic only as text)."""
    from ledger.states import state_label

    days = f"between {since} and {until}" if since and until else f"from {since} on" if since else f"up to {until}" if until else ""
    naming = (f"naming {state_label(state)} among those it is about, who spoke or who voted" if state is not None
              else f"about {about}" if about else "")
    asked = [" or ".join(types) if types else "fact", days, f"by {speaker}" if speaker else "", naming,
             f"containing {' and '.join(map(repr, words))}" if words else ""]
    return " ".join(["the ledger holds no", *filter(None, asked)])


@click.command()
@click.argument("points", nargs=-1, metavar="[D1 D2]")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="One day, compared as known at two moments: --known-at T1 T2.")
@click.option("--known-at", "known_at", multiple=True, metavar="MOMENT",
              help="Both days as known at this moment (default: now); with --as-of, the first of two moments.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option("--wide", is_flag=True, help="Also the data of what appeared, and the facts' sources in full (132 columns).")
@click.pass_context
def diff(ctx: click.Context, points: tuple[str, ...], as_of: str | None, known_at: tuple[str, ...], as_json: bool,
         wide: bool) -> None:
    """What changed from one day to another (D1 D2), or on one day between two moments (--as-of D --known-at T1 T2):
    each panel, regime, draft, statement and report that appeared, disappeared or changed, and the facts why."""
    (first, second), (earlier, later) = _points(ctx, points, as_of, known_at)
    ledger = open_ledger(ctx)
    changes = ledger.diff(first, second, known_at=(earlier, later))
    if as_json:
        click.echo(json.dumps(changes.to_dict(), indent=2, ensure_ascii=False))
    else:
        from ledger.diff_tables import print_diff

        speakers = {s for c in changes.changes if c.kind == "statement" for s in (c.after or c.before or {})["speakers"]}
        print_diff(changes, wide, ledger.actors(speakers, later))
    if not changes.changes:
        # Why: the moments may come before anything was recorded, or the days lie outside the facts held.
        latest = None if earlier is None or later is None else max(earlier, later)
        say(why_empty(ledger, latest, "nothing changed"), as_json)


@click.command()
@click.option("--as-of", "as_of", callback=DAY, default=None, metavar="YYYY-MM-DD", help="The day to show (default: today).")
@click.option("--known-at", "known_at", callback=MOMENT, default=None, metavar="MOMENT", help=KNOWN_AT)
@click.option("-o", "--output", required=True, metavar="FILE", help="The HTML file to write (- for standard output).")
@click.pass_context
def report(ctx: click.Context, as_of: date | None, known_at: datetime | None, output: str) -> None:
    """One self-contained HTML page: the timeline drawn a lane per regime, the vote matrix, the state's tables and
    every fact's quote and source, with the log's digest. It loads nothing from the network."""
    ledger = open_ledger(ctx)
    if output == "-":
        click.echo(ledger.report(as_of, known_at), nl=False)
        return
    written = ledger.write_report(output, as_of, known_at)
    click.echo(f"wrote the report as of {as_of or date.today()} to {written}", err=True)


def _points(ctx: click.Context, points: tuple[str, ...], as_of: str | None,
            known_at: tuple[str, ...]) -> tuple[tuple[date, date], tuple[datetime | None, datetime | None]]:
    """The two days and the two moments a diff compares, read as the API reads them; refused in the
    options' own names when they are missing, malformed or the wrong way round."""
    if as_of is not None:
        moments = [*known_at, *points]
        if len(moments) != 2:
            raise click.UsageError(f"--as-of compares one day as known at two moments: give --known-at T1 T2 "
                                   f"(got {len(moments)})", ctx)
        day = _read(arguments.day, as_of, "--as-of")
        texts: list[str | None] = list(moments)
        days = (day, day)
    else:
        if len(points) != 2:
            raise click.UsageError(f"give two days to compare, D1 D2 (got {len(points)}), or --as-of D --known-at T1 T2", ctx)
        if len(known_at) > 2:
            raise click.UsageError(f"--known-at: give one moment, or two (got {len(known_at)})", ctx)
        days = (_read(arguments.day, points[0], "D1"), _read(arguments.day, points[1], "D2"))
        texts = list(known_at) if len(known_at) == 2 else [known_at[0] if known_at else None] * 2
    moments_read = tuple(_read(arguments.moment, t, "--known-at") if t is not None else None for t in texts)
    if days[0] > days[1]:
        raise click.UsageError(f"D1 {days[0]} is after D2 {days[1]}: give the earlier day first", ctx)
    earlier, later = moments_read
    if earlier is not None and later is not None and earlier > later:
        raise click.UsageError(f"--known-at {texts[0]} is after {texts[1]}: give the earlier moment first", ctx)
    return days, (earlier, later)


def _read(read: Callable[[str], T], text: str, name: str) -> T:
    try:
        return read(text)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint=name) from None
