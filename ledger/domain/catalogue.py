"""The catalogue of event types: one entry a type, and every per-type table of the ledger read off it.

An entry says what a fact of its type means, which stream it lives in and under which key, whether it
opens that stream or joins it, what its reference fields may name, which fields a correction may not
change, the line of plain words that tells it, and its CAMEO code and PLOVER category where one clearly fits.

Adding a type touches three places: its entry here, its schema (a class in `ledger.documents.schemas`,
listed in `SCHEMAS`) and, if it has one, its rule (`CHECKS` in `ledger.domain.world`; `CHANGES` there too if
it changes an entity's state). Everything else is read off the entry: the tables below, its event class on
its stream (`ledger.domain.streams`, whose topic `ledger.domain.streams:<Stream>.<Type>` names it in the log
forever), where batches put it, the field reference and `ledger types`. Its fields need a meaning in
`ledger.documents.meanings` only if no type had them yet (the reference tests name any that is missing), and
an example in `ledger.documents.examples` before it ships (a test asks one of every shipped type); `make
readme` then prints it in the README's field reference. A type added at run time (a test's) is taken up
by `ledger.domain.streams.derive_from_catalogue`, as importing the ledger takes up the types it ships.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Words = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Coding:
    """A fact's event codes: a CAMEO code (a string: leading zeros matter) and a PLOVER category."""

    cameo: str | None = None
    plover: str | None = None


@dataclass(frozen=True)
class EventType:
    name: str
    means: str  # what a fact of this type is, in a sentence: the field reference prints it
    says: Words
    # The stream a fact of this type lives in: source, actor, regime, panel, draft or record (a stream of its
    # own); None for a fix, which lives in the stream of the fact it fixes.
    stream: str | None = None
    key: str | None = None  # the field whose value names the stream
    opens: bool = False  # it opens its stream (it is the first fact of it), or joins one that is there
    by_ledger: bool = False  # the ledger records it itself, inside another fact's save; users never append it
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> the kinds it may name
    fixed: tuple[str, ...] = ()  # fields a correction may not change, beyond the stream's key
    coding: Coding | None = None  # by type alone; statements are coded by their stance instead


def _side(value: int | list[str] | None) -> str:
    # "?" where the source does not give the side's count
    return "?" if value is None else str(value if isinstance(value, int) else len(value))


def _voted(d: Mapping[str, Any]) -> str:
    sides = (d.get("in_favour"), d.get("against"), d.get("abstaining"))
    tally = "-".join(map(_side, sides)) if any(s is not None for s in sides) else "(tally not given)"
    vetoed = f", vetoed by {_names(d['vetoed_by'])}" if d.get("vetoed_by") else ""
    return f"draft {d['draft_id']} voted {tally}{vetoed}" + (f" on {d['concerning']}" if d.get("concerning") else "")


def _names(ids: list[str]) -> str:
    return ", ".join(ids)


SANCTION = Coding("163", "SANCTION")  # 163: impose embargo, boycott, or sanctions

