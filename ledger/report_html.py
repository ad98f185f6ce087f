"""The report page rendered from its Jinja2 template (shipped in ledger/templates), escaping every value.

The template only writes out what it is given: the timeline's coordinates come computed
(`ledger.views.report_layout`), the facts as data that the page's small script reads (`tojson`).
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from ledger.service.report import Page
from ledger.views.report_layout import MARK
from ledger.views.report_scale import FONT


@lru_cache(maxsize=1)
def environment() -> Environment:
    # Autoescaping for every template, whatever its name ends with: a quote from a source is text, never markup.
    env = Environment(
        loader=PackageLoader("ledger", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(FONT=FONT, MARK=MARK)
    return env


def render(page: Page) -> str:
    return environment().get_template("report.html.j2").render(page=page, view=page.view, timeline=page.timeline)
