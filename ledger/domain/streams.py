"""Event streams: each source, actor, regime, panel and draft is an aggregate holding its facts.

Facts about several things at once (statements, meetings, proposals, postponements) each get a
stream of their own. A fix is stored in the stream of the fact it fixes, so loading an entity
loads its corrections too. Streams are keyed by natural ids (uuid5), which makes a second
registration of the same id collide in the store by itself.

The event class of each type is read off the catalogue (`derive_from_catalogue`) as eventsourcing makes
one written out in a stream's class body: `<Stream>.<Type>`, an Opened or a Recorded and one of the
stream's own events. The log stores its topic, `ledger.domain.streams:<Stream>.<Type>`, with every event
of the type, so a type never changes its name, its stream, or whether it opens it. A class that carries
something of its own (a version and its upcaster) is written out, and kept as it is.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from ledger.domain.catalogue import CATALOGUE, JOINERS, OPENERS, STREAM_KEYS, derive_tables
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


# The stream of each kind, its event classes read off the catalogue below. eventsourcing redefines the
# fixes and the veto written out on Stream under each of them: a fix's topic names the stream it is in.
class Source(Stream):
    pass


class Actor(Stream):
    pass


class Regime(Stream):
    pass


class Panel(Stream):
    pass


class Draft(Stream):
    pass


class Record(Stream):
    """A fact that stands on its own: it names others but belongs to none of them."""


# The class of each kind of stream the catalogue names.
CLASS_OF: dict[str, type[Stream]] = {
    "source": Source, "actor": Actor, "regime": Regime, "panel": Panel, "draft": Draft, "record": Record,
}
# Which kind of stream each type opens, and under which key; which kind the other types are added to
# (fixes go to the stream of what they fix). Filled by `derive_from_catalogue`.
OPENS: dict[str, tuple[type[Stream], str]] = {}
JOINS: dict[str, type[Stream]] = {}
# The namespace of each kind's stream ids: a statement's is "fact", as it was when the first ledgers were written.
KIND_OF: dict[type[Stream], str] = {
    Source: "source", Actor: "actor", Regime: "regime", Panel: "panel", Draft: "draft", Record: "fact"
}


# The event classes read off the catalogue, by stream class and type, kept once made: eventsourcing caches a
# class by its topic, so a type taken away and added again (in tests) must come back as the same class.
_DERIVED: dict[tuple[type[Stream], str], type[Stream.Event]] = {}


def _event_class(cls: type[Stream], name: str, opens: bool) -> type[Stream.Event]:
    """The event class of a type in a stream class, as eventsourcing makes one written out in the class body:
    a subclass of the stream's own Event too, named by the stream class so its topic is `<Stream>.<Type>`."""
    made = _DERIVED.get((cls, name))
    if made is None:
        base = Stream.Opened if opens else Stream.Recorded
        namespace = {"__module__": cls.__module__, "__qualname__": f"{cls.__qualname__}.{name}"}
        made = _DERIVED[cls, name] = type(name, (base, cls.Event), namespace)
    if issubclass(made, Stream.Opened) is not opens:
        raise TypeError(f"{name} was made to {'join' if opens else 'open'} its {cls.__name__} streams: "
                        "a type that opens or joins a stream does so forever, its topic says which")
    return made


def derive_from_catalogue() -> None:
    """Give each catalogued type its event class on its stream, unless the class is written out, and fill the
    tables: at import, and after a type is added to the catalogue or taken away (a test's, at run time)."""
    derive_tables()
    for (cls, name), made in _DERIVED.items():
        if vars(cls).get(name) is made and _owner(name) is not cls:
            delattr(cls, name)
    for name, t in CATALOGUE.items():
        owner = _owner(name)
        if owner is None:
            continue
        held = vars(owner).get(name)
        if held is None or held is _DERIVED.get((owner, name)):  # a class written out is kept as it is
            setattr(owner, name, _event_class(owner, name, t.opens))
    OPENS.clear()
    OPENS.update({name: (CLASS_OF[kind], key) for name, (kind, key) in OPENERS.items()})
    JOINS.clear()
    JOINS.update({name: CLASS_OF[kind] for name, kind in JOINERS.items()})


def _owner(name: str) -> type[Stream] | None:
    """The stream class a type's facts are recorded in (None for a fix: it goes where its fact is)."""
    t = CATALOGUE.get(name)
    return CLASS_OF.get(t.stream or "") if t is not None else None


derive_from_catalogue()


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
