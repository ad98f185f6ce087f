"""The topics the log stores: every event names its class by topic, and every stream's first event names
its stream class, forever. A ledger written today must read tomorrow, so these strings never change,
however the classes come to be defined (written out in `ledger.domain.streams` or read off the catalogue).
"""

from __future__ import annotations

import pytest
from eventsourcing.domain import CanInitAggregate
from eventsourcing.utils import get_topic, resolve_topic

from ledger.domain.catalogue import CATALOGUE, FIXES
from ledger.domain.streams import CLASS_OF, JOINS, OPENS, Draft, Stream

# (kind of stream, type): the topic of a fact of that type recorded in a stream of that kind. A fix is
# recorded in the stream of the fact it fixes, so under each kind; a veto in its draft's stream.
TOPICS = {
    ("source", "SourceRegistered"): "ledger.domain.streams:Source.SourceRegistered",
    ("actor", "ActorRegistered"): "ledger.domain.streams:Actor.ActorRegistered",
    ("regime", "SanctionsRegimeEstablished"): "ledger.domain.streams:Regime.SanctionsRegimeEstablished",
    ("regime", "SanctionsReinforced"): "ledger.domain.streams:Regime.SanctionsReinforced",
    ("regime", "SanctionsReliefSought"): "ledger.domain.streams:Regime.SanctionsReliefSought",
    ("regime", "SanctionsRegimeTerminated"): "ledger.domain.streams:Regime.SanctionsRegimeTerminated",
    ("panel", "PanelEstablished"): "ledger.domain.streams:Panel.PanelEstablished",
    ("panel", "PanelMandateExtended"): "ledger.domain.streams:Panel.PanelMandateExtended",
    ("panel", "ReportReleased"): "ledger.domain.streams:Panel.ReportReleased",
    ("panel", "InquiryOpened"): "ledger.domain.streams:Panel.InquiryOpened",
    ("draft", "DraftResolutionVoted"): "ledger.domain.streams:Draft.DraftResolutionVoted",
    ("draft", "VetoCast"): "ledger.domain.streams:Draft.VetoCast",
    ("record", "VotePostponed"): "ledger.domain.streams:Record.VotePostponed",
    ("record", "StatementIssued"): "ledger.domain.streams:Record.StatementIssued",
    ("record", "MeetingHeld"): "ledger.domain.streams:Record.MeetingHeld",
    ("record", "ProposalMade"): "ledger.domain.streams:Record.ProposalMade",
    ("source", "FactCorrected"): "ledger.domain.streams:Source.FactCorrected",
    ("actor", "FactCorrected"): "ledger.domain.streams:Actor.FactCorrected",
    ("regime", "FactCorrected"): "ledger.domain.streams:Regime.FactCorrected",
    ("panel", "FactCorrected"): "ledger.domain.streams:Panel.FactCorrected",
    ("draft", "FactCorrected"): "ledger.domain.streams:Draft.FactCorrected",
    ("record", "FactCorrected"): "ledger.domain.streams:Record.FactCorrected",
    ("source", "FactRetracted"): "ledger.domain.streams:Source.FactRetracted",
    ("actor", "FactRetracted"): "ledger.domain.streams:Actor.FactRetracted",
    ("regime", "FactRetracted"): "ledger.domain.streams:Regime.FactRetracted",
    ("panel", "FactRetracted"): "ledger.domain.streams:Panel.FactRetracted",
    ("draft", "FactRetracted"): "ledger.domain.streams:Draft.FactRetracted",
    ("record", "FactRetracted"): "ledger.domain.streams:Record.FactRetracted",
}
# The originator topic a stream's first event stores, by which the stream is rebuilt.
STREAM_TOPICS = {
    "source": "ledger.domain.streams:Source",
    "actor": "ledger.domain.streams:Actor",
    "regime": "ledger.domain.streams:Regime",
    "panel": "ledger.domain.streams:Panel",
    "draft": "ledger.domain.streams:Draft",
    "record": "ledger.domain.streams:Record",
}


def test_every_catalogued_type_has_its_topics_pinned() -> None:
    """A type added to the catalogue gets its line here, so its topic is pinned from its first ledger on."""
    assert {name for _, name in TOPICS} == set(CATALOGUE)
    assert {kind for kind, name in TOPICS if name in FIXES} == set(CLASS_OF)


@pytest.mark.parametrize(("kind", "name"), sorted(TOPICS))
def test_each_type_keeps_its_topic(kind: str, name: str) -> None:
    event_class = getattr(CLASS_OF[kind], name)
    assert get_topic(event_class) == TOPICS[kind, name]
    assert resolve_topic(TOPICS[kind, name]) is event_class
    # The class is one the stream's own events are: eventsourcing redefines each event under its aggregate.
    assert issubclass(event_class, CLASS_OF[kind].Event)
    opens = name in OPENS
    assert issubclass(event_class, Stream.Opened if opens else Stream.Recorded)
    assert issubclass(event_class, CanInitAggregate) is opens


def test_the_ledger_records_each_type_under_its_pinned_topic() -> None:
    """The class the ledger picks when it records a fact is the one whose topic is pinned."""
    for name, (cls, _) in OPENS.items():
        assert get_topic(getattr(cls, name)) == TOPICS[_kind(cls), name]
    for name, cls in JOINS.items():
        assert get_topic(getattr(cls, name)) == TOPICS[_kind(cls), name]
    assert get_topic(Draft.VetoCast) == TOPICS["draft", "VetoCast"]


def test_each_stream_keeps_its_topic() -> None:
    assert {kind: get_topic(cls) for kind, cls in CLASS_OF.items()} == STREAM_TOPICS
    assert all(resolve_topic(topic) is CLASS_OF[kind] for kind, topic in STREAM_TOPICS.items())


def test_vetoes_keep_their_version_and_upcaster() -> None:
    assert Draft.VetoCast.class_version == 2
    state = {"fact": {"id": "vote.S/2024/255/veto/RUS"}}
    Draft.VetoCast.upcast_v1_v2(state)
    assert state["fact"]["vote"] == "vote.S/2024/255"


def _kind(cls: type[Stream]) -> str:
    return next(kind for kind, c in CLASS_OF.items() if c is cls)
