"""Views: what the ledger says about one day, as known at one moment.

`items` holds the values a view is made of, `build` makes them from the fold's states and facts, and
`view` holds the view itself and the view replayed from the log.
"""

from ledger.views.build import (
    NOT_DETAILS,
    draft_view,
    panel_view,
    regime_view,
    report_view,
    statement_view,
    timeline_data,
    timeline_entry,
)
from ledger.views.items import (
    DraftView,
    Item,
    PanelView,
    RegimeView,
    ReportView,
    StatementView,
    TimelineEntry,
    Veto,
    When,
)
from ledger.views.view import ReplayView, View

__all__ = [
    "NOT_DETAILS",
    "DraftView",
    "Item",
    "PanelView",
    "RegimeView",
    "ReplayView",
    "ReportView",
    "StatementView",
    "TimelineEntry",
    "Veto",
    "View",
    "When",
    "draft_view",
    "panel_view",
    "regime_view",
    "report_view",
    "statement_view",
    "timeline_data",
    "timeline_entry",
]
