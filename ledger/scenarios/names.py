"""Things named as people name them, resolved through the ledger's own names and ids.

"the DPRK Panel of Experts" is the panel of the regime whose target is North Korea; "resolution 1718's
regime" the regime that resolution established; "Matthew Miller" the actor registered under that name;
"China's foreign ministry" the body registered as a foreign ministry of China; "Russia" a state. An id
is its own name. A name that fits nothing, or fits several things, fails the step and says what it could
have meant.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

import pycountry

from ledger.scenarios.dates import dated, view_day
from ledger.scenarios.vocabulary import SHAPES
from ledger.service.application import Ledger
from ledger.states import COMMON, state_meant, state_named

ALL_TIME = date(9999, 12, 31)  # a day after everything: the view of the whole history
SYMBOL = re.compile(r"S/\d{4}/\d+")  # a UN document symbol, as drafts are numbered
_CACHE: WeakKeyDictionary[Ledger, tuple[int, Names]] = WeakKeyDictionary()


def names(ledger: Ledger) -> Names:
    """The names of a ledger as it now stands (read again once it has grown)."""
    head = ledger.head()
    cached = _CACHE.get(ledger)
    if cached is None or cached[0] != head:
        cached = _CACHE[ledger] = (head, Names(ledger))
    return cached[1]


def bare(name: str) -> str:
    name = " ".join(name.split())
    return name[4:] if name.lower().startswith("the ") else name


def split(names_: str) -> list[str]:
    """A list written as prose: `the United States, France and Japan`; `nobody` or `nothing` is none."""
    if names_.strip() in ("nobody", "nothing", "none", "no one"):
        return []
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", names_.strip()) if n.strip()]


class Names:
    def __init__(self, ledger: Ledger) -> None:
        view = ledger.as_of(ALL_TIME)
        self.panels = {p.panel_id: p for p in view.panels}
        self.regimes = {r.regime_id: r for r in view.regimes}
        self.drafts = {d.draft_id for d in view.drafts}
        self.reports = {r.report_id for r in view.reports}
        self.actors: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        for fact in ledger.facts():
            if fact.type == "ActorRegistered":
                self.actors[fact.document["actor_id"]] = dict(fact.document)
            elif fact.type == "SourceRegistered":
                self.sources[fact.document["source_id"]] = dict(fact.document)

    # -- states and actors ------------------------------------------------------------------

    def state(self, name: str) -> str | None:
        """The ISO code of a state named in English (`Russia`, `North Korea`, `the USSR`), or None."""
        return state_named(name)

    def actor(self, name: str) -> str:
        """An actor registered in the ledger, or a state: as the ledger lists speakers, members and authors."""
        text = bare(name)
        if text in self.actors or (re.fullmatch(r"[A-Z]{3}", text) and self.state(text)):
            return text
        found = [a for a, d in self.actors.items() if d["name"].lower() == text.lower()]
        if not found and (state := self.state(text)):
            return state
        if not found and (m := re.fullmatch(r"(.+)'s foreign ministry", text, flags=re.I)):
            state = self.state(m[1])
            found = [a for a, d in self.actors.items() if d.get("kind") == "body" and d.get("affiliation") == state
                     and "foreign" in f"{d.get('role', '')} {d['name']}".lower()]
        if not found:  # a surname alone: `Putin`
            found = [a for a, d in self.actors.items() if d["name"].lower().split()[-1] == text.lower()]
        return self._one(name, "actor or state", found, [d["name"] for d in self.actors.values()])

    def actors_of(self, names_: str) -> list[str]:
        return [self.actor(n) for n in split(names_)]

    # -- panels, regimes, drafts --------------------------------------------------------------

    def panel(self, name: str) -> str:
        # "panel dprk-panel" names a panel by its id; "Panel of Experts on the Sudan" may be its own name
        text = re.sub(r"^panel\s+", "", bare(name), flags=re.I)
        if text in self.panels:
            return text
        found = [p for p, v in self.panels.items() if v.name.lower() in (text.lower(), bare(name).lower())]
        on = r"(.+?) panel of experts|panel of experts on (?:the )?(.+)|panel of the (?:sanctions )?regime on (?:the )?(.+)"
        if not found and (m := re.fullmatch(on, bare(name), flags=re.I)):
            regimes = self._regimes_on(m[1] or m[2] or m[3])
            found = [p for p, v in self.panels.items() if v.regime_id in regimes]
        if not found and (m := re.fullmatch(r"resolution (\d+)'s panel|panel of resolution (\d+)", bare(name), flags=re.I)):
            found = [p for p, v in self.panels.items() if v.resolutions and v.resolutions[0].split()[0] == (m[1] or m[2])]
        return self._one(name, "panel", found, [*self.panels, *(v.name for v in self.panels.values()),
                                                *(f"{place} Panel of Experts" for place in self._places())])

    def regime(self, name: str) -> str:
        text = re.sub(r"^regime\s+", "", bare(name), flags=re.I)
        if text in self.regimes:
            return text
        found = [r for r, v in self.regimes.items() if v.name.lower() in (text.lower(), bare(name).lower())]
        if not found and (m := re.fullmatch(r"(.+?) sanctions regime|sanctions regime on (?:the )?(.+)", bare(name), flags=re.I)):
            found = self._regimes_on(m[1] or m[2])
        if not found and (m := re.fullmatch(r"resolution (\d+)'s regime|regime of resolution (\d+)", bare(name), flags=re.I)):
            found = [r for r, v in self.regimes.items() if v.resolutions and v.resolutions[0].split()[0] == (m[1] or m[2])]
        return self._one(name, "sanctions regime", found, [*self.regimes, *(v.name for v in self.regimes.values()),
                                                           *(f"{place} sanctions regime" for place in self._places())])

    def _places(self) -> list[str]:
        """What people call the targets of the ledger's regimes (`DPRK`, `North Korea`, `Mali`)."""
        targets = {v.target for v in self.regimes.values()}
        common = [name.upper() if len(name) <= 4 else name.title() for name, code in COMMON.items() if code in targets]
        countries = [pycountry.countries.get(alpha_3=t) for t in targets]
        return [*common, *(getattr(c, "common_name", c.name) for c in countries if c is not None)]

    def _regimes_on(self, place: str) -> list[str]:
        state = self.state(place)
        return [r for r, v in self.regimes.items() if state is not None and v.target == state]

    def draft(self, name: str) -> str:
        text = re.sub(r"^draft\s+", "", bare(name), flags=re.I)
        if text in self.drafts or SYMBOL.fullmatch(text):
            return text
        return self._one(name, "draft", [], sorted(self.drafts))

    def thing(self, name: str) -> str:
        """Whatever a statement may be about: a draft, a panel, a regime, a report, an actor or a state."""
        text = bare(name)
        if text in self.drafts or text in self.reports or text in self.sources or SYMBOL.fullmatch(text):
            return text
        if text.lower().startswith("draft "):
            return self.draft(text)
        for resolve in (self.panel, self.regime, self.actor):
            try:
                return resolve(name)
            except AssertionError:
                continue
        every = [*self.drafts, *self.panels, *self.regimes, *self.actors, *(d["name"] for d in self.actors.values())]
        return self._one(name, "draft, panel, regime, actor or state", [], every)

    def things(self, names_: str) -> list[str]:
        return [self.thing(n) for n in split(names_)]

    def source(self, name: str) -> str:
        text = bare(name)
        if text in self.sources:
            return text
        found = [s for s, d in self.sources.items() if d.get("title", "").lower() == text.lower()]
        return self._one(name, "source", found, list(self.sources))

    @staticmethod
    def _one(name: str, kind: str, found: list[str], candidates: list[str]) -> str:
        found = list(dict.fromkeys(found))
        if len(found) == 1:
            return found[0]
        if found:
            raise AssertionError(f"{name!r} is ambiguous: it could be any of {', '.join(map(repr, found))} (each a {kind}); "
                                 "name it by its id")
        near = difflib.get_close_matches(bare(name), candidates, n=3, cutoff=0.4)
        hint = f"; nearest known: {', '.join(map(repr, near))}" if near else ""
        # A state is named by what people call it, not by the ledger's list: its guess is the ledger's own (as the
        # command line's and a document's refusals make it), `Rusia` meaning RUS.
        if kind.endswith("state") and (meant := state_meant(bare(name))) is not None:
            hint = f"; did you mean {meant}?" + hint
        raise AssertionError(f"the ledger knows no {kind} called {name!r}{hint}")


