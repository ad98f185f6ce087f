"""Actors as people read them: `Matthew Miller (USA)` rather than `matthew-miller`.

An actor's state is found through its affiliations (Matthew Miller speaks for the State Department, which
is of the United States); a state is named by its code, an actor the ledger does not know by its id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ledger.domain.catalogue import REFERENCES, describe
from ledger.domain.facts import Fact
from ledger.views.items import TimelineEntry

# How far affiliations are followed to a state: a person, the body they speak for, its government.
DEPTH = 4


@dataclass(frozen=True)
class ActorName:
    actor_id: str
    name: str
    state: str | None  # the state it is of, through its affiliations; None for one of no state (the EU)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.state})" if self.state and self.state != self.actor_id else self.name


class Actors:
    """The names of the actors some facts register, and the state of each."""

    def __init__(self, registrations: Iterable[Fact], is_state: Callable[[str], bool]) -> None:
        documents = {f.document["actor_id"]: f.document for f in registrations if f.type == "ActorRegistered"}
        self._is_state = is_state
        self._names: dict[str, ActorName] = {}
        for actor_id, document in documents.items():
            self._names[actor_id] = ActorName(actor_id, document["name"], _state_of(actor_id, documents, is_state))

    def get(self, actor_id: str) -> ActorName | None:
        if actor_id in self._names:
            return self._names[actor_id]
        return ActorName(actor_id, actor_id, actor_id) if self._is_state(actor_id) else None

    def label(self, actor_id: str) -> str:
        """`Matthew Miller (USA)`; a state's code as it is; an unknown id as it is."""
        found = self.get(actor_id)
        return found.label if found is not None else actor_id

    def state(self, actor_id: str) -> str | None:
        found = self.get(actor_id)
        return found.state if found is not None else None

    def is_of(self, actor_id: str, who: str) -> bool:
        """Whether an actor is `who`: its id, its state's code, or its name (in any case)."""
        found = self.get(actor_id)
        wanted = who.casefold()
        if actor_id.casefold() == wanted:
            return True
        return found is not None and wanted in (found.name.casefold(), (found.state or "").casefold())


def _state_of(actor_id: str, documents: Mapping[str, Mapping[str, Any]], is_state: Callable[[str], bool]) -> str | None:
    current = actor_id
    for _ in range(DEPTH):
        document = documents.get(current)
        affiliation = document.get("affiliation") if document is not None else None
        if not isinstance(affiliation, str):
            return None
        if is_state(affiliation):
            return affiliation
        current = affiliation
    return None


def affiliations(registrations: Iterable[Fact]) -> set[str]:
    """The actors some registrations are affiliated to (to be read next, to reach their states)."""
    return {a for f in registrations if f.type == "ActorRegistered" and isinstance(a := f.document.get("affiliation"), str)}


def summary_with_names(row: TimelineEntry, actors: Actors) -> str:
    """A row's line of plain words with its actors by name and state: `Matthew Miller (USA) condemns (...)`."""
    fields = [name for name, kinds in REFERENCES.get(row.type, {}).items() if "actor" in kinds or "state" in kinds]
    details = dict(row.details)
    for name in fields:
        value = details.get(name)
        if isinstance(value, str):
            details[name] = actors.label(value)
        elif isinstance(value, list):
            details[name] = [actors.label(v) if isinstance(v, str) else v for v in value]
    try:
        return describe({**details, "type": row.type})
    except (KeyError, TypeError, ValueError):  # a row whose details do not say it again: as it was stored
        return row.summary
