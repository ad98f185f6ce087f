"""Structured logs: one line per append, load, rejection (and later rebuild), to standard error."""

from __future__ import annotations

import logging
import os
import sys

import structlog


def configure(*, json: bool = False, level: str | None = None) -> None:
    """Send the ledger's log lines to standard error, as key=value text or as JSON."""
    name = (level or os.environ.get("LEDGER_LOG_LEVEL") or "info").upper()
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, name, logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )


def logger() -> structlog.typing.FilteringBoundLogger:
    if not structlog.is_configured():
        configure()
    return structlog.get_logger("ledger")  # type: ignore[no-any-return]
