"""The valid-time fold: facts applied in the order they happened, each checked against the rules.

The same fold serves two purposes. The ledger folds the few entities a new document names to check
it against the state as of its own date; a view folds every fact known at a moment up to a day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from ledger.domain.catalogue import REFERENCES, REGISTRATIONS
from ledger.domain.council import tally_problems
from ledger.domain.dates import SPANS, parse_day
from ledger.domain.entities import (
    ActorState,
    DraftState,
    PanelState,
    RegimeState,
    SourceState,
    tally_of,
)
from ledger.domain.facts import Fact, in_valid_order, occurrence_of
from ledger.domain.membership import membership_problems
from ledger.domain.provenance import check_source
from ledger.domain.withdrawals import Withdrawals, after_withdrawal, never
from ledger.errors import LedgerError, RuleBroken, UnknownReference

IsState = Callable[[str], bool]

class World:
    """Everything the folded facts say, as of the last fact applied."""

    def __init__(self, is_state: IsState, withdrawn: Withdrawals = never) -> None:
        self.is_state = is_state
        self.withdrawn = withdrawn  # the codes of states that no longer exist, and when each was withdrawn
        self.sources: dict[str, SourceState] = {}
        self.actors: dict[str, ActorState] = {}
        self.regimes: dict[str, RegimeState] = {}
        self.panels: dict[str, PanelState] = {}
        self.drafts: dict[str, DraftState] = {}
        self.reports: dict[str, Fact] = {}
        self.statements: list[Fact] = []
        self.timeline: list[Fact] = []

    # -- folding ---------------------------------------------------------------------------

    def apply(self, fact: Fact, *, rules: bool = False, references: bool = False) -> LedgerError | None:
        """Fold one fact in; with `rules`/`references`, first say what it breaks (it is applied anyway)."""
        problem: LedgerError | None = None
        try:
            if references:
                self.check_references(fact)
            if rules:
                CHECKS.get(fact.type, _no_rule)(self, fact.document)
        except LedgerError as e:
            problem = e
        CHANGES.get(fact.type, _no_change)(self, fact, fact.document)
        # Every fact of the world has a row on the timeline; a veto only while its vote holds it.
        if fact.type not in REGISTRATIONS and fact.type != "VetoCast":
            self.timeline.append(fact)
        return problem

    def fold(self, facts: Iterable[Fact], until: date | None = None) -> World:
        """Apply facts in valid-time order, up to and including a day (all of them without one)."""
        for fact in in_valid_order(facts):
            occurred = fact.occurred
            if until is not None and occurred is not None and occurred.start > until:
                break
            self.apply(fact)
        return self

    # -- references ------------------------------------------------------------------------

    def holds(self, kind: str, ident: str) -> bool:
        if kind == "state":
            return self.is_state(ident)
        if kind == "actor":
            return self.is_state(ident) or ident in self.actors
        held: dict[str, Mapping[str, object]] = {"panel": self.panels, "regime": self.regimes, "draft": self.drafts}
        return ident in held[kind]

    def check_references(self, fact: Fact) -> None:
        """Everything a fact names must be held as of its date; its quote must stand in its source."""
        document = fact.document
        ended: list[tuple[str, str]] = []  # (field, why): every state named after it ended, said at once
        for name, kinds in REFERENCES.get(fact.type, {}).items():
            value = document.get(name)
            named = [(name, value)] if isinstance(value, str) else [
                (f"{name}.{i}", v) for i, v in enumerate(value)] if isinstance(value, list) else []
            for field, ident in named:
                if not any(self.holds(kind, ident) for kind in kinds):
                    raise UnknownReference(_unheld(ident, kinds, fact), field=name, unheld=(ident, kinds))
                if fact.occurred is not None and self.is_state(ident) and (found := self.withdrawn(ident)):
                    if (reason := after_withdrawal(found, fact.occurred)) is not None:
                        ended.append((field, reason if not ended else f"{found.code} ({found.name}), withdrawn "
                                                                      f"{found.withdrawn}"))
        if ended:
            (field, reason), *more = ended
            raise RuleBroken("; ".join([reason, *(f"also field {f!r}: {r}" for f, r in more)]), field=field)
        if "source" in document:
            check_source(fact, self.sources)

    # -- registrations ---------------------------------------------------------------------

    def _check_ActorRegistered(self, d: Mapping[str, Any]) -> None:
        if self.is_state(d["actor_id"]):
            raise RuleBroken(
                f"{d['actor_id']} is a state's ISO 3166 code: states need no registration",
                field="actor_id",
            )

    def _apply_SourceRegistered(self, fact: Fact, d: Mapping[str, Any]) -> None:
        self.sources[d["source_id"]] = source_of(fact)

    def _apply_ActorRegistered(self, fact: Fact, d: Mapping[str, Any]) -> None:
        self.actors[d["actor_id"]] = ActorState(
            d["actor_id"], d["name"], d["kind"], d.get("affiliation"), d.get("role"), fact.event_id
        )

    # -- regimes ---------------------------------------------------------------------------

    def _regime_in_force(self, regime_id: str, field: str, doing: str) -> RegimeState:
        regime = self.regimes.get(regime_id)
        if regime is None:
            raise UnknownReference(f"regime {regime_id!r} was not established by then", field=field,
                                   unheld=(regime_id, ("regime",)))
        if regime.terminated is not None:
            raise RuleBroken(
                f"regime {regime_id!r} was terminated on {regime.terminated}: nothing may {doing} from that day on",
                field=field,
            )
        return regime

    def _apply_SanctionsRegimeEstablished(self, fact: Fact, d: Mapping[str, Any]) -> None:
        self.regimes[d["regime_id"]] = RegimeState(
            d["regime_id"], d["name"], d["target"], fact.occurred, d.get("committee"),  # type: ignore[arg-type]
            [d["resolution"]], list(d["measures"]), evidence=[fact.event_id], corrections=list(fact.corrections),
        )

    def _check_SanctionsReinforced(self, d: Mapping[str, Any]) -> None:
        self._regime_in_force(d["regime_id"], "regime_id", "reinforce it")

    def _apply_SanctionsReinforced(self, fact: Fact, d: Mapping[str, Any]) -> None:
        if regime := self.regimes.get(d["regime_id"]):
            regime.resolutions.append(d["resolution"])
            regime.measures.extend(m for m in d["measures"] if m not in regime.measures)
            _cite(regime, fact)

    def _check_SanctionsReliefSought(self, d: Mapping[str, Any]) -> None:
        self._regime_in_force(d["regime_id"], "regime_id", "seek relief from it")

    def _apply_SanctionsReliefSought(self, fact: Fact, d: Mapping[str, Any]) -> None:
        if regime := self.regimes.get(d["regime_id"]):
            regime.relief_sought_by.extend(a for a in d["by"] if a not in regime.relief_sought_by)
            _cite(regime, fact)

    def _check_SanctionsRegimeTerminated(self, d: Mapping[str, Any]) -> None:
        self._regime_in_force(d["regime_id"], "regime_id", "terminate it again")

    def _apply_SanctionsRegimeTerminated(self, fact: Fact, d: Mapping[str, Any]) -> None:
        if (regime := self.regimes.get(d["regime_id"])) and regime.terminated is None:
            regime.terminated = fact.occurred
            _cite(regime, fact)

    # -- panels ----------------------------------------------------------------------------

    def _panel(self, panel_id: str, field: str) -> PanelState:
        panel = self.panels.get(panel_id)
        if panel is None:
            raise UnknownReference(f"panel {panel_id!r} was not established by then", field=field, unheld=(panel_id, ("panel",)))
        return panel

    def _check_PanelEstablished(self, d: Mapping[str, Any]) -> None:
        self._regime_in_force(d["regime_id"], "regime_id", "establish its panels")

    def _apply_PanelEstablished(self, fact: Fact, d: Mapping[str, Any]) -> None:
        self.panels[d["panel_id"]] = PanelState(
            d["panel_id"], d["name"], d["regime_id"], fact.occurred,  # type: ignore[arg-type]
            parse_day(d["mandate_ends_on"]), [d["resolution"]], evidence=[fact.event_id],
            corrections=list(fact.corrections),
        )
        if regime := self.regimes.get(d["regime_id"]):
            regime.panels.append(d["panel_id"])

    def _check_PanelMandateExtended(self, d: Mapping[str, Any]) -> None:
        panel = self._panel(d["panel_id"], "panel_id")
        self._regime_in_force(panel.regime_id, "panel_id", "extend its panels")
        new_end = parse_day(d["mandate_ends_on"])
        if new_end <= panel.mandate_ends_on:
            raise RuleBroken(
                f"the mandate of {panel.panel_id!r} already runs to {panel.mandate_ends_on}; "
                f"an extension must end later than that, not on {new_end}",
                field="mandate_ends_on",
            )
        _within_mandate(panel, d, "; a lapsed panel cannot be extended, it takes a new panel with a new panel_id")

    def _apply_PanelMandateExtended(self, fact: Fact, d: Mapping[str, Any]) -> None:
        if panel := self.panels.get(d["panel_id"]):
            panel.mandate_ends_on = max(panel.mandate_ends_on, parse_day(d["mandate_ends_on"]))
            panel.resolutions.append(d["resolution"])
            _cite(panel, fact)

    def _check_ReportReleased(self, d: Mapping[str, Any]) -> None:
        panel = self._panel(d["author"], "author")
        self._regime_in_force(panel.regime_id, "author", "publish its panels' reports")
        if d["report_id"] in panel.reports:
            raise RuleBroken(f"panel {panel.panel_id!r} already released report {d['report_id']!r}", field="report_id")

    def _apply_ReportReleased(self, fact: Fact, d: Mapping[str, Any]) -> None:
        self.reports[d["report_id"]] = fact
        if panel := self.panels.get(d["author"]):
            panel.reports.append(d["report_id"])
            _cite(panel, fact)

    def _check_InquiryOpened(self, d: Mapping[str, Any]) -> None:
        panel = self._panel(d["panel_id"], "panel_id")
        self._regime_in_force(panel.regime_id, "panel_id", "open its panels' inquiries")
        # A report may come out after the mandate ended (a final report often does); an inquiry may not begin.
        _within_mandate(panel, d, ": a panel without a mandate opens no inquiry")

    def _apply_InquiryOpened(self, fact: Fact, d: Mapping[str, Any]) -> None:
        if panel := self.panels.get(d["panel_id"]):
            panel.inquiries.append(d["subject"])
            _cite(panel, fact)

    # -- votes -----------------------------------------------------------------------------

    def _check_DraftResolutionVoted(self, d: Mapping[str, Any]) -> None:
        on = occurrence_of(d).start  # type: ignore[union-attr]
        tally = tally_of(d)
        for field, reason in [*tally_problems(tally, on), *membership_problems(tally, on)]:
            raise RuleBroken(reason, field=field)

    def _apply_DraftResolutionVoted(self, fact: Fact, d: Mapping[str, Any]) -> None:
        self.drafts[d["draft_id"]] = DraftState(
            d["draft_id"], fact.occurred, d.get("concerning"), d.get("purpose"),  # type: ignore[arg-type]
            list(d.get("penholders", [])), tally_of(d),
            fact.event_id, evidence=[fact.event_id], corrections=list(fact.corrections),
            agenda_item=d.get("agenda_item"),
        )

    def _apply_VetoCast(self, fact: Fact, d: Mapping[str, Any]) -> None:
        # A veto follows its vote: it shows only while the vote as it now stands contains it.
        draft = self.drafts.get(d["draft_id"])
        if draft is not None and d["member"] in draft.vetoed_by:
            self.timeline.append(fact)

    # -- statements and other facts ---------------------------------------------------------

    def _apply_StatementIssued(self, fact: Fact, d: Mapping[str, Any]) -> None:
        self.statements.append(fact)


def source_of(registration: Fact) -> SourceState:
    """A source as its registration (as corrected) says it: what facts citing it are checked against."""
    d = registration.document
    return SourceState(d["source_id"], d["title"], parse_day(d["published_on"]), d.get("text"), registration.event_id)


def _within_mandate(panel: PanelState, d: Mapping[str, Any], why_not: str) -> None:
    """A fact a panel's mandate must still run for: refused from the day after the mandate ended."""
    occurred = occurrence_of(d)
    if occurred is not None and occurred.start > panel.mandate_ends_on:
        # "Expired on" its last day, as the Council says it: the mandate ran through that day, not after.
        raise RuleBroken(f"the mandate of {panel.panel_id!r} expired on {panel.mandate_ends_on} (its last day){why_not}",
                         field="occurred_on")


