"""Event streams: each source, actor, regime, panel and draft is an aggregate holding its facts.

Facts about several things at once (statements, meetings, proposals, postponements) each get a
stream of their own. A fix is stored in the stream of the fact it fixes, so loading an entity
loads its corrections too. Streams are keyed by natural ids (uuid5), which makes a second
registration of the same id collide in the store by itself.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from ledger.domain.catalogue import JOINERS, OPENERS, STREAM_KEYS
from ledger.domain.facts import Fact

NAMESPACE = UUID("6f0c3a52-8e0b-5d3e-9a51-4c2b7f6d1e90")


class Stream(Aggregate):
    """The facts of one thing, in the order they were recorded."""

    class Opened(Aggregate.Created):
        fact: dict[str, Any]
        seq: int

    class Recorded(Aggregate.Event):
        fact: dict[str, Any]
        seq: int

        def apply(self, aggregate: Aggregate) -> None:
            assert isinstance(aggregate, Stream)
            aggregate.facts.append(Fact(self.fact, self.timestamp, self.seq))

    class FactCorrected(Recorded):
        pass

    class FactRetracted(Recorded):
        pass

    class VetoCast(Recorded):
        """Version 2 names the vote the veto was counted from (`vote`), so the veto leads back to its
        evidence. Version 1 vetoes carry no `vote`: their ids were always `<vote id>/veto/<member>`."""

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            fact = state["fact"]
            fact.setdefault("vote", fact["id"].rsplit("/veto/", 1)[0])

    def __init__(self, fact: dict[str, Any], seq: int, timestamp: datetime) -> None:
        self.facts: list[Fact] = [Fact(fact, timestamp, seq)]

    def record(self, fact: dict[str, Any], seq: int, recorded_at: datetime) -> None:
        event_class = getattr(type(self), fact["type"])
        self.trigger_event(event_class, fact=fact, seq=seq, timestamp=recorded_at)


class Source(Stream):
    class SourceRegistered(Stream.Opened):
        pass


class Actor(Stream):
    class ActorRegistered(Stream.Opened):
        pass


class Regime(Stream):
    class SanctionsRegimeEstablished(Stream.Opened):
        pass

    class SanctionsReinforced(Stream.Recorded):
        pass

    class SanctionsReliefSought(Stream.Recorded):
        pass

    class SanctionsRegimeTerminated(Stream.Recorded):
        pass


class Panel(Stream):
    class PanelEstablished(Stream.Opened):
        pass

    class PanelMandateExtended(Stream.Recorded):
        pass

    class ReportReleased(Stream.Recorded):
        pass

    class InquiryOpened(Stream.Recorded):
        pass


class Draft(Stream):
    class DraftResolutionVoted(Stream.Opened):
        pass


class Record(Stream):
    """A fact that stands on its own: it names others but belongs to none of them."""

    class StatementIssued(Stream.Opened):
        pass

    class MeetingHeld(Stream.Opened):
        pass

    class ProposalMade(Stream.Opened):
        pass

    class VotePostponed(Stream.Opened):
        pass


# The class of each kind of stream the catalogue names.
CLASS_OF: dict[str, type[Stream]] = {
    "source": Source, "actor": Actor, "regime": Regime, "panel": Panel, "draft": Draft, "record": Record,
}
# Which kind of stream each type opens, and under which key; which kind the other types are added to
# (fixes go to the stream of what they fix).
OPENS: dict[str, tuple[type[Stream], str]] = {name: (CLASS_OF[kind], key) for name, (kind, key) in OPENERS.items()}
JOINS: dict[str, type[Stream]] = {name: CLASS_OF[kind] for name, kind in JOINERS.items()}
# The namespace of each kind's stream ids: a statement's is "fact", as it was when the first ledgers were written.
KIND_OF: dict[type[Stream], str] = {
    Source: "source", Actor: "actor", Regime: "regime", Panel: "panel", Draft: "draft", Record: "fact"
}


@lru_cache(maxsize=65_536)  # a projector asks for the same panels' and regimes' ids at every recording
def stream_id(kind: str, key: str) -> UUID:
    """The natural-key id of a stream: the same thing always lands in the same stream."""
    return uuid5(NAMESPACE, f"{kind}:{key}")


def id_of(cls: type[Stream], key: str) -> UUID:
    return stream_id(KIND_OF[cls], key)


def open_stream(fact: dict[str, Any], seq: int, recorded_at: datetime) -> Stream:
    cls, key_field = OPENS[fact["type"]]
    event_class = getattr(cls, fact["type"])
    return cls._create(
        event_class, id=id_of(cls, fact[key_field]), fact=fact, seq=seq, timestamp=recorded_at
    )


def joined_stream_id(fact: dict[str, Any]) -> UUID:
    cls = JOINS[fact["type"]]
    return id_of(cls, fact[STREAM_KEYS[fact["type"]]])
