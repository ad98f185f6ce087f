"""`History.fold`: a panel's rows over valid time, kept between recordings, checked without a database.

Whatever way a fold takes (going on from where it stopped, or folding again from the start while keeping
the rows the tables hold before the day the new facts change), its rows must be those of a fold of every
fact from nothing. Each case pins the rows' days and what they say, too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from ledger.domain.facts import Fact
from ledger.projections.derive import History, Row, panel_history
from tests.unit.test_world import basics, cited, extension, fact, report

PANEL = "dprk-panel"
FIRST = date(2009, 6, 12)  # the panel's establishment; its mandate ran to 2010-06-12
EXTENDED = date(2010, 6, 7)


def spans(rows: Sequence[Row]) -> list[tuple[date, date | None, str]]:
    """Each row's days and the mandate's end it shows."""
    return [(r.valid_from, r.valid_to, json.loads(r.data_json)["mandate_ends_on"]) for r in rows]


def from_nothing(facts: Sequence[Fact]) -> list[Row]:
    return panel_history(PANEL).rows(list(facts))


def no_rows_wanted() -> list[Row]:
    raise AssertionError("a fold that goes on from where it stopped needs no rows from the tables")


def panel_facts() -> list[Fact]:
    # Only the panel's own stream and its regime's establishment: what the projector hands a panel's history.
    return [f for f in basics() if f.type in ("SanctionsRegimeEstablished", "PanelEstablished")]


def test_a_fold_from_nothing_gives_a_row_for_each_day_the_panel_changed() -> None:
    rows = from_nothing([*panel_facts(), extension("2011-06-12")])
    assert spans(rows) == [(FIRST, EXTENDED, "2010-06-12"), (EXTENDED, None, "2011-06-12")]
    assert {(r.table, r.key, r.extra) for r in rows} == {("panels", PANEL, (("regime_id", "dprk"),))}
    assert all("status" not in json.loads(r.data_json) for r in rows)  # worked out when read, for the day asked


def test_a_new_recording_after_the_last_day_goes_on_and_says_what_changed() -> None:
    history = panel_history(PANEL)
    before = [*panel_facts(), extension("2011-06-12")]
    first = history.fold(before)
    assert not first.went_on
    open_row = first.rows[-1]
    later = extension("2012-06-12", on="2011-06-10", ident="ext2")
    folded = history.fold([*before, later], [later], later.occurred.start, no_rows_wanted)  # type: ignore[union-attr]
    assert folded.went_on
    assert spans(folded.rows) == [(FIRST, EXTENDED, "2010-06-12"), (EXTENDED, date(2011, 6, 10), "2011-06-12"),
                                  (date(2011, 6, 10), None, "2012-06-12")]
    assert folded.retired == [open_row]  # the row that was open is closed: the only row to take back
    assert spans(folded.added) == spans(folded.rows)[1:]
    assert folded.rows == from_nothing([*before, later])


def test_a_new_recording_on_the_last_day_folds_that_day_again() -> None:
    history = panel_history(PANEL)
    before = [*panel_facts(), extension("2011-06-12")]
    history.fold(before)
    same_day = fact("InquiryOpened", "inq", panel_id=PANEL, subject="transfers", occurred_on="2010-06-07",
                    source=cited("S/RES/9999"))
    folded = history.fold([*before, same_day], [same_day], EXTENDED, no_rows_wanted)
    assert folded.went_on and len(folded.retired) == 1 and len(folded.added) == 1
    assert json.loads(folded.rows[-1].data_json)["inquiries"] == ["transfers"]
    assert folded.rows == from_nothing([*before, same_day])


def test_a_backdated_recording_folds_again_and_keeps_the_rows_held_before_its_day() -> None:
    before = [*panel_facts(), extension("2011-06-12")]
    held = from_nothing(before)  # what the tables hold
    # A report released between the establishment and the extension, recorded later; folded by a
    # projector that has just started (no history kept in memory): the rows before its day come from the tables.
    backdated = report()  # 2010-05-01
    asked: list[bool] = []

    def kept() -> list[Row]:
        asked.append(True)
        return held

    folded = panel_history(PANEL).fold([*before, backdated], [backdated], date(2010, 5, 1), kept)
    assert asked == [True] and not folded.went_on
    assert folded.rows[0].data_json == held[0].data_json and folded.rows[0].valid_from == FIRST
    assert spans(folded.rows) == [(FIRST, date(2010, 5, 1), "2010-06-12"), (date(2010, 5, 1), EXTENDED, "2010-06-12"),
                                  (EXTENDED, None, "2011-06-12")]
    assert folded.rows == from_nothing([*before, backdated])


def test_a_row_held_from_the_changed_day_itself_is_derived_again() -> None:
    # After a restart, a fact on the day a held row begins: that row is replaced, not kept beside the new one.
    before = [*panel_facts(), extension("2011-06-12")]
    held = from_nothing(before)
    same_day = fact("InquiryOpened", "inq", panel_id=PANEL, subject="transfers", occurred_on="2010-06-07",
                    source=cited("S/RES/9999"))
    rows = panel_history(PANEL).rows([*before, same_day], [same_day], EXTENDED, held)
    assert spans(rows) == [(FIRST, EXTENDED, "2010-06-12"), (EXTENDED, None, "2011-06-12")]
    assert rows == from_nothing([*before, same_day])


def test_rows_before_the_changed_day_are_kept_as_the_tables_hold_them() -> None:
    # The fold does not derive those rows again: what the tables hold before `since` stands as it is.
    before = [*panel_facts(), extension("2011-06-12")]
    held = from_nothing(before)
    as_stored = held[0]._replace(data_json=held[0].data_json.replace("Panel of Experts", "Panel of Experts (as stored)"))
    backdated = report()
    rows = panel_history(PANEL).rows([*before, backdated], [backdated], date(2010, 5, 1), [as_stored, *held[1:]])
    assert rows[0] == as_stored._replace(valid_to=date(2010, 5, 1))
    assert rows[1:] == from_nothing([*before, backdated])[1:]


def test_a_correction_that_moves_a_fact_in_time_folds_again_from_the_start() -> None:
    history = panel_history(PANEL)
    before = [*panel_facts(), extension("2011-06-12")]
    history.fold(before)
    moved = fact("FactCorrected", "fix", corrects="ext", changes={"occurred_on": "2010-06-01"}, reason="misdated",
                 source=cited("S/RES/9999"))
    # Even from the last day on, a fix never goes on from where the fold stopped: it may change an earlier day.
    assert not history.can_go_on([*before, moved], [moved], EXTENDED)
    folded = history.fold([*before, moved], [moved], None, no_rows_wanted)  # from the start: nothing is kept
    assert not folded.went_on
    assert spans(folded.rows) == [(FIRST, date(2010, 6, 1), "2010-06-12"), (date(2010, 6, 1), None, "2011-06-12")]
    assert json.loads(folded.rows[-1].data_json)["corrections"][0]["event_id"] == "fix"
    assert folded.rows == from_nothing([*before, moved])


def test_a_fact_that_changes_nothing_the_panel_shows_adds_no_row() -> None:
    # A regime's reinforcement is among a panel's inputs (a termination would end it) but shows nothing on it.
    history = panel_history(PANEL)
    before = [*panel_facts(), extension("2011-06-12")]
    held = history.fold(before).rows
    more = fact("SanctionsReinforced", "more", regime_id="dprk", occurred_on="2011-01-01", resolution="S/RES/9999",
                measures=["asset freeze"], source=cited("S/RES/9999"))
    folded = history.fold([*before, more], [more], date(2011, 1, 1), no_rows_wanted)
    assert folded.went_on and folded.rows == held and folded.retired == folded.added == []


def test_a_retraction_takes_back_the_rows_of_the_retracted_fact() -> None:
    history = panel_history(PANEL)
    before = [*panel_facts(), extension("2011-06-12")]
    history.fold(before)
    gone = fact("FactRetracted", "gone", retracts="ext", reason="no such resolution", source=cited("S/RES/9999"))
    folded = history.fold([*before, gone], [gone], None)
    assert spans(folded.rows) == [(FIRST, None, "2010-06-12")]
    assert folded.rows == from_nothing([*before, gone])


def test_a_retracted_establishment_leaves_the_panel_no_rows() -> None:
    gone = fact("FactRetracted", "gone", retracts="panel", reason="wrong panel", source=cited("S/RES/9999"))
    assert from_nothing([*panel_facts(), extension("2011-06-12"), gone]) == []


def test_many_recordings_one_at_a_time_give_the_rows_of_one_fold() -> None:
    # Each recording handed in as the projector hands it: new facts in date order go on, others start again.
    history: History = panel_history(PANEL)
    facts: list[Fact] = panel_facts()
    history.fold(facts)
    recordings: list[tuple[Fact, date | None]] = []
    for new in [extension("2011-06-12"), report(), extension("2012-06-12", on="2011-06-10", ident="ext2"),
                fact("FactCorrected", "fix", corrects="report", changes={"occurred_on": "2011-01-01"},
                     reason="misdated", source=cited("S/RES/9999"))]:
        since: Any = None if new.is_fix else new.occurred.start  # type: ignore[union-attr]
        recordings.append((new, since))
    for new, since in recordings:
        held = list(history.made)
        facts = [*facts, new]
        history.fold(facts, [new], since, lambda held=held: held)  # type: ignore[misc]
        assert history.made == from_nothing(facts), new.event_id
