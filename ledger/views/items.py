"""The items of a view: a panel, a regime, a draft, a statement, a report, a timeline row, as plain
values that turn into JSON-ready data and back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Self, TypeVar

from ledger.domain.dates import Occurrence, parse_occurrence


class When(date):
    """A day as precise as its source: the day it counts from, remembering how it was written and the
    earliest and latest days it allows (`earliest` is None for an open start, `../2024-03-29`).

    It compares equal to its own text (`"2024-03"`) and to its ISO day, so `panel.mandate_ends_on ==
    "2024-04-30"` reads as it should.
    """

    precision: str
    text: str
    kind: str  # day, month, year, interval, open-start, uncertain, approximate, uncertain-approximate
    earliest: date | None
    latest: date

    def __new__(cls, occurrence: Occurrence) -> When:
        self = super().__new__(cls, occurrence.start.year, occurrence.start.month, occurrence.start.day)
        self.precision = occurrence.precision
        self.text = occurrence.text
        self.kind = occurrence.kind
        self.earliest = occurrence.earliest
        self.latest = occurrence.latest
        return self

    @classmethod
    def of_day(cls, value: date) -> When:
        return cls(Occurrence(value, value, value.isoformat()))

    def span(self) -> tuple[date, date]:
        """How rows are listed: by the day they count from (their earliest), then by their latest day."""
        return date(self.year, self.month, self.day), self.latest

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return other in (self.text, self.isoformat())
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = date.__hash__

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"When({self.text!r})"


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most of any view: tested first, as folds turn views into rows often
        return value
    if isinstance(value, When):
        return value.text
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Item):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _AS_IS else _plain(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _AS_IS else _plain(v) for k, v in value.items()}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


class Item:
    """A row of a view: read its fields as attributes or as keys; `to_dict()` gives JSON-ready data."""

    def __getitem__(self, name: str) -> Any:
        if name not in self.keys():
            raise KeyError(name)
        return getattr(self, name)

    def keys(self) -> list[str]:
        return list(_field_names(type(self)))

    def to_dict(self) -> dict[str, Any]:
        fields = self.__dict__  # a dataclass's fields, as set
        return {name: v if type(v := fields[name]) in _AS_IS else _plain(v) for name in _field_names(type(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """The item back from `to_dict()` data (as the read models store it)."""
        return cls(**{k: _revive(k, v) for k, v in data.items()})


_DAYS = ("on", "established_on", "mandate_ends_on", "terminated_on", "voted_on", "released_on")


def _revive(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _DAYS:
        return When(parse_occurrence(value))
    if name == "recorded_at":
        return datetime.fromisoformat(value)
    if name == "vetoes":
        return [Veto.from_dict(v) for v in value]
    return value


@dataclass
class Veto(Item):
    draft_id: str
    member: str
    on: When


@dataclass
class PanelView(Item):
    panel_id: str
    name: str
    regime_id: str
    status: str
    established_on: When
    mandate_ends_on: When
    resolutions: list[str]
    reports: list[str]
    inquiries: list[str]
    vetoes: list[Veto]
    evidence: list[str]
    # What corrected the facts behind the row (its own, and the votes on drafts about it): event_id,
    # recorded_at, reason, changes. Empty for a row no correction touched.
    corrections: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RegimeView(Item):
    regime_id: str
    name: str
    target: str
    status: str
    established_on: When
    terminated_on: When | None
    committee: str | None
    resolutions: list[str]
    measures: list[str]
    panels: list[str]
    monitored: bool
    relief_sought_by: list[str]
    evidence: list[str]
    corrections: list[dict[str, Any]] = field(default_factory=list)  # as on PanelView


@dataclass
class DraftView(Item):
    draft_id: str
    voted_on: When
    concerning: str | None
    purpose: str | None
    penholders: list[str]
    in_favour: int | None  # None: the source does not give it (it is named in `unknown`)
    against: int | None
    abstaining: int | None
    in_favour_members: list[str]
    against_members: list[str]  # those listed, and those the source says vetoed it
    abstaining_members: list[str]
    outcome: str  # adopted, vetoed, failed; unknown where the tally the source gives cannot tell
    vetoed_by: list[str]
    event_id: str
    corrections: list[dict[str, Any]] = field(default_factory=list)  # as on PanelView
    unknown: list[str] = field(default_factory=list)  # the sides whose count the source leaves unknown
    agenda_item: str | None = None


@dataclass
class StatementView(Item):
    event_id: str
    on: When
    speakers: list[str]
    stance: str
    about: list[str]
    source: str
    quote: str | None
    locator: str | None
    corrected_by: list[str] = field(default_factory=list)
    # Each correction: event_id, recorded_at, reason, changes (the fields it changed and their new values).
    corrections: list[dict[str, Any]] = field(default_factory=list)
    # The days `on` allows, worked out from it (whatever is passed): equal for a day, None for an open start.
    earliest: date | None = None
    latest: date | None = None

    def __post_init__(self) -> None:
        self.earliest, self.latest = self.on.earliest, self.on.latest


@dataclass
class ReportView(Item):
    report_id: str
    author: str
    title: str
    released_on: When
    pages: int | None
    findings: list[str]
    source: str
    quote: str | None
    event_id: str


@dataclass
class TimelineEntry(Item):
    event_id: str
    type: str
    on: When
    precision: str
    summary: str
    source: str | None
    quote: str | None
    locator: str | None
    position: int | None
    recorded_at: datetime
    corrected_by: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # the fact's own fields, for the audit
    corrections: list[dict[str, Any]] = field(default_factory=list)  # as on StatementView
    kind: str = ""  # as on When; these three are worked out from `on`, whatever is passed
    earliest: date | None = None  # as on StatementView
    latest: date | None = None

    def __post_init__(self) -> None:
        self.kind, self.earliest, self.latest = self.on.kind, self.on.earliest, self.on.latest


R = TypeVar("R", StatementView, TimelineEntry)
D = TypeVar("D", bound=DraftView)


def by_vote(drafts: Iterable[D]) -> list[D]:
    """Drafts listed by the day they were voted on (the day their date counts from), then by id: `S/1048`
    (1948) before `S/10416` (1971), which their ids as text would not put first."""
    return sorted(drafts, key=lambda d: (date(d.voted_on.year, d.voted_on.month, d.voted_on.day), d.draft_id))


def by_days(rows: list[R]) -> list[R]:
    """Rows listed by the earliest day their date allows, then its latest (a stable sort: rows of the same
    days keep their order, which is the order they were recorded in)."""
    return sorted(rows, key=lambda row: row.on.span())
