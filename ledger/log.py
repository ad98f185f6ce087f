"""Structured logs: one line per append, load, rejection and rebuild, through the standard `logging`.

As a library the ledger prints nothing of its own accord: its lines go to the logger named "ledger",
which has only a `NullHandler`, so they appear wherever the application sends its logs
(`logging.basicConfig(level=logging.INFO)` shows them on standard error) and nowhere otherwise. The
structlog logger that makes them is built here, not through `structlog.configure`, so an application's
own structlog setup stays as it was. Each line reaches `logging` as readable text (`appended
type=StatementIssued id=... position=99`) with its fields whole in the record's `ledger` attribute.

The command line is an application: `configure` gives the "ledger" logger a handler of its own.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

import structlog

LOGGER = logging.getLogger("ledger")
LOGGER.addHandler(logging.NullHandler())  # no "last resort" printing of warnings either

_fields = structlog.processors.LogfmtRenderer(bool_as_flag=False)


def _to_logging(logger: Any, method: str, event: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of the `logging` call: the event's name and fields as text, and the fields whole."""
    name = event.pop("event")
    text = f"{name} {_fields(logger, method, dict(event))}" if event else str(name)
    return (text,), {"extra": {"ledger": {"event": name, **event}}}


# Built directly, not through `structlog.wrap_logger`, whose proxy would read structlog's global settings.
_logger = structlog.stdlib.BoundLogger(
    LOGGER,
    processors=[structlog.stdlib.filter_by_level, _to_logging],  # nothing rendered unless someone listens
    context={},
)


def logger() -> structlog.stdlib.BoundLogger:
    return _logger


def listening(level: int) -> bool:
    """Whether a line at this level would go anywhere: a loop of lines asks once, not once a line."""
    return LOGGER.isEnabledFor(level)


class _Lines(logging.Formatter):
    """The command line's rendering of a record: key=value text after time and level, or one JSON object."""

    def __init__(self, json: bool) -> None:
        super().__init__()
        self.render = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)

    def format(self, record: logging.LogRecord) -> str:
        fields = dict(getattr(record, "ledger", None) or {"event": record.getMessage()})
        fields["level"] = record.levelname.lower()
        fields["timestamp"] = datetime.fromtimestamp(record.created, UTC).isoformat().replace("+00:00", "Z")
        return str(self.render(None, record.levelname.lower(), fields))


_handler: logging.Handler | None = None


def configure(*, json: bool = False, level: str | None = None) -> None:
    """Send the ledger's log lines to standard error, as key=value text or as JSON (for the command line)."""
    global _handler
    name = (level or os.environ.get("LEDGER_LOG_LEVEL") or "info").upper()
    if _handler is not None:
        LOGGER.removeHandler(_handler)
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(_Lines(json))
    LOGGER.addHandler(_handler)
    LOGGER.setLevel(logging.getLevelNamesMapping().get(name, logging.INFO))
    LOGGER.propagate = False  # its own handler says it all: not again through the root logger's
    # psycopg warns, through logging's last resort, when it cleans up after a failed statement: the command's
    # own line already says what failed.
    logging.getLogger("psycopg").setLevel(logging.ERROR)
