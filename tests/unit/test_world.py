"""The rules of `World`, each checked on a world fed with facts in memory: no database, no batch.

A world is built from a few facts (a regime, its panel, two sources), then asked what a new fact breaks.
Each rule is written here from the design's catalogue (DESIGN.md, section 6), not read back from the code:
the kind of refusal and the field it names are pinned. The vote tables live in test_council.py.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger.domain.facts import Fact
from ledger.domain.world import World
from ledger.errors import LedgerError, RuleBroken, UnknownReference
from ledger.states import is_state

RECORDED = datetime(2024, 5, 1, tzinfo=UTC)
_seq = itertools.count()

ARTICLE = "Russia vetoed the renewal of the panel on 28 March. China abstained."


def fact(type_: str, ident: str, **fields: Any) -> Fact:
    return Fact({"type": type_, "id": ident, **fields}, RECORDED, next(_seq))


def cited(document: str = "S/RES/1874", **more: str) -> dict[str, str]:
    return {"document": document, **more}


def basics() -> list[Fact]:
    """A regime from 2006, its panel from 2009 to 2010-06-12, and the sources that tell of them."""
    return [
        fact("SourceRegistered", "src.1718", source_id="S/RES/1718", title="1718", published_on="2006-10-14"),
        fact("SourceRegistered", "src.1874", source_id="S/RES/1874", title="1874", published_on="2009-06-12"),
        fact("SourceRegistered", "src.late", source_id="S/RES/9999", title="late", published_on="2030-01-01"),
        fact("SourceRegistered", "src.article", source_id="article", title="article", published_on="2024-03-29",
             text=ARTICLE),
        fact("ActorRegistered", "actor.eu", actor_id="eu", name="European Union", kind="organisation"),
        fact("SanctionsRegimeEstablished", "regime", regime_id="dprk", name="DPRK", target="PRK",
             occurred_on="2006-10-14", resolution="S/RES/1718", measures=["arms embargo"],
             source=cited("S/RES/1718")),
        fact("PanelEstablished", "panel", panel_id="dprk-panel", regime_id="dprk", name="Panel of Experts",
             occurred_on="2009-06-12", mandate_ends_on="2010-06-12", resolution="S/RES/1874", source=cited()),
    ]


def world(*more: Fact) -> World:
    return World(is_state).fold([*basics(), *more])


def problem(new: Fact, *before: Fact) -> LedgerError | None:
    """What a new fact breaks in a world of the basics and some facts before it (rules and references)."""
    return world(*before).apply(new, rules=True, references=True)


def refused(new: Fact, *before: Fact) -> tuple[type[LedgerError], str | None]:
    error = problem(new, *before)
    assert error is not None, f"{new.type} {dict(new.document)} was accepted"
    return type(error), error.field


def terminated() -> Fact:
    return fact("SanctionsRegimeTerminated", "end", regime_id="dprk", occurred_on="2010-01-01",
                source=cited("S/RES/9999"))


def extension(ends: str, on: str = "2010-06-07", ident: str = "ext") -> Fact:
    return fact("PanelMandateExtended", ident, panel_id="dprk-panel", occurred_on=on, mandate_ends_on=ends,
                resolution="S/RES/1928", source=cited("S/RES/9999"))


def report(ident: str = "report", author: str = "dprk-panel", report_id: str = "S/2010/571") -> Fact:
    return fact("ReportReleased", ident, author=author, report_id=report_id, occurred_on="2010-05-01",
                source=cited("S/RES/9999"))


def vote(in_favour: Any, against: Any, abstaining: Any = 0, on: str = "2024-03-28", ident: str = "vote") -> Fact:
    return fact("DraftResolutionVoted", ident, draft_id="S/2024/255", occurred_on=on, concerning="dprk-panel",
                in_favour=in_favour, against=against, abstaining=abstaining, source=cited("S/RES/9999"))


def test_the_basics_break_nothing() -> None:
    w = World(is_state)
    assert [w.apply(f, rules=True, references=True) for f in basics()] == [None] * len(basics())


# -- registrations --------------------------------------------------------------------------------


def test_a_state_is_not_registered_as_an_actor() -> None:
    assert refused(fact("ActorRegistered", "a", actor_id="RUS", name="Russia", kind="state")) == (
        RuleBroken, "actor_id")
    assert problem(fact("ActorRegistered", "a", actor_id="au", name="African Union", kind="organisation")) is None


def test_a_historic_state_code_counts_as_a_state() -> None:
    assert refused(fact("ActorRegistered", "a", actor_id="SUN", name="USSR", kind="state")) == (RuleBroken, "actor_id")


# -- references -----------------------------------------------------------------------------------


def statement(**fields: Any) -> Fact:
    return fact("StatementIssued", "st", **{"occurred_on": "2009-07-01", "speakers": ["FRA"], "stance": "supports",
                                             "about": ["dprk-panel"], "source": cited("S/RES/9999"), **fields})


def test_a_speaker_is_a_state_or_a_registered_actor() -> None:
    assert problem(statement(speakers=["FRA", "eu"])) is None
    assert refused(statement(speakers=["FRA", "nato"])) == (UnknownReference, "speakers")
    assert refused(statement(speakers=["XYZ"])) == (UnknownReference, "speakers")  # shaped like a code, not one


def test_a_statement_is_about_something_the_ledger_holds() -> None:
    assert problem(statement(about=["dprk", "dprk-panel", "eu", "USA"])) is None
    assert refused(statement(about=["iran-panel"])) == (UnknownReference, "about")


def test_a_statement_about_a_draft_needs_its_vote_first() -> None:
    assert refused(statement(about=["S/2024/255"])) == (UnknownReference, "about")
    assert problem(statement(about=["S/2024/255"]), vote(13, ["RUS"], ["CHN"])) is None


def test_only_states_vote() -> None:
    # "eu" is held as an actor, but a vote's members are states.
    assert refused(vote(["eu"], 0)) == (UnknownReference, "in_favour")
    assert refused(vote(13, ["RUS", "XXX"])) == (UnknownReference, "against")


def test_a_vote_concerns_a_panel_or_a_regime_not_an_actor() -> None:
    assert refused(fact("VotePostponed", "p", occurred_on="2009-07-01", concerning="eu",
                        source=cited("S/RES/9999"))) == (UnknownReference, "concerning")
    assert problem(fact("VotePostponed", "p", occurred_on="2009-07-01", concerning="dprk",
                        source=cited("S/RES/9999"))) is None


def test_an_actor_affiliated_with_an_unknown_actor_is_refused() -> None:
    assert refused(fact("ActorRegistered", "a", actor_id="envoy", name="Envoy", kind="person",
                        affiliation="nobody")) == (UnknownReference, "affiliation")
    assert problem(fact("ActorRegistered", "a", actor_id="envoy", name="Envoy", kind="person",
                        affiliation="eu")) is None


# -- sources --------------------------------------------------------------------------------------


def test_a_fact_cites_a_registered_source() -> None:
    assert refused(statement(source=cited("S/PV.0000"))) == (UnknownReference, "source.document")


def test_a_source_cannot_tell_of_what_happened_after_it_was_published() -> None:
    assert refused(statement(occurred_on="2009-06-13", source=cited("S/RES/1874"))) == (RuleBroken, "occurred_on")


def test_a_source_may_tell_of_its_own_day() -> None:
    assert problem(statement(occurred_on="2009-06-12", source=cited("S/RES/1874"))) is None


def test_a_source_registered_with_its_text_must_be_quoted() -> None:
    assert refused(statement(occurred_on="2024-03-28", source=cited("article"))) == (RuleBroken, "source.quote")


def test_a_quote_stands_verbatim_in_its_source() -> None:
    assert refused(statement(occurred_on="2024-03-28", source=cited("article", quote="Russia blocked the renewal"))
                   ) == (RuleBroken, "source.quote")
    # White space is folded: a quote across a line break still stands.
    assert problem(statement(occurred_on="2024-03-28", source=cited("article", quote="the renewal\n of  the panel"))
                   ) is None


# -- regimes --------------------------------------------------------------------------------------


def reinforced(regime: str = "dprk", measures: tuple[str, ...] = ("asset freeze",), ident: str = "more") -> Fact:
    return fact("SanctionsReinforced", ident, regime_id=regime, occurred_on="2009-06-12", resolution="S/RES/1874",
                measures=list(measures), source=cited())


def relief(ident: str = "relief", by: tuple[str, ...] = ("RUS", "CHN")) -> Fact:
    return fact("SanctionsReliefSought", ident, regime_id="dprk", occurred_on="2021-11-01", by=list(by),
                source=cited("S/RES/9999"))


def test_only_an_established_regime_is_reinforced() -> None:
    assert refused(reinforced("iran")) == (UnknownReference, "regime_id")


@pytest.mark.parametrize("doing", [
    lambda: reinforced(),
    lambda: relief(),
    lambda: terminated(),
    lambda: fact("PanelEstablished", "panel2", panel_id="panel-2", regime_id="dprk", name="Second panel",
                 occurred_on="2011-01-01", mandate_ends_on="2012-01-01", resolution="S/RES/9999",
                 source=cited("S/RES/9999")),
], ids=["reinforced", "relief sought", "terminated again", "a panel established"])
def test_nothing_is_done_to_a_regime_after_its_termination(doing: Any) -> None:
    new = doing()
    assert refused(new, terminated()) == (RuleBroken, "regime_id")
    if new.type != "SanctionsRegimeTerminated":
        assert problem(new) is None  # the same fact while the regime is in force


def test_a_reinforcement_adds_its_resolution_and_only_new_measures() -> None:
    regime = world(reinforced(measures=("arms embargo", "asset freeze"))).regimes["dprk"]
    assert regime.resolutions == ["S/RES/1718", "S/RES/1874"]
    assert regime.measures == ["arms embargo", "asset freeze"]
    assert regime.evidence == ["regime", "more"]


def test_relief_is_sought_once_by_each_actor() -> None:
    regime = world(relief("r1", ("RUS", "CHN")), relief("r2", ("CHN", "eu"))).regimes["dprk"]
    assert regime.relief_sought_by == ["RUS", "CHN", "eu"]


def test_a_second_termination_leaves_the_first_day() -> None:
    again = fact("SanctionsRegimeTerminated", "end2", regime_id="dprk", occurred_on="2011-01-01",
                 source=cited("S/RES/9999"))
    w = world(terminated())
    assert isinstance(w.apply(again, rules=True), RuleBroken)  # refused, and folded anyway, changing nothing
    assert str(w.regimes["dprk"].terminated) == "2010-01-01"
    assert w.regimes["dprk"].evidence == ["regime", "end"]


# -- panels ---------------------------------------------------------------------------------------


def test_a_panel_is_listed_by_its_regime() -> None:
    assert world().regimes["dprk"].panels == ["dprk-panel"]


def test_only_an_established_panel_is_extended() -> None:
    new = fact("PanelMandateExtended", "ext", panel_id="iran-panel", occurred_on="2010-06-07",
               mandate_ends_on="2011-06-12", resolution="S/RES/1928", source=cited("S/RES/9999"))
    assert refused(new) == (UnknownReference, "panel_id")


@pytest.mark.parametrize("ends", ["2010-06-12", "2010-06-11", "2009-12-31"])
def test_an_extension_ends_later_than_the_mandate_it_extends(ends: str) -> None:
    assert refused(extension(ends)) == (RuleBroken, "mandate_ends_on")


def test_an_extension_one_day_past_the_mandate_is_accepted() -> None:
    assert problem(extension("2010-06-13")) is None


def test_a_mandate_is_extended_up_to_its_last_day_and_not_after() -> None:
    assert problem(extension("2011-06-12", on="2010-06-12")) is None  # the last day of the mandate
    assert refused(extension("2011-06-12", on="2010-06-13")) == (RuleBroken, "occurred_on")  # lapsed the day before


def test_a_month_precise_extension_counts_from_the_months_first_day() -> None:
    assert problem(extension("2011-06-12", on="2010-06")) is None
    assert refused(extension("2011-06-12", on="2010-07")) == (RuleBroken, "occurred_on")


def test_a_panel_of_a_terminated_regime_is_not_extended() -> None:
    assert refused(extension("2011-06-12"), terminated()) == (RuleBroken, "panel_id")


def test_an_extension_moves_the_mandate_on_and_never_back() -> None:
    w = world(extension("2011-06-12"))
    panel = w.panels["dprk-panel"]
    assert panel.mandate_ends_on == date(2011, 6, 12)
    assert panel.resolutions == ["S/RES/1874", "S/RES/1928"]
    w.apply(extension("2010-12-31", on="2010-08-01", ident="shorter"))  # folded without its rule: the end stays
    assert panel.mandate_ends_on == date(2011, 6, 12)


def test_a_report_comes_from_an_established_panel() -> None:
    assert refused(report(author="iran-panel")) == (UnknownReference, "author")
    assert problem(report()) is None


def test_a_panel_releases_a_report_once() -> None:
    assert refused(report("again"), report()) == (RuleBroken, "report_id")
    assert problem(report("another", report_id="S/2010/572"), report()) is None


def test_a_panel_of_a_terminated_regime_releases_no_report() -> None:
    assert refused(report(), terminated()) == (RuleBroken, "author")


def test_a_released_report_is_listed_by_its_panel() -> None:
    w = world(report())
    assert w.panels["dprk-panel"].reports == ["S/2010/571"]
    assert w.reports["S/2010/571"].event_id == "report"


def test_an_inquiry_is_opened_by_an_established_panel() -> None:
    inquiry = fact("InquiryOpened", "inq", panel_id="iran-panel", subject="ship-to-ship transfers",
                   occurred_on="2010-01-01", source=cited("S/RES/9999"))
    assert refused(inquiry) == (UnknownReference, "panel_id")
    opened = fact("InquiryOpened", "inq", panel_id="dprk-panel", subject="ship-to-ship transfers",
                  occurred_on="2010-01-01", source=cited("S/RES/9999"))
    w = world()
    assert w.apply(opened, rules=True, references=True) is None
    assert w.panels["dprk-panel"].inquiries == ["ship-to-ship transfers"]


# -- votes ----------------------------------------------------------------------------------------


def test_a_vote_with_an_impossible_tally_is_refused() -> None:
    # The rule dispatches to the Council's tables (test_council.py); here: that it is applied at all.
    assert refused(vote(14, 2)) == (RuleBroken, "in_favour")  # 16 votes in a Council of 15
    assert refused(vote(["FRA", "GBR"], ["FRA"])) == (RuleBroken, "against")  # one member on two sides
    assert problem(vote(13, ["RUS"], ["CHN"])) is None


def test_a_veto_shows_on_the_timeline_only_while_its_vote_holds_it() -> None:
    def veto() -> Fact:  # recorded after its vote, in the same batch
        return fact("VetoCast", "veto", draft_id="S/2024/255", member="RUS", occurred_on="2024-03-28",
                    source=cited("S/RES/9999"))

    held = world(vote(13, ["RUS"], ["CHN"]), veto())
    assert [f.event_id for f in held.timeline][-2:] == ["vote", "veto"]
    assert held.drafts["S/2024/255"].vetoed_by == ("RUS",)
    # The vote as it now stands (corrected: Russia abstained) holds no veto, so the veto has no row.
    corrected = world(vote(13, 0, ["RUS", "CHN"]), veto())
    assert "veto" not in [f.event_id for f in corrected.timeline]


# -- the fold -------------------------------------------------------------------------------------


def test_registrations_are_not_on_the_timeline_and_statements_are_kept() -> None:
    w = world(statement())
    assert [f.event_id for f in w.timeline] == ["regime", "panel", "st"]
    assert [f.event_id for f in w.statements] == ["st"]
    assert set(w.sources) == {"S/RES/1718", "S/RES/1874", "S/RES/9999", "article"}
    assert set(w.actors) == {"eu"}


def test_the_fold_goes_in_valid_time_order_whatever_order_the_facts_come_in() -> None:
    facts = [*basics(), extension("2011-06-12"), report()]
    w = World(is_state).fold(list(reversed(facts)))
    assert [f.event_id for f in w.timeline] == ["regime", "panel", "report", "ext"]
    assert w.panels["dprk-panel"].evidence == ["panel", "report", "ext"]


def test_the_fold_stops_after_the_day_asked_about() -> None:
    facts = [*basics(), extension("2011-06-12", on="2010-06-07")]
    assert World(is_state).fold(facts, until=date(2010, 6, 6)).panels["dprk-panel"].mandate_ends_on == date(2010, 6, 12)
    assert World(is_state).fold(facts, until=date(2010, 6, 7)).panels["dprk-panel"].mandate_ends_on == date(2011, 6, 12)
    assert "dprk-panel" not in World(is_state).fold(facts, until=date(2009, 6, 11)).panels


def test_every_rule_and_change_of_the_world_is_in_its_map_and_names_a_type() -> None:
    """Rules are found through CHECKS and CHANGES, not by name: a method left out of them would never run."""
    from ledger.documents import SCHEMAS
    from ledger.domain.world import CHANGES, CHECKS, World

    methods = {name for name in vars(World) if name.startswith(("_check_", "_apply_")) and name[7].isupper()}
    mapped = {f"_check_{t}" for t in CHECKS} | {f"_apply_{t}" for t in CHANGES}
    assert methods == mapped
    assert set(CHECKS) | set(CHANGES) <= set(SCHEMAS) | {"VetoCast"}
