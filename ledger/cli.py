"""The `ledger` command: the Python API for people and scripts.

Exit codes: 0 done; 1 the log was found altered (`verify`) or a quote not in its source (`audit`);
2 refused input or usage, with one readable line and no traceback.

`ledger --help` and `ledger COMMAND --help` import click and little else: each command imports the
application, rich, the exports and the logging setup when it runs (SQLAlchemy, eventsourcing and
structlog take most of a second to import).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ledger import terminal
from ledger.cli_support import open_ledger as _open
from ledger.cli_support import say as _say
from ledger.errors import InvalidArgument, LedgerError, UnknownReference, Unwritable
from ledger.options import DAY, KNOWN_AT, MOMENT, AnyCase, command_path, option_named
from ledger.service.unrecorded import why_empty

ALTERED = 1
REFUSED = 2
INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C (128 + SIGINT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplomatic-ledger", prog_name="ledger", message="%(prog)s %(version)s")
@click.option("--db", "url", envvar="LEDGER_URL", default="sqlite:///ledger.db", show_default=True,
              help="SQLAlchemy URL of the ledger (default $LEDGER_URL).")
@click.option("--log-json", is_flag=True, help="Write log lines as JSON.")
@click.option("--log-level", envvar="LEDGER_LOG_LEVEL", default=None,
              type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
              help="debug, info, warning, error (default: info with --log-json, else error).")
@click.pass_context
def cli(ctx: click.Context, url: str, log_json: bool, log_level: str | None) -> None:
    """An event-sourced ledger of UN Security Council facts, replayable to any date."""
    # On a terminal a refusal is one readable line; the structured lines are there when asked for.
    # Set up when a command opens the ledger: `ledger COMMAND --help` does not import structlog.
    ctx.meta["ledger.log"] = {"json": log_json, "level": (log_level or ("info" if log_json else "error")).lower()}
    ctx.obj = url


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the ledger, or upgrade its schema to this version's; say which it did."""
    ledger = _open(ctx, write=True)
    if ledger.schema_was is None:
        done = f"created a new ledger (schema revision {ledger.schema})"
    elif ledger.schema_was != ledger.schema:
        done = f"upgraded the ledger's schema from revision {ledger.schema_was} to {ledger.schema}"
    else:
        done = f"the ledger's schema is already at revision {ledger.schema}: nothing to do"
    click.echo(done + ("; rebuilt its read models (written by older code)" if ledger.last_rebuild else ""))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Append every document of files or folders (.json, .jsonl), all or nothing."""
    from ledger.documents.files import document_files  # here: it loads the schemas, which --help need not

    for path in paths:  # before the ledger is opened: a path mistyped leaves no new, empty ledger behind
        document_files(Path(path))
    ledger = _open(ctx, write=True)
    try:
        with terminal.load_progress() as progress:  # on standard error, when it is a terminal
            recordings = ledger.load(*paths, progress=progress)
    except UnknownReference as e:
        # Nothing it names is held: where this load created the ledger, most often the command was run where no
        # ledger is, or with a --db mistyped (a malformed document is malformed in any ledger: no word then).
        if ledger.schema_was is None:
            from ledger.storage.opening import safe_url  # here: `ledger --help` imports no SQLAlchemy

            e.reason += (f"; there was no ledger at {safe_url(ledger.url)}: this command created it, empty "
                         "(is --db, or $LEDGER_URL, the ledger you meant?)")
            e.args = (e.message,)
        raise
    if not recordings:  # an empty file is no error, but most often the wrong file: say so rather than "0 new"
        given = ", ".join(paths)
        click.echo(f"0 documents: {given} {'holds' if len(paths) == 1 else 'hold'} none; nothing was stored")
    else:
        # When, so that `--known-at` can ask what the ledger knew just before this load.
        new = next((r for r in recordings if not r.repeated), None)
        at = f"; recorded at {new.recorded_at.isoformat(timespec='microseconds')}" if new is not None else ""
        click.echo(f"{terminal.counted(len(recordings), 'document')}: {recordings.new} new, "
                   f"{recordings.repeated} already held{at}")
    for flagged in recordings.flagged:  # stored, but its date allows a day on which it breaks a rule
        click.echo(f"flagged: {flagged.type} {flagged.event_id!r}: {flagged.flag}")


@cli.command()
@click.option("--as-of", "as_of", callback=DAY, default=None, metavar="YYYY-MM-DD", help="The day to look at (default: today).")
@click.option("--known-at", "known_at", callback=MOMENT, default=None, metavar="MOMENT", help=KNOWN_AT)
@click.option("--json", "as_json", is_flag=True, help="Print the whole view as JSON.")
@click.option("--wide", is_flag=True,
              help="Every column: also regime and reports; target, resolutions and relief sought by (for 120 columns).")
@click.option("--all-drafts", is_flag=True, help="Every draft voted by the day, not only those on a panel or regime.")
@click.pass_context
def state(ctx: click.Context, as_of: date | None, known_at: datetime | None, as_json: bool, wide: bool,
          all_drafts: bool) -> None:
    """The state of every panel and regime on a day, and the drafts voted on them by then."""
    ledger = _open(ctx)
    view = ledger.as_of(as_of or date.today(), known_at=known_at)
    if as_json:
        data = view.to_dict()
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        held = bool(data["panels"] or data["regimes"])
    else:
        # Who vetoed and who sought relief, by name and state where they are actors the ledger registered.
        named = {a for r in view.regimes for a in r.relief_sought_by} | {a for d in view.drafts for a in d.vetoed_by}
        held = terminal.print_state(view, wide, ledger.actors(named, known_at), all_drafts)
    if not held:
        _say(why_empty(ledger, known_at, f"no panel or regime had been established by {view.as_of}"), as_json)


@cli.command()
@click.pass_context
def rebuild(ctx: click.Context) -> None:
    """Rebuild every read model from the log; readers switch to the new tables at once."""
    ledger = _open(ctx, write=True)
    if sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress("[bold]rebuilding", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()) as bar:
            task = bar.add_task("rebuild", total=ledger.head())
            position = ledger.rebuild(lambda done, total: bar.update(task, completed=done, total=total))
    else:
        position = ledger.rebuild()
    click.echo(f"rebuilt the read models to position {position}")
    # A rebuild makes the read models agree with the log as it stands; it does not mend a log cut short behind
    # its hash chain, whose writes stay refused: said here, not first at the next load.
    refused = ledger.refusal()
    if refused is not None:
        click.echo(f"ledger: note: writes stay refused: {refused}", err=True)


@cli.command()
@click.argument("event_ids", nargs=-1, metavar="[EVENT_ID]...")
@click.option("--json", "as_json", is_flag=True, help="Print every fact's provenance as JSON.")
@click.pass_context
def audit(ctx: click.Context, event_ids: tuple[str, ...], as_json: bool) -> None:
    """Every fact with its source, locator and quote (or only the facts of the EVENT_IDs given); exit 1 if one
    is flagged: a quote not in its source's text, or a date that allows a day on which the fact breaks a rule."""
    ledger = _open(ctx)
    try:
        found = ledger.audit(event_ids or None)
    except InvalidArgument as e:
        raise click.BadParameter(e.reason, param_hint="EVENT_ID") from None
    flagged = [p for p in found if p.flagged]
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in found], indent=2, ensure_ascii=False))
    else:
        for line in terminal.audit_lines(found):
            click.echo(line)
    if flagged:
        sys.exit(ALTERED)