CATALOGUE: dict[str, EventType] = {t.name: t for t in (
    EventType("SourceRegistered", "A source that facts cite: a resolution, a meeting record, a report, an article.",
              lambda d: f"source {d['source_id']} registered: {d['title']}",
              "source", "source_id", opens=True),
    EventType("ActorRegistered",
              "An actor that is not a state (a person, a body, an organization), so facts may name it.",
              lambda d: f"actor {d['actor_id']} registered: {d['name']}",
              "actor", "actor_id", opens=True, references={"affiliation": ("actor",)}),
    EventType("SanctionsRegimeEstablished", "The Council imposes a sanctions regime on a target.",
              lambda d: f"regime {d['regime_id']} established by {d['resolution']} against {d['target']}",
              "regime", "regime_id", opens=True, references={"target": ("actor",)}, coding=SANCTION),
    EventType("SanctionsReinforced", "A resolution adds measures to a regime in force.",
              lambda d: f"regime {d['regime_id']} reinforced by {d['resolution']}",
              "regime", "regime_id", coding=SANCTION),
    EventType("SanctionsReliefSought", "States or actors ask for a regime's measures to be eased.",
              lambda d: f"{_names(d['by'])} seek relief from regime {d['regime_id']}",
              "regime", "regime_id", references={"by": ("actor",)}),
    EventType("SanctionsRegimeTerminated", "A regime ends; nothing may reinforce it or its panels afterwards.",
              lambda d: f"regime {d['regime_id']} terminated",
              "regime", "regime_id"),
    EventType("PanelEstablished", "A panel of experts is created to monitor a regime, with a first mandate.",
              lambda d: f"panel {d['panel_id']} established by {d['resolution']}, mandate to {d['mandate_ends_on']}",
              "panel", "panel_id", opens=True, fixed=("regime_id",)),  # under another regime it is another panel
    EventType("PanelMandateExtended", "A panel's mandate is renewed to a later end, before it lapsed.",
              lambda d: f"panel {d['panel_id']} extended by {d['resolution']} to {d['mandate_ends_on']}",
              "panel", "panel_id"),
    EventType("ReportReleased", "A panel releases a report.",
              lambda d: f"panel {d['author']} releases report {d['report_id']}: {d['title']}",
              "panel", "author"),
    EventType("InquiryOpened", "A panel opens an inquiry.",
              lambda d: f"panel {d['panel_id']} opens an inquiry: {d['subject']}",
              "panel", "panel_id"),
    EventType("DraftResolutionVoted",
              "A draft resolution is put to the vote. A permanent member voting against a draft with enough votes "
              "in favour casts a veto, which the ledger records itself.",
              _voted,
              "draft", "draft_id", opens=True, references={
                  "concerning": ("panel", "regime"), "penholders": ("state",), "in_favour": ("state",),
                  "against": ("state",), "abstaining": ("state",), "vetoed_by": ("state",)}),
    EventType("VetoCast",
              "A permanent member votes against a draft with enough votes in favour: the ledger records it from "
              "the vote, never from a user.",
              lambda d: f"{d['member']} vetoes draft {d['draft_id']}",
              "draft", "draft_id", by_ledger=True, coding=Coding("129", "REJECT")),  # 129: veto
    EventType("VotePostponed", "A vote is put off.",
              lambda d: f"vote on {d['concerning']} postponed" + (f" ({d['times']} times)" if d.get("times") else ""),
              "record", "id", opens=True, references={"concerning": ("panel", "regime")}),
    EventType("StatementIssued",
              "States or actors say something about a draft, a panel, a regime or an actor.",
              lambda d: f"{_names(d['speakers'])} {d['stance']}" + (f" ({_names(d['about'])})" if d.get("about") else ""),
              "record", "id", opens=True,
              references={"speakers": ("actor",), "about": ("draft", "panel", "regime", "actor")}),
    EventType("MeetingHeld", "Two or more states or actors meet.",
              lambda d: f"meeting of {_names(d['participants'])}" + (f" in {d['place']}" if d.get("place") else ""),
              "record", "id", opens=True, references={"participants": ("actor",)},
              coding=Coding("040", "CONSULT")),  # 040: consult
    EventType("ProposalMade", "A state or actor proposes something about a regime or a panel.",
              lambda d: f"{d['by']} proposes on {d['concerning']}: {d['proposal']}",
              "record", "id", opens=True,
              references={"by": ("actor",), "concerning": ("regime", "panel"), "supported_by": ("actor",)}),
    EventType("FactCorrected", "Corrects fields of a fact already held, at that fact's own date.",
              lambda d: f"correction of {d['corrects']}: {d['reason']}"),
    EventType("FactRetracted", "Withdraws a fact already held, from every view known from then on.",
              lambda d: f"retraction of {d['retracts']}: {d['reason']}"),
)}

# The tables the rest of the ledger reads, each derived from the entries above by `derive_tables`. They are
# filled in place, since modules hold them by name.
FIXES: list[str] = []
REGISTRATIONS: list[str] = []
BY_LEDGER: list[str] = []  # recorded by the ledger itself: a user's document of such a type is refused
# The key of the regime, panel or draft a fact belongs to.
STREAM_KEYS: dict[str, str] = {}
FIXED_BY_TYPE: dict[str, tuple[str, ...]] = {}
REFERENCES: dict[str, Mapping[str, tuple[str, ...]]] = {}
CODED_BY_TYPE: dict[str, Coding] = {}
OPENERS: dict[str, tuple[str, str]] = {}
JOINERS: dict[str, str] = {}


def derive_tables() -> None:
    """Read every table off the catalogue again: at import, and when a type is added or taken away."""
    entries = CATALOGUE.values()
    FIXES[:] = [t.name for t in entries if t.stream is None]
    REGISTRATIONS[:] = [t.name for t in entries if t.stream in ("source", "actor")]
    BY_LEDGER[:] = [t.name for t in entries if t.by_ledger]
    _refill(STREAM_KEYS, {t.name: t.key for t in entries if t.stream in ("regime", "panel", "draft") and t.key})
    _refill(FIXED_BY_TYPE, {t.name: t.fixed for t in entries if t.fixed})
    _refill(REFERENCES, {t.name: t.references for t in entries if t.references})
    _refill(CODED_BY_TYPE, {t.name: t.coding for t in entries if t.coding is not None})
    _refill(OPENERS, {t.name: (t.stream, t.key) for t in entries if t.opens and t.stream and t.key})
    _refill(JOINERS, {t.name: t.stream for t in entries if t.stream and not t.opens and not t.by_ledger})


def _refill(table: dict[str, Any], rows: Mapping[str, Any]) -> None:
    table.clear()
    table.update(rows)


derive_tables()


def describe(document: Mapping[str, Any]) -> str:
    """One line of plain words for a fact, for timelines and tables."""
    return CATALOGUE[document["type"]].says(document)


# Kinds of reference that name a stream (a state is named by its code alone).
_STREAMED = ("actor", "panel", "regime", "draft")


def named_streams(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every stream (kind, id) a document may name: its references, its source, its regime or panel; states
    have no stream."""
    names: list[tuple[str, str]] = []
    for name, kinds in REFERENCES.get(document["type"], {}).items():
        value = document.get(name)
        for ident in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            names.extend((kind, ident) for kind in kinds if kind in _STREAMED)
    if "source" in document:
        names.append(("source", document["source"]["document"]))
    names.extend(("source", cited["document"]) for cited in document.get("also_cited", ()))
    for key, kind in (("regime_id", "regime"), ("panel_id", "panel"), ("author", "panel")):
        if key in document:
            names.append((kind, document[key]))
    return names
