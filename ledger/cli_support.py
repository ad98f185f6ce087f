"""What every command of the command line shares: opening the ledger for a command, and a word on an answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ledger.service.application import Ledger


def open_ledger(ctx: click.Context, *, write: bool = False) -> Ledger:
    """The ledger, opened read-only unless the command writes: a read creates nothing and changes nothing."""
    from ledger.log import configure
    from ledger.service.application import Ledger

    configure(**ctx.meta["ledger.log"])
    ledger = Ledger.open(ctx.obj, read_only=not write)
    ctx.call_on_close(ledger.close)
    ctx.call_on_close(lambda: _note_replay(ledger))  # runs first: the callbacks run last in, first out
    return ledger


def _note_replay(ledger: Ledger) -> None:
    """A ledger whose read models could not answer says so, in one line beside the answer: what to run next."""
    if ledger.answered_from_log is not None:
        missing = ledger.read_models_missing
        if missing:
            then = f"`ledger rebuild` makes {'them' if len(missing) > 1 else 'it'} again from the log"
        elif ledger.log_cut_short:
            then = "the log was cut short behind them, or they were edited: `ledger verify` names what changed"
        else:
            then = "`ledger rebuild` brings them up to date"
        click.echo(f"ledger: note: answered from the log, not the read models ({ledger.answered_from_log}); {then}",
                   err=True)


def say(note: str, as_json: bool) -> None:
    """A word on an answer: under the tables, or on standard error beside JSON (which stays as it was)."""
    click.echo(note, err=as_json)
