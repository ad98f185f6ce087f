"""Random valid histories of the Council, for property-based tests.

Every history is valid by construction, and comes in a random appending order that still appends
whatever a fact names before the fact (facts themselves arrive out of valid-time order), cut into
batches of random sizes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED = ["DZA", "ECU", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "CHE"]
SOURCE = {"type": "SourceRegistered", "id": "src", "source_id": "un", "title": "UN documents", "published_on": "2030-01-01"}


@dataclass
class History:
    documents: list[dict[str, Any]] = field(default_factory=list)
    needs: dict[str, set[str]] = field(default_factory=dict)  # event id -> ids appended before it
    dates: set[date] = field(default_factory=set)
    batches: list[list[dict[str, Any]]] = field(default_factory=list)

    def add(self, document: dict[str, Any], on: date | None, *needs: str) -> dict[str, Any]:
        if on is not None:
            document = {"occurred_on": on.isoformat(), "source": {"document": "un"}, **document}
            self.dates.add(on)
        self.documents.append(document)
        self.needs[document["id"]] = {"src", *needs}
        return document


def _day(draw: st.DrawFn, after: date, within: int) -> date:
    return after + timedelta(days=draw(st.integers(0, within)))


def _tally(draw: st.DrawFn, outcome: str) -> dict[str, Any]:
    if outcome == "vetoed":
        vetoer = draw(st.sampled_from(P5))
        others = [m for m in P5 + ELECTED if m != vetoer]
        return {"in_favour": others[:13], "against": [vetoer], "abstaining": others[13:14]}
    if outcome == "failed":
        return {"in_favour": 7, "against": [draw(st.sampled_from(P5))], "abstaining": 7}
    return {"in_favour": 12, "against": ["DZA", "MOZ"], "abstaining": 1}


@st.composite
def histories(draw: st.DrawFn) -> History:
    h = History()
    h.documents.append(SOURCE)
    h.needs["src"] = set()
    held: list[tuple[str, str, date]] = []  # (kind, id, from)
    for r in range(draw(st.integers(1, 2))):
        regime, est = f"r{r}", _day(draw, date(2000, 1, 1), 2000)
        h.add({"type": "SanctionsRegimeEstablished", "id": f"{regime}.est", "regime_id": regime, "name": f"Regime {r}",
               "target": "PRK", "resolution": f"{1000 + r}", "measures": ["arms embargo"]}, est)
        held.append(("regime", regime, est))
        last = est
        for p in range(draw(st.integers(0, 2))):
            panel, p_est = f"{regime}p{p}", _day(draw, est, 400)
            end = p_est + timedelta(days=draw(st.integers(180, 400)))
            h.add({"type": "PanelEstablished", "id": f"{panel}.est", "panel_id": panel, "regime_id": regime,
                   "name": f"Panel {panel}", "resolution": "1", "mandate_ends_on": end.isoformat()}, p_est, f"{regime}.est")
            held.append(("panel", panel, p_est))
            previous, at = f"{panel}.est", p_est
            for n in range(draw(st.integers(0, 3))):
                at = _day(draw, at, (end - at).days)
                end = end + timedelta(days=draw(st.integers(1, 400)))
                h.add({"type": "PanelMandateExtended", "id": f"{panel}.ext{n}", "panel_id": panel,
                       "resolution": f"{n + 2}", "mandate_ends_on": end.isoformat()}, at, previous)
                previous = f"{panel}.ext{n}"
            for n in range(draw(st.integers(0, 2))):
                on = _day(draw, p_est, (end - p_est).days)
                h.add({"type": "ReportReleased", "id": f"{panel}.rep{n}", "report_id": f"S/{panel}/{n}", "author": panel,
                       "title": "Report", "findings": ["a finding"]}, on, f"{panel}.est")
                last = max(last, on)
            last = max(last, at)
        if draw(st.booleans()):
            h.add({"type": "SanctionsReliefSought", "id": f"{regime}.relief", "regime_id": regime, "by": ["RUS", "CHN"]},
                  _day(draw, est, (last - est).days), f"{regime}.est")
        if draw(st.booleans()):
            h.add({"type": "SanctionsRegimeTerminated", "id": f"{regime}.end", "regime_id": regime},
                  last + timedelta(days=draw(st.integers(1, 500))), f"{regime}.est")
    drafts = []
    for v in range(draw(st.integers(0, 3))):
        kind, named, since = draw(st.sampled_from([x for x in held if x[0] in ("panel", "regime")]))
        on = _day(draw, since, 3000)
        outcome = draw(st.sampled_from(["vetoed", "failed", "adopted"]))
        vote = h.add({"type": "DraftResolutionVoted", "id": f"v{v}", "draft_id": f"S/{v}", "concerning": named,
                      **_tally(draw, outcome)}, on, f"{named}.est")
        drafts.append((vote, on))
        held.append(("draft", f"S/{v}", on))
    statements = []
    for s in range(draw(st.integers(0, 4))):
        about = draw(st.lists(st.sampled_from(held), max_size=2, unique=True)) if held else []
        since = max([x[2] for x in about], default=date(2000, 1, 1))
        on = _day(draw, since, 2000)
        text = on.isoformat() if about or draw(st.booleans()) else draw(st.sampled_from([on.isoformat()[:7], on.isoformat()[:4]]))
        needs = [f"v{x[1][2:]}" if x[0] == "draft" else f"{x[1]}.est" for x in about]
        statement = h.add({"type": "StatementIssued", "id": f"s{s}", "speakers": [draw(st.sampled_from(P5))],
                           "stance": draw(st.sampled_from(["condemns", "justifies", "neutral"])),
                           "about": [x[1] for x in about]}, None, *needs)
        statement.update({"occurred_on": text, "source": {"document": "un"}})
        h.dates.add(on)
        statements.append(statement)
    for f in range(draw(st.integers(0, 2))):
        # A vote may also be found to concern another panel or regime, one established before it.
        elsewhere = {v["id"]: [x[1] for x in held if x[0] in ("panel", "regime") and x[1] != v["concerning"] and x[2] < on]
                     for v, on in drafts}
        choices = ([("stance", s) for s in statements] + [("retract", s) for s in statements]
                   + [("vote", v) for v, _ in drafts] + [("move", v) for v, _ in drafts if elsewhere[v["id"]]])
        if not choices:
            break
        what, target = draw(st.sampled_from(choices))
        if what == "move":
            other = draw(st.sampled_from(elsewhere[target["id"]]))
            h.add({"type": "FactCorrected", "id": f"fix{f}", "corrects": target["id"], "changes": {"concerning": other},
                   "reason": "misattributed", "source": {"document": "un"}}, None, target["id"], f"{other}.est")
        elif what == "retract":
            h.add({"type": "FactRetracted", "id": f"fix{f}", "retracts": target["id"], "reason": "withdrawn",
                   "source": {"document": "un"}}, None, target["id"])
        elif what == "stance":
            h.add({"type": "FactCorrected", "id": f"fix{f}", "corrects": target["id"], "changes": {"stance": "regrets"},
                   "reason": "misread", "source": {"document": "un"}}, None, target["id"])
        else:
            h.add({"type": "FactCorrected", "id": f"fix{f}", "corrects": target["id"],
                   "changes": {"in_favour": 9, "against": [], "abstaining": 6}, "reason": "recount",
                   "source": {"document": "un"}}, None, target["id"])
        # one fix per target keeps every fix valid whatever else was fixed
        if any(d.get("corrects") == target["id"] or d.get("retracts") == target["id"] for d in h.documents[:-1]):
            h.documents.pop()
            del h.needs[f"fix{f}"]
    rng = random.Random(draw(st.integers(0, 2**32)))
    order, done, pending = [], set(), list(h.documents)
    while pending:
        ready = [d for d in pending if h.needs[d["id"]] <= done]
        chosen = rng.choice(ready)
        order.append(chosen)
        done.add(chosen["id"])
        pending.remove(chosen)
    while order:
        size = draw(st.integers(1, 5))
        h.batches.append(order[:size])
        order = order[size:]
    return h
