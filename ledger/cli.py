"""The `ledger` command: the Python API for people and scripts (DESIGN section 6).

Exit codes: 0 done; 1 the log was found altered (`verify`) or a quote not in its source (`audit`);
2 refused input or usage, with one readable line and no traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ledger.application import Ledger
from ledger.errors import LedgerError, Unwritable
from ledger.exports import export_rows, write_csv, write_jsonl
from ledger.log import configure
from ledger.storage.chain import Digest
from ledger.views import View

ALTERED = 1
REFUSED = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "url", envvar="LEDGER_URL", default="sqlite:///ledger.db", show_default=True,
              help="SQLAlchemy URL of the ledger (default $LEDGER_URL).")
@click.option("--log-json", is_flag=True, help="Write log lines as JSON.")
@click.option("--log-level", envvar="LEDGER_LOG_LEVEL", default=None,
              help="debug, info, warning, error (default: info with --log-json, else error).")
@click.pass_context
def cli(ctx: click.Context, url: str, log_json: bool, log_level: str | None) -> None:
    """An event-sourced ledger of UN Security Council facts, replayable to any date."""
    # On a terminal a refusal is one readable line; the structured lines are there when asked for.
    configure(json=log_json, level=log_level or ("info" if log_json else "error"))
    ctx.obj = url


def _open(ctx: click.Context) -> Ledger:
    ledger = Ledger.open(ctx.obj)
    ctx.call_on_close(ledger.close)
    return ledger


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Append every document of files or folders (.json, .jsonl), all or nothing."""
    recordings = _open(ctx).load(*paths)
    new = sum(not r.repeated for r in recordings)
    click.echo(f"{len(recordings)} documents: {new} new, {len(recordings) - new} already held")


@cli.command()
@click.option("--as-of", "as_of", default=None, help="The day to look at (YYYY-MM-DD); default today.")
@click.option("--known-at", "known_at", default=None, help="Only what was recorded by this moment (ISO date-time).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole view as JSON.")
@click.pass_context
def state(ctx: click.Context, as_of: str | None, known_at: str | None, as_json: bool) -> None:
    """The state of every panel and regime on a day."""
    view = _open(ctx).as_of(as_of or date.today(), known_at=known_at)
    if as_json:
        click.echo(json.dumps(view.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_state(view)


@cli.command()
@click.option("--from", "since", default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "until", default=None, help="Last day (YYYY-MM-DD).")
@click.option("--known-at", "known_at", default=None, help="Only what was recorded by this moment.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.pass_context
def timeline(ctx: click.Context, since: str | None, until: str | None, known_at: str | None, as_json: bool) -> None:
    """Every fact, in the order it happened, with its date's precision and its source."""
    rows = _open(ctx).timeline(since, until, known_at)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    table = Table(title="Timeline", show_lines=False)
    for column in ("on", "fact", "source", "id"):
        table.add_column(column)
    for row in rows:
        on = row.on.text + ("" if row.precision == "day" else f" ({row.precision})")
        table.add_row(on, row.summary, _cite(row.source, row.locator), row.event_id)
    _console().print(table)


@cli.command()
@click.pass_context
def rebuild(ctx: click.Context) -> None:
    """Rebuild every read model from the log; readers switch to the new tables at once."""
    ledger = _open(ctx)
    if sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress("[bold]rebuilding", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()) as bar:
            task = bar.add_task("rebuild", total=ledger.head())
            position = ledger.rebuild(lambda done, total: bar.update(task, completed=done, total=total))
    else:
        position = ledger.rebuild()
    click.echo(f"rebuilt the read models to position {position}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print every fact's provenance as JSON.")
@click.pass_context
def audit(ctx: click.Context, as_json: bool) -> None:
    """Every fact with its source, locator and quote; exit 1 if a quote is not in its source's text."""
    found = _open(ctx).audit()
    flagged = [p for p in found if p.flagged]
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in found], indent=2, ensure_ascii=False))
    else:
        for p in found:
            click.echo(f"#{p.position} {p.event_id} ({p.type}{', ' + p.occurred_on if p.occurred_on else ''})")
            if p.reason:
                click.echo(f"    reason: {p.reason}")
            if p.source is not None:
                checked = "quote found in its text" if p.checked and not p.flagged else (
                    "text not held: quote not checked" if not p.checked and not p.flagged else "")
                click.echo(f"    source: {_cite(p.source, p.locator)}" + (f" [{checked}]" if checked else ""))
            if p.quote:
                click.echo(f"    quote: \u201c{p.quote}\u201d")
            if p.flagged:
                click.echo(f"    FLAGGED: {p.problem}")
        click.echo(f"{len(found)} facts: {sum(p.checked for p in found)} quotes checked against their source's "
                   f"text, {len(flagged)} flagged")
    if flagged:
        sys.exit(ALTERED)