def _cite(entity: RegimeState | PanelState, fact: Fact) -> None:
    """An entity names every fact that shaped it, and what corrected those facts, when and why."""
    entity.evidence.append(fact.event_id)
    entity.corrections.extend(fact.corrections)


def _no_rule(_: World, __: Mapping[str, Any]) -> None:
    return None


def _no_change(_: World, __: Fact, ___: Mapping[str, Any]) -> None:
    return None


# The rule of each type beyond its references and its source, and the change each type makes to the world:
# a type that is not here has no rule of its own, or changes nothing (the timeline aside).
CHECKS: dict[str, Callable[[World, Mapping[str, Any]], None]] = {
    "ActorRegistered": World._check_ActorRegistered,
    "SanctionsReinforced": World._check_SanctionsReinforced,
    "SanctionsReliefSought": World._check_SanctionsReliefSought,
    "SanctionsRegimeTerminated": World._check_SanctionsRegimeTerminated,
    "PanelEstablished": World._check_PanelEstablished,
    "PanelMandateExtended": World._check_PanelMandateExtended,
    "ReportReleased": World._check_ReportReleased,
    "InquiryOpened": World._check_InquiryOpened,
    "DraftResolutionVoted": World._check_DraftResolutionVoted,
}
CHANGES: dict[str, Callable[[World, Fact, Mapping[str, Any]], None]] = {
    "SourceRegistered": World._apply_SourceRegistered,
    "ActorRegistered": World._apply_ActorRegistered,
    "SanctionsRegimeEstablished": World._apply_SanctionsRegimeEstablished,
    "SanctionsReinforced": World._apply_SanctionsReinforced,
    "SanctionsReliefSought": World._apply_SanctionsReliefSought,
    "SanctionsRegimeTerminated": World._apply_SanctionsRegimeTerminated,
    "PanelEstablished": World._apply_PanelEstablished,
    "PanelMandateExtended": World._apply_PanelMandateExtended,
    "ReportReleased": World._apply_ReportReleased,
    "InquiryOpened": World._apply_InquiryOpened,
    "DraftResolutionVoted": World._apply_DraftResolutionVoted,
    "VetoCast": World._apply_VetoCast,
    "StatementIssued": World._apply_StatementIssued,
}


def _unheld(ident: str, kinds: tuple[str, ...], fact: Fact) -> str:
    words = " or ".join(kinds)
    occurred = fact.occurred
    # An EDTF span is checked on its first and its last day (ledger.domain.allowance): say which.
    when = "" if occurred is None else f" as of {occurred.start if occurred.kind in SPANS else occurred}"
    if kinds == ("state",):
        return f"{ident!r} is not a state's ISO 3166 alpha-3 code (only states vote)"
    hint = " (states are named by ISO 3166 alpha-3 codes; other actors must be registered first)" if kinds == ("actor",) else ""
    return f"the ledger holds no {words} {ident!r}{when}{hint}"
