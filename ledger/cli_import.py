"""`ledger import vetoes FILE.csv`: the public list of vetoes into the ledger, or into a documents file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from ledger.cli_support import open_ledger
from ledger.errors import Unwritable
from ledger.imports.veto_list import notes_by_line
from ledger.options import DAY
from ledger.terminal import counted


@click.group("import")
def import_() -> None:
    """Import a public list of Council facts (each row a rule interpreted is reported with its line)."""


@import_.command()
@click.argument("path", metavar="FILE.csv", type=click.Path(dir_okay=False))
@click.option("--to", "to", default=None, metavar="FILE.jsonl",
              help="Write the documents to this file (- for standard output) instead of appending them to the ledger.")
@click.option("--source-id", default=None, metavar="ID",
              help="The list's source id (default: veto-list-<the last day it lists>); if the ledger holds it, "
                   "it must hold this list under it, else nothing is stored.")
@click.option("--published-on", callback=DAY, default=None, metavar="YYYY-MM-DD",
              help="The day the list was published (default: the last day it lists).")
@click.pass_context
def vetoes(ctx: click.Context, path: str, to: str | None, source_id: str | None, published_on: date | None) -> None:
    """The veto list since 1946 (Dag Hammarskjöld Library, as compiled by the World Politics Data Lab): one vote
    a vetoed draft, citing its meeting record and its row of the list; the tally, which the list does not
    give, is left unknown. Prints the rows it had to interpret, each with its line and how it read them."""
    from ledger.service.imports import append_vetoes, read_vetoes

    found = read_vetoes(path, source_id=source_id, published_on=published_on)  # a list it cannot read opens nothing
    if to is not None:
        lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in found.documents)
        if to == "-":
            click.echo(lines, nl=False)
        else:
            try:
                Path(to).write_text(lines, encoding="utf-8")
            except OSError as e:
                raise Unwritable(f"cannot write the documents: {e.strerror or e}", document=to) from None
    else:
        found = append_vetoes(open_ledger(ctx, write=True), found)
    err = to == "-"  # the documents own standard output
    for line in notes_by_line(found.notes):
        click.echo(line, err=err)
    for draft, listed, held in found.disagree:  # left as held: a correction, not a list, changes a fact
        click.echo(f"disagrees: {draft}: the list gives vetoes by {', '.join(listed) or 'no one'}; the ledger holds "
                   f"{', '.join(held) or 'none'} (left as held; a FactCorrected changes it)", err=err)
    votes = sum(d["type"] == "DraftResolutionVoted" for d in found.documents)
    said = (f"{found.veto_list.rows} rows: {votes} votes on vetoed drafts, {len(found.documents) - votes} sources; "
            f"{len({n.line for n in found.notes})} rows interpreted by a rule (above)")
    if to is None:
        said += f"; {counted(found.new, 'document')} new, {len(found.held)} left out (their source or draft already held)"
        if found.disagree:
            said += f", {len(found.disagree)} of them disagreeing with the list (above)"
    else:
        said += f"; {len(found.documents)} documents written to {'standard output' if err else to}"
    click.echo(said, err=err)