@cli.command()
@click.option("--format", "kind", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--known-at", "known_at", default=None, help="Only the events recorded by this moment.")
@click.option("-o", "--output", default="-", help="File to write (default: standard output).")
@click.pass_context
def export(ctx: click.Context, kind: str, known_at: str | None, output: str) -> None:
    """Every event in log order, with its source, quote, CAMEO code and PLOVER category."""
    rows = export_rows(_open(ctx).facts(known_at))
    write = write_csv if kind == "csv" else write_jsonl
    if output == "-":
        write(rows, sys.stdout)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            count = write(rows, stream)
    except OSError as e:  # no such folder, no permission, a full disk: one line, not a traceback
        raise Unwritable(f"{output}: {e.strerror or e}") from None
    click.echo(f"exported {count} events to {output}", err=True)


@cli.command()
@click.argument("ident", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the versions as JSON.")
@click.pass_context
def history(ctx: click.Context, ident: str, as_json: bool) -> None:
    """Every version of a panel, regime, draft or event: the day it holds from, when it was recorded, its source."""
    versions = _open(ctx).history(ident)
    if as_json:
        click.echo(json.dumps([v.to_dict() for v in versions], indent=2, ensure_ascii=False))
        return
    click.echo(f"{ident}: {len(versions)} versions (valid from / recorded at / event / source)")
    for v in versions:
        why = f": {v.reason}" if v.reason else ""
        click.echo(f"{v.occurred_on or '-':<10}  {v.recorded_at}  {v.event_id} ({v.type}){why}  "
                   f"[{_cite(v.source, v.locator)}]")
        if v.state is None:
            click.echo("    gone from the views from then on")
        elif not v.changes:
            click.echo("    first version")
        for name, (before, after) in v.changes.items():
            click.echo(f"    {name}: {_change(before, after)}")


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


@cli.command()
@click.pass_context
def digest(ctx: click.Context) -> None:
    """Print the head of the hash chain (POSITION:SHA256): keep it elsewhere, check it with `verify --digest`."""
    click.echo(str(_open(ctx).digest()))


@cli.command()
@click.option("--digest", "head", default=None, metavar="POSITION:SHA256",
              help="A digest printed earlier by `ledger digest`: prove the log still extends it.")
@click.pass_context
def verify(ctx: click.Context, head: str | None) -> None:
    """Recompute the hash chain over every stored event; exit 1 at the first sign of an edit."""
    try:
        against = Digest.parse(head) if head is not None else None
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--digest") from None
    result = _open(ctx).verify(against)
    if result.broken is not None:
        click.echo(f"ledger: verify: the log was altered at position {result.broken.position} "
                   f"({result.broken.kind}): {result.broken.reason}; {result.checked} events before it check out")
        sys.exit(ALTERED)
    if result.extends is False:
        click.echo(f"ledger: verify: the log does not extend digest {against}: its head is now {result.head}")
        sys.exit(ALTERED)
    click.echo(f"verified {result.checked} events; head {result.head}"
               + (f"; extends digest {against}" if against is not None else ""))


def _print_state(view: View) -> None:
    console = _console()
    console.print(f"[bold]State as of {view.as_of}[/bold]" + (f" (known at {view.known_at})" if view.known_at else ""))
    panels = Table(title="Expert panels")
    for column in ("panel", "regime", "status", "established", "mandate ends", "reports", "vetoes"):
        panels.add_column(column)
    for p in view.panels:
        vetoes = ", ".join(f"{v.member} {v.draft_id} ({v.on})" for v in p.vetoes) or "-"
        panels.add_row(p.panel_id, p.regime_id, p.status, str(p.established_on), str(p.mandate_ends_on),
                       str(len(p.reports)), vetoes)
    regimes = Table(title="Sanctions regimes")
    for column in ("regime", "target", "status", "established", "resolutions", "panels", "monitored", "relief sought by"):
        regimes.add_column(column)
    for r in view.regimes:
        status = r.status + (f" ({r.terminated_on})" if r.terminated_on else "")
        regimes.add_row(r.regime_id, r.target, status, str(r.established_on), str(len(r.resolutions)),
                        ", ".join(r.panels) or "-", "yes" if r.monitored else "no", ", ".join(r.relief_sought_by) or "-")
    console.print(panels)
    console.print(regimes)


def _cite(source: str | None, locator: str | None) -> str:
    return f"{source}{', ' + locator if locator else ''}" if source else "-"


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160)


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="ledger", standalone_mode=False)
    except LedgerError as e:
        click.echo(f"ledger: {e.kind}: {e}", err=True)
        sys.exit(REFUSED)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else e.format_message())
        return 0
    except click.UsageError as e:
        click.echo(f"ledger: usage: {e.format_message()} (see ledger --help)", err=True)
        sys.exit(REFUSED)
    except click.Abort:
        click.echo("ledger: aborted", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