@cli.command()
@click.option("--format", "kind", type=AnyCase(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--known-at", "known_at", callback=MOMENT, default=None, metavar="MOMENT", help=KNOWN_AT)
@click.option("-o", "--output", default="-", help="File to write (default: standard output).")
@click.pass_context
def export(ctx: click.Context, kind: str, known_at: datetime | None, output: str) -> None:
    """Every event in log order, with its source, quote, CAMEO code and PLOVER category; who spoke (by name
    and state, and by id), their stance and what about."""
    from ledger.service.exports import ledger_rows, write_csv, write_jsonl

    ledger = _open(ctx)
    rows = ledger_rows(ledger, known_at)
    write = write_csv if kind == "csv" else write_jsonl
    if output == "-":
        count = write(rows, sys.stdout)
    else:
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = write(rows, stream)
        except OSError as e:  # no such folder, no permission, a full disk: one line, not a traceback
            raise Unwritable(f"{output}: {e.strerror or e}") from None
        click.echo(f"exported {count} events to {output}", err=True)
    if count == 0:  # on standard error: the output stays a valid, empty export
        click.echo(why_empty(ledger, known_at, "no event to export"), err=True)


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
    for line in terminal.history_lines(ident, versions):
        click.echo(line)


@cli.command()
@click.pass_context
def digest(ctx: click.Context) -> None:
    """Print the head of the hash chain (POSITION:SHA256): keep it elsewhere, check it with `verify --digest`."""
    click.echo(str(_open(ctx).digest()))


@cli.command()
@click.option("--digest", "head", default=None, metavar="POSITION:SHA256",
              help="A digest printed earlier by `ledger digest`: prove the log still extends it.")
@click.option("--log-only", is_flag=True,
              help="Check the log and its hash chain only, not the fact index and read models derived from it "
                   "(faster on a long log).")
@click.pass_context
def verify(ctx: click.Context, head: str | None, log_only: bool) -> None:
    """Recompute the hash chain over every stored event, then compare the fact index and the read models with
    what the log derives; exit 1 at the first sign of an edit."""
    from ledger.storage.chain import Digest

    try:
        against = Digest.parse(head) if head is not None else None
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--digest") from None
    result = _open(ctx).verify(against, log_only=log_only)
    if result.broken is not None:
        click.echo(f"ledger: verify: the log was altered at position {result.broken.position} "
                   f"({result.broken.kind}): {result.broken.reason}; {result.checked} events before it check out", err=True)
        sys.exit(ALTERED)
    if result.extends is False:
        if result.head.position < against.position:  # type: ignore[union-attr]
            click.echo(f"ledger: verify: the log does not extend digest {against}: its head is now {result.head}, "
                       f"before the digest's position: it was cut short", err=True)
        else:
            click.echo(f"ledger: verify: the log does not extend digest {against}: its link at position "
                       f"{against.position} is {result.found or 'missing'}, not the digest's "  # type: ignore[union-attr]
                       "(the log up to there was rewritten, or the digest is not of this ledger)", err=True)
        sys.exit(ALTERED)
    click.echo(f"verified {result.checked} events; head {result.head}"
               + (f"; extends digest {against}" if against is not None else ""))
    derived = result.derived
    if derived is None:
        click.echo("the fact index and the read models were not compared with the log (--log-only)")
        return
    for difference in derived.differences:
        click.echo(f"ledger: verify: {difference.table} was altered: it differs from what the log derives at "
                   f"{difference.row}: {difference.what}"
                   + (f" ({difference.count} rows of it differ)" if difference.count > 1 else ""), err=True)
    if not derived.ok:
        if all(d.table.startswith("rm_") for d in derived.differences):
            # Only the read models differ, and they are derived: the log they come from checks out. Whether they
            # were edited, or written wrong by an older version, the rebuild makes them what the log says.
            click.echo("ledger: verify: only read models differ, and the log they are derived from checks out: "
                       "`ledger rebuild` makes them again from it (keep a copy of the database first if the difference "
                       "must be explained)", err=True)
        sys.exit(ALTERED)
    click.echo(f"{derived} ({derived.rows} rows compared)")


@cli.command()
@click.option("--on", "on", callback=DAY, default=None, metavar="YYYY-MM-DD", help="The day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the Council as JSON.")
def members(on: date | None, as_json: bool) -> None:
    """The members of the Security Council on a day, permanent and elected, with the source of the list."""
    from ledger.domain.membership import council_on

    council = council_on(on or date.today())  # package data: no ledger to open
    if as_json:
        click.echo(json.dumps(council.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in terminal.council_lines(council):
        click.echo(line)


@cli.command("types")
@click.argument("name", metavar="[TYPE]", required=False)
@click.option("--json-schema", "as_schema", is_flag=True, help="Print a JSON Schema (draft 2020-12) instead.")
@click.option("--markdown", is_flag=True, help="Print the reference as Markdown (the README's section).")
def types_(name: str | None, as_schema: bool, markdown: bool) -> None:
    """Every document type you may append, with its fields and an example line (or one TYPE)."""
    from ledger.documents import reference
    from ledger.documents.schemas import SCHEMAS

    if name is not None and name not in SCHEMAS:
        same = [known for known in SCHEMAS if known.casefold() == name.casefold()]  # `statementissued`
        if not same:
            import difflib

            near = difflib.get_close_matches(name, list(SCHEMAS), n=1)
            meant = f" (did you mean {near[0]}?)" if near else ""
            raise click.BadParameter(f"unknown type {name!r}{meant}; known types: {', '.join(SCHEMAS)}", param_hint="TYPE")
        name = same[0]
    if as_schema:
        click.echo(reference.as_json_schema(name))
    elif markdown:
        if name is not None:
            raise click.UsageError("--markdown prints the whole reference: give no TYPE")
        click.echo(reference.as_markdown(), nl=False)
    else:
        click.echo(reference.as_text([name] if name else None), nl=False)


from ledger.cli_analysis import diff, report, timeline  # noqa: E402 - the commands analysts compare, search and show with
from ledger.cli_import import import_  # noqa: E402 - importers of public lists
from ledger.scenarios.command import check  # noqa: E402 - the command lives beside its runner

cli.add_command(timeline)
cli.add_command(diff)
cli.add_command(report)
cli.add_command(check)
cli.add_command(import_)


def main(argv: list[str] | None = None) -> Any:
    # A reader that stops early (`ledger audit | head`) ends the command quietly, as it ends any Unix tool,
    # instead of a BrokenPipeError and an exit code that would read as "altered" (1).
    if argv is None and hasattr(signal, "SIGPIPE"):  # run as the command, not called from a program
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        return cli.main(args=argv, prog_name="ledger", standalone_mode=False)
    except LedgerError as e:
        click.echo(f"ledger: {e.kind}: {e}", err=True)
        sys.exit(REFUSED)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else e.format_message())
        return 0
    except click.UsageError as e:
        said = e.format_message()
        if isinstance(e, click.BadParameter) and not isinstance(e, click.MissingParameter):
            said = f"{option_named(e)}: {e.message}"  # the option as typed, then what is wrong with its value
        given = sys.argv[1:] if argv is None else argv
        click.echo(f"ledger: usage: {said.rstrip('.')} (see {command_path(e, given, cli.commands)} --help)", err=True)
        sys.exit(REFUSED)
    except click.Abort:  # Ctrl-C: click turns the interrupt into an Abort
        click.echo("ledger: interrupted; an append or load that had not finished stored nothing", err=True)
        sys.exit(INTERRUPTED)
    except Exception as e:
        # A database that fails a read (a table dropped by hand, a lost connection) is said in one line too.
        from ledger.storage.failures import database_failure, first_line  # here: `ledger --help` imports no SQLAlchemy

        failure = database_failure(e)
        if failure is not None:
            click.echo(f"ledger: database error: {first_line(failure)}", err=True)
            sys.exit(REFUSED)
        if os.environ.get("LEDGER_TRACEBACK"):
            raise
        # Not a refusal the ledger foresaw: most often rows edited behind its back that it cannot read (an
        # event or a read model no longer of its shape). One line, as every error; the traceback on request.
        lines = str(e).strip().splitlines()
        click.echo(f"ledger: error: {type(e).__name__}{': ' + lines[0] if lines else ''}; if the database was edited "
                   "outside the ledger, `ledger verify` names what changed (LEDGER_TRACEBACK=1 shows where this "
                   "was raised)", err=True)
        sys.exit(REFUSED)


if __name__ == "__main__":
    main()
