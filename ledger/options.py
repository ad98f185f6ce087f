"""The command line's date options and words to find, read as the Python API reads them, its choices read in
any case, and how a usage error names the option or command it is about."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

import click

from ledger.service import arguments


def _reading(read: Callable[[str], date | datetime]) -> Callable[[click.Context, click.Parameter, str | None], Any]:
    """A date option's callback: the text read as the Python API reads it, refused in the option's own name."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return read(value)
        except ValueError as e:
            raise click.BadParameter(str(e), ctx, param) from None

    return convert


DAY, FIRST_DAY, LAST_DAY = _reading(arguments.day), _reading(arguments.first_day), _reading(arguments.last_day)
MOMENT = _reading(arguments.moment)


def _words(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """A repeated option's words to find, a blank one refused in the option's own name."""
    try:
        arguments.words(value)
    except ValueError as e:
        raise click.BadParameter(str(e), ctx, param) from None
    return value


WORDS = _words


class AnyCase(click.Choice):  # type: ignore[type-arg]
    """One of some names, in any case (`vetocast` is VetoCast, `CSV` csv), given to the command as listed; a
    refusal lists them as written (click's own `case_sensitive=False` lists them lower-cased)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            value = next((c for c in self.choices if str(c).casefold() == value.casefold()), value)
        return super().convert(value, param, ctx)
KNOWN_AT = ("Only what was recorded by this moment: an ISO date-time (UTC unless it says otherwise), "
            "or a day YYYY-MM-DD, meaning the end of that day (UTC).")


def option_named(error: click.BadParameter) -> str:
    """The option as a user types it (--from), or the argument's name."""
    if isinstance(error.param_hint, str):
        return error.param_hint
    if isinstance(error.param, click.Option):
        if (error.ctx is not None and error.param.name is not None and isinstance(error.param.envvar, str)
                and error.ctx.get_parameter_source(error.param.name) is click.core.ParameterSource.ENVIRONMENT):
            return f"${error.param.envvar} (read for {'/'.join(error.param.opts)})"  # the user typed no option
        return "/".join(error.param.opts)
    return error.param.human_readable_name if error.param is not None else "argument"


def command_path(error: click.UsageError, args: Sequence[str] = (), commands: Iterable[str] = ()) -> str:
    """The command whose --help a usage error points to. Click raises an option missing its value with no
    context: then the first of the arguments that names a command is that command."""
    if error.ctx is not None:
        return error.ctx.command_path
    names = set(commands)
    named = next((a for a in args if a in names), None)
    return f"ledger {named}" if named else "ledger"
