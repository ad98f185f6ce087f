"""The `ledger check` command (its body is in runner.py; importing this imports click and nothing more)."""

from __future__ import annotations

import sys

import click


@click.command("check")
@click.argument("paths", nargs=-1, metavar="FEATURE_OR_FOLDER...", type=click.Path())
@click.option("--db", "url", default=None, metavar="URL", help="The ledger to audit (default: the ledger's --db).")
@click.option("--junit-xml", default=None, metavar="FILE", help="Also write a JUnit XML report, for CI systems.")
@click.option("--steps", is_flag=True, help="Print the sentences scenarios may use, each with an example.")
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], url: str | None, junit_xml: str | None, steps: bool) -> None:
    """Run scenarios (.feature files, or folders of them) against the ledger, read-only.

    Exit 0 when every scenario passes, 1 when one fails, 2 on a usage error (on standard error): a feature that
    cannot be read, two scenarios of one name, a step no sentence matches, a value not of its form (a day, a
    status, JSON), a table not of its sentence's columns, an outline's Examples with no rows or a column missing,
    a step that needs a day looked at or a moment noted that no step before it gives."""
    from ledger.scenarios import runner

    if steps:
        if paths:
            raise click.UsageError(f"--steps lists the sentences and runs nothing: give it no feature ({paths[0]})", ctx)
        sys.exit(runner.print_steps(click.echo))
    if junit_xml is not None and not junit_xml.strip():
        raise click.UsageError("--junit-xml needs a file name", ctx)
    if not paths:
        raise click.UsageError("give the feature files or folders to run (or --steps)", ctx)
    sys.exit(runner.check(paths, url or str(ctx.obj), junit_xml, click.echo, lambda line: click.echo(line, err=True)))
