"""Random valid histories of the Council, for property-based tests, and the Council's rules as a person
states them, to work out what a history means without asking the ledger's own code.

Every history is valid by construction, and comes in a random appending order that still appends
whatever a fact names before the fact (facts themselves arrive out of valid-time order), cut into
batches of random sizes. The draws lean on the boundaries: tallies of exactly the votes a draft needs
and of one fewer, votes on the days the Chinese and Russian seats changed hands and the days either
side, facts on the last day of a panel's mandate and on the day after, extensions decided on the last
day. Now and then a vote, a panel (with its own facts) or a regime is retracted, and an extension, a panel's
establishment (its name or the end of its first mandate) or a regime's establishment is corrected.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

# -- the Council's rules, as a person states them (the Charter, Article 27(3), and the Council's history) --

OPENED = date(1945, 10, 24)  # the Charter entered into force
# Who sat permanently, from which day through which day: the ROC held China's seat until the day before
# resolution 2758 seated the PRC, the USSR its seat until the day before the Russian Federation took it.
TENURES = {
    "TWN": (OPENED, date(1971, 10, 24)), "CHN": (date(1971, 10, 25), date.max),
    "SUN": (OPENED, date(1991, 12, 23)), "RUS": (date(1991, 12, 24), date.max),
    "FRA": (OPENED, date.max), "GBR": (OPENED, date.max), "USA": (OPENED, date.max),
}
SEATS_CHANGED_ON = (date(1971, 10, 25), date(1991, 12, 24))
FIRST_MEETING = date(1946, 1, 17)  # no vote before the Council first met
LAST_DAY_OF_ELEVEN = date(1965, 12, 31)  # eleven members, seven votes needed; fifteen and nine from the next day


def sits_permanently(member: str, on: date) -> bool:
    first, last = TENURES.get(member, (date.max, date.min))
    return first <= on <= last


def votes_needed_on(on: date) -> int:
    return 7 if on <= LAST_DAY_OF_ELEVEN else 9


def charter_outcome(on: date, in_favour: int, against: list[str]) -> tuple[str, list[str]]:
    """A draft with the votes it needs and no permanent member against is adopted; with the votes and
    permanent members against, they vetoed it; without the votes it failed, and nobody vetoed it."""
    if in_favour < votes_needed_on(on):
        return "failed", []
    vetoed_by = sorted(m for m in against if sits_permanently(m, on))
    return ("vetoed", vetoed_by) if vetoed_by else ("adopted", [])


def charter_panel_status(on: date, last_day: date, regime_ended_on: date | None) -> str:
    """Active through the last day of its mandate, expired from the day after; terminated from the day its
    regime was terminated, when that came while the mandate still ran."""
    if regime_ended_on is not None and regime_ended_on <= last_day and regime_ended_on <= on:
        return "terminated"
    return "active" if on <= last_day else "expired"


# -- votes that sit on the boundaries ---------------------------------------------------------------

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED = ["DZA", "ECU", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "CHE"]
SEAT_DAYS = [change + timedelta(days=k) for change in SEATS_CHANGED_ON for k in (-1, 0, 1)]
BOUNDARY_DAYS = [*SEAT_DAYS, LAST_DAY_OF_ELEVEN, LAST_DAY_OF_ELEVEN + timedelta(days=1)]


def vote_days(latest: date = date(2026, 6, 30)) -> st.SearchStrategy[date]:
    """Half the days on a boundary of who votes or how many votes a draft needs, half any day the Council sat
    (from its first meeting to the last day the list of its elected members covers)."""
    return st.one_of(st.sampled_from(BOUNDARY_DAYS), st.dates(FIRST_MEETING, latest))


# The elected members of every year, read from the package's data file as a person reads a table: the list is
# data (the UN's), not a rule, so the votes drawn here sit on the Council the data says sat that day.
MEMBERS_CSV = Path(__file__).resolve().parents[1] / "ledger" / "domain" / "council_members.csv"
with MEMBERS_CSV.open(encoding="utf-8", newline="") as _stream:
    ELECTED_TERMS = [(row["code"], row["from"], row["to"]) for row in csv.DictReader(_stream)]


def elected_on(on: date) -> list[str]:
    day = on.isoformat()
    return sorted(code for code, first, last in ELECTED_TERMS if first <= day <= last)


@dataclass(frozen=True)
class Vote:
    on: date
    in_favour: tuple[str, ...]
    against: tuple[str, ...]
    abstaining: tuple[str, ...]

    def sides(self, counted: bool = False) -> dict[str, Any]:
        """The sides of a vote document: the members named or, counted, the members in favour and abstaining
        as counts, and those against as a count too when the draft lacked the votes (else they must be named)."""
        short = len(self.in_favour) < votes_needed_on(self.on)
        return {"in_favour": len(self.in_favour) if counted else list(self.in_favour),
                "against": len(self.against) if counted and short else list(self.against),
                "abstaining": len(self.abstaining) if counted else list(self.abstaining)}

    def expected(self) -> tuple[str, list[str]]:
        return charter_outcome(self.on, len(self.in_favour), list(self.against))

    def boundaries(self) -> list[str]:
        """Which boundaries the vote sits on, to count how often they are drawn."""
        found = []
        short = votes_needed_on(self.on) - len(self.in_favour)
        permanent_no = any(sits_permanently(m, self.on) for m in self.against)
        if short in (0, 1):
            found.append(f"{'exactly the votes needed' if short == 0 else 'one vote short'}, "
                         f"{'a' if permanent_no else 'no'} permanent member against")
        for change in SEATS_CHANGED_ON:
            if abs((self.on - change).days) <= 1:
                found.append(f"{(self.on - change).days:+d} day(s) from the seat change of {change}")
        if self.on in (LAST_DAY_OF_ELEVEN, LAST_DAY_OF_ELEVEN + timedelta(days=1)):
            found.append(f"{self.on}: the Council of {'eleven' if self.on == LAST_DAY_OF_ELEVEN else 'fifteen'}")
        changing = [m for m in self.against if m in ("TWN", "CHN", "SUN", "RUS")]
        if changing and short <= 0 and any(abs((self.on - c).days) <= 1 for c in SEATS_CHANGED_ON):
            holder = any(sits_permanently(m, self.on) for m in changing)
            found.append(f"the votes needed and {'its holder' if holder else 'only its former or future holder'} "
                         "against, within a day of a change of seat")
        return found


@st.composite
def council_votes(draw: st.DrawFn, days: st.SearchStrategy[date] | None = None) -> Vote:
    """A possible vote with every member named, most often with exactly the votes needed or one fewer."""
    on = draw(days if days is not None else vote_days())
    size = 15 if on > LAST_DAY_OF_ELEVEN else 11
    seated = [m for m in TENURES if sits_permanently(m, on)] + elected_on(on)
    assert len(seated) == size, (on, seated)
    # Within a day of a change of seat, its holder often votes against: a vote against is a veto exactly on the
    # days its member holds the permanent seat. (The former or future holder does not sit on the Council at
    # all: a vote naming it is refused, which tests/unit/test_membership.py tries.)
    changing = [m for m, (first, last) in TENURES.items() if min(abs((first - on).days), abs((last - on).days)) <= 1]
    order = draw(st.permutations(seated))
    sitting = [m for m in changing if m in seated]
    against = draw(st.sampled_from([[], sitting, *([m] for m in sitting)])) if sitting else []
    order = [m for m in order if m not in against] + against
    needed = votes_needed_on(on)
    count = draw(st.one_of(st.sampled_from([needed - 1, needed]), st.integers(0, size)))
    rest = order[count:]
    said = draw(st.lists(st.sampled_from(["against", "against", "abstaining", "absent"]),
                         min_size=len(rest), max_size=len(rest)))
    said = ["against" if m in against else s for m, s in zip(rest, said, strict=True)]
    side = lambda name: tuple(m for m, s in zip(rest, said, strict=True) if s == name)  # noqa: E731
    return Vote(on, tuple(order[:count]), side("against"), side("abstaining"))


# -- histories ----------------------------------------------------------------------------------------

SOURCE = {"type": "SourceRegistered", "id": "src", "source_id": "un", "title": "UN documents", "published_on": "2026-06-30"}


@dataclass
class Panel:
    regime: str
    ends: list[date]  # the end of its mandate as established, then as each extension left it
    decided: list[date]  # the day it was established, then the day of each extension
    reports: list[str] = field(default_factory=list)


@dataclass
class History:
    documents: list[dict[str, Any]] = field(default_factory=list)
    needs: dict[str, set[str]] = field(default_factory=dict)  # event id -> ids appended before it
    dates: set[date] = field(default_factory=set)
    batches: list[list[dict[str, Any]]] = field(default_factory=list)
    panels: dict[str, Panel] = field(default_factory=dict)
    votes: dict[str, Vote] = field(default_factory=dict)  # vote id -> the vote as first recorded

    def add(self, document: dict[str, Any], on: date | None, *needs: str) -> dict[str, Any]:
        if on is not None:
            document = {"occurred_on": on.isoformat(), "source": {"document": "un"}, **document}
            self.dates.add(on)
        self.documents.append(document)
        self.needs[document["id"]] = {"src", *needs}
        return document

    def vote(self, ident: str, draft: str, vote: Vote, concerning: str | None, counted: bool) -> dict[str, Any]:
        self.votes[ident] = vote
        about = {"concerning": concerning} if concerning else {}
        return self.add({"type": "DraftResolutionVoted", "id": ident, "draft_id": draft, **about, **vote.sides(counted)},
                        vote.on, *([f"{concerning}.est"] if concerning else []))


def _day(draw: st.DrawFn, after: date, within: int) -> date:
    return after + timedelta(days=draw(st.integers(0, within)))


def _day_or(draw: st.DrawFn, after: date, within: int, boundaries: list[date]) -> date:
    """A day from `after` on, one of the boundaries (those not before it) as often as any other."""
    edges = [d for d in boundaries if d >= after]
    return draw(st.sampled_from(edges)) if edges and draw(st.booleans()) else _day(draw, after, within)


def _edges(panel: Panel) -> list[date]:
    return [panel.ends[-1], panel.ends[-1] + timedelta(days=1)]


def _names(document: dict[str, Any], ident: str) -> bool:
    """Whether a fact names a panel, regime or draft of another stream (a statement's `about`, a vote's
    `concerning`), as appended or as a correction leaves it."""
    changes = document.get("changes", {})
    return ident in document.get("about", ()) or ident in (document.get("concerning"), changes.get("concerning"))


def _mentions(document: dict[str, Any], ident: str) -> bool:
    values = [*document.values(), *document.get("changes", {}).values()]
    return any(v == ident or (isinstance(v, list) and ident in v) for v in values)


@st.composite
def histories(draw: st.DrawFn) -> History:
    h = History()
    h.documents.append(SOURCE)
    h.needs["src"] = set()
    held: list[tuple[str, str, date]] = []  # (kind, id, from)
    bare: list[str] = []  # regimes with no facts but their establishment
    for r in range(draw(st.integers(1, 2))):
        regime, est = f"r{r}", _day(draw, date(2000, 1, 1), 2000)
        h.add({"type": "SanctionsRegimeEstablished", "id": f"{regime}.est", "regime_id": regime, "name": f"Regime {r}",
               "target": "PRK", "resolution": f"{1000 + r}", "measures": ["arms embargo"]}, est)
        held.append(("regime", regime, est))
        if draw(st.integers(0, 3)) == 0:
            bare.append(regime)
            continue
        last, edges = est, []
        for p in range(draw(st.integers(0, 2))):
            panel, p_est = f"{regime}p{p}", _day(draw, est, 400)
            end = p_est + timedelta(days=draw(st.integers(180, 400)))
            h.add({"type": "PanelEstablished", "id": f"{panel}.est", "panel_id": panel, "regime_id": regime,
                   "name": f"Panel {panel}", "resolution": "1", "mandate_ends_on": end.isoformat()}, p_est, f"{regime}.est")
            held.append(("panel", panel, p_est))
            drawn = h.panels[panel] = Panel(regime, [end], [p_est])
            previous, at = f"{panel}.est", p_est
            for n in range(draw(st.integers(0, 3))):
                at = _day_or(draw, at, (end - at).days, [end])  # often decided on the last day of the mandate
                end = end + timedelta(days=draw(st.integers(1, 400)))
                h.add({"type": "PanelMandateExtended", "id": f"{panel}.ext{n}", "panel_id": panel,
                       "resolution": f"{n + 2}", "mandate_ends_on": end.isoformat()}, at, previous)
                previous = f"{panel}.ext{n}"
                drawn.ends.append(end)
                drawn.decided.append(at)
            for n in range(draw(st.integers(0, 2))):
                on = _day_or(draw, p_est, (end - p_est).days, [end])
                h.add({"type": "ReportReleased", "id": f"{panel}.rep{n}", "report_id": f"S/{panel}/{n}", "author": panel,
                       "title": "Report", "findings": ["a finding"]}, on, f"{panel}.est")
                drawn.reports.append(f"{panel}.rep{n}")
                last = max(last, on)
            last = max(last, at)
            edges += _edges(drawn)
            h.dates.update(_edges(drawn))
        if draw(st.booleans()):
            h.add({"type": "SanctionsReliefSought", "id": f"{regime}.relief", "regime_id": regime, "by": ["RUS", "CHN"]},
                  _day(draw, est, (last - est).days), f"{regime}.est")
        if draw(st.booleans()):
            # Often on the last day of a panel's mandate or the day after (nothing of the regime may follow it).
            ended = _day_or(draw, last + timedelta(days=1), 500, edges)
            h.add({"type": "SanctionsRegimeTerminated", "id": f"{regime}.end", "regime_id": regime}, ended, f"{regime}.est")
    drafts = []
    for v in range(draw(st.integers(0, 3))):
        kind, named, since = draw(st.sampled_from([x for x in held if x[0] in ("panel", "regime")]))
        edges = _edges(h.panels[named]) if kind == "panel" else []
        on = _day_or(draw, since, 3000, edges)
        vote = h.vote(f"v{v}", f"S/{v}", draw(council_votes(days=st.just(on))), named, draw(st.booleans()))
        drafts.append((vote, on))
        held.append(("draft", f"S/{v}", on))
    for v in range(3, 3 + draw(st.integers(0, 2))):  # votes on no panel or regime, when the seats changed hands
        vote = draw(council_votes(days=st.sampled_from(SEAT_DAYS)))
        drafts.append((h.vote(f"v{v}", f"S/{v}", vote, None, draw(st.booleans())), vote.on))
        held.append(("draft", f"S/{v}", vote.on))
    statements = []
    for s in range(draw(st.integers(0, 4))):
        about = draw(st.lists(st.sampled_from(held), max_size=2, unique=True)) if held else []
        since = max([x[2] for x in about], default=date(2000, 1, 1))
        on = _day_or(draw, since, 2000, [d for x in about if x[0] == "panel" for d in _edges(h.panels[x[1]])])
        text = on.isoformat() if about or draw(st.booleans()) else draw(st.sampled_from([on.isoformat()[:7], on.isoformat()[:4]]))
        needs = [f"v{x[1][2:]}" if x[0] == "draft" else f"{x[1]}.est" for x in about]
        statement = h.add({"type": "StatementIssued", "id": f"s{s}", "speakers": [draw(st.sampled_from(P5))],
                           "stance": draw(st.sampled_from(["condemns", "justifies", "neutral"])),
                           "about": [x[1] for x in about]}, None, *needs)
        statement.update({"occurred_on": text, "source": {"document": "un"}})
        h.dates.add(on)
        statements.append(statement)
    _fixes(draw, h, held, drafts, statements, bare)
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


def _fixes(draw: st.DrawFn, h: History, held: list[tuple[str, str, date]], drafts: list[tuple[dict[str, Any], date]],
           statements: list[dict[str, Any]], bare: list[str]) -> None:
    """Corrections and retractions, one fix a fact at most, which keeps every fix valid whatever else was fixed.

    A panel is retracted with its reports and extensions (the latest first); a panel, regime or draft is retracted
    only while no fact of another stream names it (the ledger refuses a retraction that would strand one), and
    none is named after it is retracted; what of its own names it, and every fix of that, is appended before."""
    fixed: set[str] = set()
    removed: set[str] = set()  # the panels, regimes and drafts retracted

    def named(ident: str) -> bool:
        return any(_names(d, ident) for d in h.documents)

    extended: dict[str, list[str]] = {}  # panel -> the corrections of its extensions, each drawn on the ones before
    retracted: list[tuple[str, str]] = []  # (fix id, the id of what it retracts)

    def fix(ident: str, target: str, retract: bool = False, changes: dict[str, Any] | None = None, *needs: str) -> None:
        what = {"retracts": target} if retract else {"corrects": target, "changes": changes}
        h.add({"type": "FactRetracted" if retract else "FactCorrected", "id": ident, **what, "reason": "the source erred",
               "source": {"document": "un"}}, None, target, *needs)
        fixed.add(target)

    for f in range(draw(st.integers(0, 3))):
        elsewhere = {v["id"]: [x[1] for x in held if x[0] in ("panel", "regime") and x[1] != v.get("concerning")
                               and x[2] < on and x[1] not in removed] for v, on in drafts}
        extensions = [(p, n) for p, drawn in h.panels.items() for n in range(1, len(drawn.ends)) if f"{p}.ext{n - 1}" not in fixed]
        whole = [p for p, drawn in h.panels.items() if not fixed & {f"{p}.est", *drawn.reports,
                                                                     *(f"{p}.ext{n}" for n in range(len(drawn.ends) - 1))}]
        choices = {
            "stance": [s["id"] for s in statements], "retract": [s["id"] for s in statements],
            "recount": [v["id"] for v, _ in drafts], "move": [v["id"] for v, _ in drafts if elsewhere[v["id"]]],
            "retract vote": [v["id"] for v, _ in drafts if not named(v["draft_id"])],
            "retract panel": [p for p in whole if not named(p)],
            "retract regime": [r for r in bare if f"{r}.est" not in fixed and not named(r)], "extension": extensions,
            "panel": list(h.panels), "regime": [d["regime_id"] for d in h.documents if d["type"] == "SanctionsRegimeEstablished"],
        }
        # A panel or regime is corrected through its establishment: that is the fact to fix once at most.
        open_to = {k: [t for t in targets if (f"{t}.est" if k in ("panel", "regime") else t) not in fixed]
                   for k, targets in choices.items()}
        kinds = sorted(k for k, targets in open_to.items() if targets)
        if not kinds:
            break
        kind = draw(st.sampled_from(kinds))
        target: Any = draw(st.sampled_from(open_to[kind]))
        if kind == "stance":
            fix(f"fix{f}", target, changes={"stance": "regrets"})
        elif kind == "retract":
            fix(f"fix{f}", target, retract=True)
        elif kind == "recount":  # on the same day, as likely as a vote to sit on the nine-vote boundary
            recount = draw(council_votes(days=st.just(h.votes[target].on)))
            fix(f"fix{f}", target, changes=recount.sides(draw(st.booleans())))
        elif kind == "move":
            other = draw(st.sampled_from(elsewhere[target]))
            fix(f"fix{f}", target, False, {"concerning": other}, f"{other}.est")
        elif kind == "retract vote":
            fix(f"fix{f}", target, retract=True)
            retracted.append((f"fix{f}", next(v["draft_id"] for v, _ in drafts if v["id"] == target)))
            removed.add(retracted[-1][1])
        elif kind == "retract regime":
            fix(f"fix{f}", f"{target}.est", retract=True)
            retracted.append((f"fix{f}", target))
            removed.add(target)
        elif kind == "regime":  # its name and measures: the regime's rows change, and what its panels read of it
            fix(f"fix{f}", f"{target}.est", changes={"name": f"Regime {target}, as corrected", "measures": ["asset freeze"]})
        elif kind == "panel":
            # Its name, or the end of its first mandate: still on or after the day of its first extension (decided
            # while the mandate ran) and before the end that extension gave (an extension ends later).
            drawn = h.panels[target]
            low = max([drawn.decided[0] + timedelta(days=1), *drawn.decided[1:2]])
            high = drawn.ends[1] - timedelta(days=1) if len(drawn.ends) > 1 else drawn.ends[0] + timedelta(days=400)
            fields = draw(st.sampled_from(["name", "mandate_ends_on", "both"])) if low <= high else "name"
            changes: dict[str, Any] = {}
            if fields != "mandate_ends_on":
                changes["name"] = f"Panel {target}, as corrected"
            if fields != "name":
                drawn.ends[0] = draw(st.one_of(st.sampled_from([low, high]), st.dates(low, high)))
                changes["mandate_ends_on"] = drawn.ends[0].isoformat()
                h.dates.update(_edges(drawn) if len(drawn.ends) == 1 else (drawn.ends[0], drawn.ends[0] + timedelta(days=1)))
            fix(f"fix{f}", f"{target}.est", False, changes, *extended.get(target, []))
            extended.setdefault(target, []).append(f"fix{f}")
        elif kind == "retract panel":
            drawn = h.panels[target]
            gone = [*drawn.reports, *(f"{target}.ext{n}" for n in reversed(range(len(drawn.ends) - 1))), f"{target}.est"]
            for n, ident in enumerate(gone):
                fix(f"fix{f}.{n}", ident, True, None, *([f"fix{f}.{n - 1}"] if n else []))
            retracted.append((f"fix{f}.{len(gone) - 1}", target))
            removed.add(target)
        else:
            panel, n = target
            drawn = h.panels[panel]
            # Later than the mandate it extends; if another extension follows, earlier than that one's end and
            # not before the day it was decided on (the mandate must still run then).
            low = drawn.ends[n - 1] + timedelta(days=1)
            high = drawn.ends[n] + timedelta(days=400)
            if n + 1 < len(drawn.ends):
                low, high = max(low, drawn.decided[n + 1]), drawn.ends[n + 1] - timedelta(days=1)
            new_end = draw(st.one_of(st.sampled_from([low, high]), st.dates(low, high)))
            fix(f"fix{f}", f"{panel}.ext{n - 1}", False, {"mandate_ends_on": new_end.isoformat()}, *extended.get(panel, []))
            extended.setdefault(panel, []).append(f"fix{f}")
            drawn.ends[n] = new_end
    for ident, gone in retracted:
        h.needs[ident] |= {d["id"] for d in h.documents if d["id"] != ident and _mentions(d, gone) and "retracts" not in d}
        h.needs[ident] |= {d["id"] for d in h.documents if d.get("corrects") in h.needs[ident]}