def event_id(ledger: Ledger, name: str) -> str:
    """The id of one fact, named as a reader finds it on the ledger's views: `Matthew Miller's statement of
    2024-03-28` (or of any date as the statement's is written: `of 1992-08-30?`), `Russia's veto of S/2024/255`,
    `the vote on S/2024/255`, or its event id."""
    known = names(ledger)
    if m := re.fullmatch(f"(.+)'s statement of ({SHAPES['date']})", name):
        speakers = known.actors_of(m[1])
        statements = [s for s in ledger.as_of(view_day(m[2])).statements if dated(s.on, m[2])]
        found = [s for s in statements if list(s.speakers) == speakers] or [
            s for s in statements if set(s.speakers) == set(speakers)]
        if len(found) != 1:
            raise AssertionError(f"expected one statement by {', '.join(speakers)} of {m[2]}; the ledger holds {len(found)}")
        return str(found[0].event_id)
    if m := re.fullmatch(r"(.+)'s veto of (\S+)", name):
        member, draft = known.actor(m[1]), known.draft(m[2])
        rows = [r for r in ledger.as_of(ALL_TIME).timeline if r.type == "VetoCast"
                and r.details.get("member") == member and r.details.get("draft_id") == draft]
        if len(rows) != 1:
            raise AssertionError(f"expected one veto by {member} of {draft}; the ledger holds {len(rows)}")
        return str(rows[0].event_id)
    if m := re.fullmatch(r"the vote on (\S+)", name):
        voted = ledger.as_of(ALL_TIME).draft(known.draft(m[1]))
        if voted is None:
            raise AssertionError(f"the ledger holds no vote on {m[1]}")
        return str(voted.event_id)
    registered = {d["id"] for d in [*known.actors.values(), *known.sources.values()]}
    if name in registered or any(r.event_id == name for r in ledger.as_of(ALL_TIME).timeline):
        return name
    raise AssertionError(f"cannot tell which fact {name!r} is: name it as \"SPEAKER's statement of DATE\", "
                         "\"MEMBER's veto of DRAFT\", \"the vote on DRAFT\" or by its event id")
