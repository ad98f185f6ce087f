"""The catalogue of event types: one entry a type, and every per-type table of the ledger read off it.

An entry says which stream a fact of its type lives in and under which key, whether it opens that
stream or joins it, what its reference fields may name, which fields a correction may not change, the
line of plain words that tells it, and its CAMEO code and PLOVER category where one clearly fits.
Adding a type means its entry here, its schema (`ledger.documents.schemas`) and, if it has one, its
rule (`ledger.domain.world`); a type that opens a stream also needs its event class in its stream
(`ledger.domain.streams`), whose topic names it in the log forever.
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


def _side(value: int | list[str]) -> int:
    return value if isinstance(value, int) else len(value)


def _names(ids: list[str]) -> str:
    return ", ".join(ids)


SANCTION = Coding("163", "SANCTION")  # 163: impose embargo, boycott, or sanctions

CATALOGUE: dict[str, EventType] = {t.name: t for t in (
    EventType("SourceRegistered", lambda d: f"source {d['source_id']} registered: {d['title']}",
              "source", "source_id", opens=True),
    EventType("ActorRegistered", lambda d: f"actor {d['actor_id']} registered: {d['name']}",
              "actor", "actor_id", opens=True, references={"affiliation": ("actor",)}),
    EventType("SanctionsRegimeEstablished",
              lambda d: f"regime {d['regime_id']} established by {d['resolution']} against {d['target']}",
              "regime", "regime_id", opens=True, references={"target": ("actor",)}, coding=SANCTION),
    EventType("SanctionsReinforced", lambda d: f"regime {d['regime_id']} reinforced by {d['resolution']}",
              "regime", "regime_id", coding=SANCTION),
    EventType("SanctionsReliefSought", lambda d: f"{_names(d['by'])} seek relief from regime {d['regime_id']}",
              "regime", "regime_id", references={"by": ("actor",)}),
    EventType("SanctionsRegimeTerminated", lambda d: f"regime {d['regime_id']} terminated",
              "regime", "regime_id"),
    EventType("PanelEstablished",
              lambda d: f"panel {d['panel_id']} established by {d['resolution']}, mandate to {d['mandate_ends_on']}",
              "panel", "panel_id", opens=True, fixed=("regime_id",)),  # under another regime it is another panel
    EventType("PanelMandateExtended",
              lambda d: f"panel {d['panel_id']} extended by {d['resolution']} to {d['mandate_ends_on']}",
              "panel", "panel_id"),
    EventType("ReportReleased", lambda d: f"panel {d['author']} releases report {d['report_id']}: {d['title']}",
              "panel", "author"),
    EventType("InquiryOpened", lambda d: f"panel {d['panel_id']} opens an inquiry: {d['subject']}",
              "panel", "panel_id"),
    EventType("DraftResolutionVoted", lambda d: (
        f"draft {d['draft_id']} voted {_side(d['in_favour'])}-{_side(d['against'])}-{_side(d['abstaining'])}"
        + (f" on {d['concerning']}" if d.get("concerning") else "")),
              "draft", "draft_id", opens=True, references={
                  "concerning": ("panel", "regime"), "penholders": ("state",), "in_favour": ("state",),
                  "against": ("state",), "abstaining": ("state",)}),
    EventType("VetoCast", lambda d: f"{d['member']} vetoes draft {d['draft_id']}",
              "draft", "draft_id", by_ledger=True, coding=Coding("129", "REJECT")),  # 129: veto
    EventType("VotePostponed",
              lambda d: f"vote on {d['concerning']} postponed" + (f" ({d['times']} times)" if d.get("times") else ""),
              "record", "id", opens=True, references={"concerning": ("panel", "regime")}),
    EventType("StatementIssued",
              lambda d: f"{_names(d['speakers'])} {d['stance']}" + (f" ({_names(d['about'])})" if d.get("about") else ""),
              "record", "id", opens=True,
              references={"speakers": ("actor",), "about": ("draft", "panel", "regime", "actor")}),
    EventType("MeetingHeld",
              lambda d: f"meeting of {_names(d['participants'])}" + (f" in {d['place']}" if d.get("place") else ""),
              "record", "id", opens=True, references={"participants": ("actor",)},
              coding=Coding("040", "CONSULT")),  # 040: consult
    EventType("ProposalMade", lambda d: f"{d['by']} proposes on {d['concerning']}: {d['proposal']}",
              "record", "id", opens=True,
              references={"by": ("actor",), "concerning": ("regime", "panel"), "supported_by": ("actor",)}),
    EventType("FactCorrected", lambda d: f"correction of {d['corrects']}: {d['reason']}"),
    EventType("FactRetracted", lambda d: f"retraction of {d['retracts']}: {d['reason']}"),
)}

# The tables the rest of the ledger reads, each derived from the entries above.
FIXES = tuple(name for name, t in CATALOGUE.items() if t.stream is None)
REGISTRATIONS = tuple(name for name, t in CATALOGUE.items() if t.stream in ("source", "actor"))
# The key of the regime, panel or draft a fact belongs to.
STREAM_KEYS = {name: t.key for name, t in CATALOGUE.items() if t.stream in ("regime", "panel", "draft") and t.key}
FIXED_BY_TYPE = {name: t.fixed for name, t in CATALOGUE.items() if t.fixed}
REFERENCES = {name: t.references for name, t in CATALOGUE.items() if t.references}
CODED_BY_TYPE = {name: t.coding for name, t in CATALOGUE.items() if t.coding is not None}
OPENERS = {name: (t.stream, t.key) for name, t in CATALOGUE.items() if t.opens and t.stream and t.key}
JOINERS = {name: t.stream for name, t in CATALOGUE.items() if t.stream and not t.opens and not t.by_ledger}


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
    for key, kind in (("regime_id", "regime"), ("panel_id", "panel"), ("author", "panel")):
        if key in document:
            names.append((kind, document[key]))
    return names
