"""Every rule of DESIGN section 4: a bad document is refused, named precisely, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ledger import Conflict, InvalidDocument, Ledger, LedgerError, RuleBroken, UnknownReference
from ledger.storage.eventstore import EventStore

ARTICLE_TEXT = "Russia on Thursday vetoed a draft resolution. The text received 13 votes in favor, with China abstaining."


def cite(quote: str | None = None, document: str = "un") -> dict[str, Any]:
    return {"document": document, **({"quote": quote} if quote else {})}


BASE = [
    {"type": "SourceRegistered", "id": "src.un", "source_id": "un", "title": "UN documents", "published_on": "2025-01-01"},
    {"type": "SourceRegistered", "id": "src.article", "source_id": "article", "title": "An article",
     "published_on": "2024-03-29", "text": ARTICLE_TEXT},
    {"type": "ActorRegistered", "id": "actor.nebenzia", "actor_id": "nebenzia", "name": "Vasily Nebenzia",
     "kind": "person", "affiliation": "RUS"},
    {"type": "SanctionsRegimeEstablished", "id": "regime", "occurred_on": "2006-10-14", "source": cite(),
     "regime_id": "r", "name": "DPRK sanctions", "target": "PRK", "resolution": "1718 (2006)", "measures": ["arms embargo"]},
    {"type": "PanelEstablished", "id": "panel", "occurred_on": "2009-06-12", "source": cite(), "panel_id": "p",
     "regime_id": "r", "name": "Panel of Experts", "resolution": "1874 (2009)", "mandate_ends_on": "2010-06-12"},
    {"type": "SanctionsRegimeEstablished", "id": "old-regime", "occurred_on": "2017-09-05", "source": cite(),
     "regime_id": "old", "name": "Mali sanctions", "target": "MLI", "resolution": "2374 (2017)", "measures": ["travel ban"]},
    {"type": "PanelEstablished", "id": "old-panel", "occurred_on": "2017-09-05", "source": cite(), "panel_id": "old-p",
     "regime_id": "old", "name": "Mali panel", "resolution": "2374 (2017)", "mandate_ends_on": "2023-09-30"},
    {"type": "SanctionsRegimeTerminated", "id": "old-end", "occurred_on": "2023-08-31", "source": cite(), "regime_id": "old"},
]


@pytest.fixture
def base(ledger: Ledger) -> Ledger:
    ledger.append_many(BASE)
    return ledger


def vote(**overrides: Any) -> dict[str, Any]:
    document = {"type": "DraftResolutionVoted", "id": "vote", "occurred_on": "2024-03-28", "source": cite(),
                "draft_id": "S/2024/255", "concerning": "p", "in_favour": 13, "against": ["RUS"],
                "abstaining": ["CHN"], **overrides}
    return {k: v for k, v in document.items() if v is not None}


def refused(lg: Ledger, document: dict[str, Any] | list[dict[str, Any]], kind: type[LedgerError]) -> LedgerError:
    """Append, expect the refusal, and check the ledger is exactly as it was."""
    head, before = lg.head(), lg.as_of("2100-01-01").to_dict()
    append: Callable[[], Any] = (lambda: lg.append_many(document)) if isinstance(document, list) else (lambda: lg.append(document))
    with pytest.raises(kind) as caught:
        append()
    assert lg.head() == head
    assert lg.as_of("2100-01-01").to_dict() == before
    return caught.value


# -- documents ---------------------------------------------------------------------------------

def test_an_unknown_type_is_refused_with_the_known_types(base: Ledger) -> None:
    error = refused(base, {"type": "Sanctioned", "id": "x"}, InvalidDocument)
    assert error.field == "type" and "Sanctioned" in str(error) and "StatementIssued" in str(error)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"stance": None}, "stance", "null"),
        ({"colour": "red"}, "colour", "not a field"),
        ({"occurred_on": "2024-02-30"}, "occurred_on", "29 days"),
        ({"occurred_on": "28/03/2024"}, "occurred_on", "YYYY"),
        ({"speakers": "RUS"}, "speakers", "list"),
        ({"speakers": ["RUS", "RUS"]}, "speakers", "more than once"),
        ({"stance": "angry"}, "stance", "one of"),
        ({"source": {"document": "un", "page": 3}}, "source.page", "not a field"),
        ({"about": ["has space"]}, "about.0", "not an id"),
    ],
)
def test_a_malformed_document_names_its_field(base: Ledger, change: dict[str, Any], field: str, words: str) -> None:
    statement = {"type": "StatementIssued", "id": "st", "occurred_on": "2024-03-28", "source": cite(),
                 "speakers": ["RUS"], "stance": "justifies", **change}
    statement = {k: v for k, v in statement.items() if not (k == "stance" and v is None)}
    error = refused(base, statement, InvalidDocument)
    assert error.field == (field if words != "null" else "stance")
    assert error.event_id == "st" and "'st'" in str(error)
    if words != "null":
        assert words in str(error)


def test_a_missing_field_is_named(base: Ledger) -> None:
    error = refused(base, {"type": "InquiryOpened", "id": "i", "occurred_on": "2024-03", "source": cite(), "panel_id": "p"},
                    InvalidDocument)
    assert error.field == "subject" and "required" in error.reason


@pytest.mark.parametrize("count", [True, -1, 2.5, "13"])
def test_vote_counts_are_whole_numbers_not_booleans(base: Ledger, count: Any) -> None:
    error = refused(base, vote(in_favour=count), InvalidDocument)
    assert error.field == "in_favour"


def test_a_refused_batch_stores_nothing_and_names_the_documents_index(base: Ledger) -> None:
    good = {"type": "StatementIssued", "id": "good", "occurred_on": "2024-03-28", "source": cite(),
            "speakers": ["USA"], "stance": "condemns"}
    bad = {**good, "id": "bad", "speakers": ["ATLANTIS"]}
    error = refused(base, [good, bad], UnknownReference)
    assert error.index == 1 and error.event_id == "bad" and "document 1" in str(error) and "ATLANTIS" in str(error)


# -- references --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "field", "meant"),
    [
        ({"speakers": ["FRA", "Russia"]}, "speakers", "RUS (Russian Federation)"),  # a state as people name it
        ({"speakers": ["usa"]}, "speakers", "USA (United States)"),  # a code, not in capitals
        ({"speakers": ["Rusia"]}, "speakers", "RUS (Russian Federation)"),  # a name misspelt
        ({"about": ["DPRK"]}, "about", "PRK (North Korea)"),
    ],
)
def test_a_state_written_as_people_write_it_is_refused_with_the_code_it_likely_means(
        base: Ledger, change: dict[str, Any], field: str, meant: str) -> None:
    statement = {"type": "StatementIssued", "id": "s", "occurred_on": "2024-03-28", "source": cite(),
                 "speakers": ["USA"], "stance": "condemns", **change}
    error = refused(base, statement, UnknownReference)
    assert error.field == field and str(error).endswith(f"; did you mean {meant}?")


def test_a_vote_side_and_a_correction_say_the_state_they_likely_mean_too(base: Ledger) -> None:
    error = refused(base, vote(against=["Russia"]), UnknownReference)
    assert error.field == "against" and str(error).endswith("(only states vote); did you mean RUS (Russian Federation)?")
    base.append({"type": "StatementIssued", "id": "s", "occurred_on": "2024-03-28", "source": cite(),
                 "speakers": ["USA"], "stance": "condemns"})
    fix = {"type": "FactCorrected", "id": "fix", "corrects": "s", "changes": {"speakers": ["usa"]}, "reason": "case",
           "source": cite()}
    error = refused(base, fix, UnknownReference)
    assert error.field == "changes.speakers" and str(error).endswith("; did you mean USA (United States)?")


def test_a_name_that_is_no_state_gets_no_guess(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "s", "occurred_on": "2024-03-28", "source": cite(),
                 "speakers": ["kuleba"], "stance": "condemns"}
    assert "did you mean" not in str(refused(base, statement, UnknownReference))


# Ids long enough to misspell: a regime and its panel beside the base's one-letter ones.
NAMED = [
    {"type": "SanctionsRegimeEstablished", "id": "regime.dprk", "occurred_on": "2006-10-14", "source": cite(),
     "regime_id": "dprk-regime", "name": "DPRK sanctions", "target": "PRK", "resolution": "1718 (2006)",
     "measures": ["arms embargo"]},
    {"type": "PanelEstablished", "id": "panel.dprk", "occurred_on": "2009-06-12", "source": cite(), "panel_id": "dprk-panel",
     "regime_id": "dprk-regime", "name": "Panel of Experts", "resolution": "1874 (2009)", "mandate_ends_on": "2024-04-30"},
]


def about(*ids: str, **overrides: Any) -> dict[str, Any]:
    return {"type": "StatementIssued", "id": "s", "occurred_on": "2024-03-28", "source": cite(), "speakers": ["USA"],
            "stance": "condemns", "about": list(ids), **overrides}


@pytest.mark.parametrize(
    ("document", "field", "meant"),
    [
        # A panel or regime whose stream a fact joins.
        ({"type": "PanelMandateExtended", "id": "x", "occurred_on": "2010-06-07", "source": cite(), "panel_id": "dprk-panle",
          "resolution": "1928 (2010)", "mandate_ends_on": "2011-06-12"}, "panel_id", "dprk-panel"),
        ({"type": "SanctionsReinforced", "id": "x", "occurred_on": "2016-03-02", "source": cite(), "regime_id": "DPRK-regime",
          "resolution": "2270 (2016)", "measures": ["m"]}, "regime_id", "dprk-regime"),  # its case alone differs
        # A reference checked as of the fact's day: a panel or regime, a draft, a registered actor, a source.
        ({"type": "ProposalMade", "id": "x", "occurred_on": "2024-03-28", "source": cite(), "by": "RUS",
          "concerning": "dprk-regim", "proposal": "a sunset clause"}, "concerning", "dprk-regime"),
        (about("S/2024/225"), "about", "S/2024/255"),
        (about(speakers=["nebenzya"]), "speakers", "nebenzia"),
        (about(source=cite(document="UN")), "source.document", "un"),
        # A panel's regime, which the panel's own rule checks.
        ({**NAMED[1], "id": "x", "panel_id": "other-panel", "regime_id": "dprk_regime"}, "regime_id", "dprk-regime"),
        # The fact a fix names.
        ({"type": "FactRetracted", "id": "x", "retracts": "Panel.DPRK", "reason": "r", "source": cite()}, "retracts",
         "panel.dprk"),
    ],
)
def test_an_id_the_ledger_does_not_hold_is_refused_with_a_close_one_it_holds(
        base: Ledger, document: dict[str, Any], field: str, meant: str) -> None:
    base.append_many([*NAMED, vote()])
    error = refused(base, document, UnknownReference)
    assert error.field == field and str(error).endswith(f"; did you mean {meant!r}?"), str(error)


def test_a_correction_and_an_id_staged_earlier_in_the_batch_are_guessed_too(base: Ledger) -> None:
    base.append_many(NAMED)
    base.append(about("dprk-panel"))
    fix = {"type": "FactCorrected", "id": "fix", "corrects": "s", "changes": {"about": ["dprk-panle"]}, "reason": "r",
           "source": cite()}
    error = refused(base, fix, UnknownReference)
    assert error.field == "changes.about" and str(error).endswith("; did you mean 'dprk-panel'?"), str(error)
    panel = {**NAMED[1], "id": "panel.mali", "panel_id": "mali-panel-2"}
    error = refused(base, [panel, about("Mali-Panel-2", id="s2")], UnknownReference)
    assert error.index == 1 and str(error).endswith("; did you mean 'mali-panel-2'?"), str(error)


@pytest.mark.parametrize(
    "document",
    [
        about("hti-panel"),  # nothing close
        about("S/2024/25"),  # S/2024/255 and S/2024/256 are as close: no guess rather than a coin toss
        about("dprk-panel", occurred_on="2009-06-11"),  # held, but not yet: its day is what is wrong, not its spelling
        {"type": "FactRetracted", "id": "x", "retracts": "nothing-like-it", "reason": "r", "source": cite()},
    ],
)
def test_an_id_with_no_one_close_held_gets_no_guess(base: Ledger, document: dict[str, Any]) -> None:
    base.append_many([*NAMED, vote(), vote(id="vote.256", draft_id="S/2024/256")])
    error = refused(base, document, UnknownReference)
    assert "did you mean" not in str(error), str(error)
    assert str(error).endswith(("'hti-panel' as of 2024-03-28", "'S/2024/25' as of 2024-03-28",
                                "'dprk-panel' as of 2009-06-11", "the ledger holds no event 'nothing-like-it'"))


def test_held_ids_are_listed_only_for_a_refusal(base: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing every id of a kind reads the whole fact index: accepted documents never pay for it."""
    def unasked(*_: Any, **__: Any) -> Any:
        raise AssertionError("held ids listed for an accepted document")

    monkeypatch.setattr(EventStore, "facts_of_types", unasked)
    monkeypatch.setattr(EventStore, "event_ids", unasked)
    base.append_many([*NAMED, vote(), about("dprk-panel"), {"type": "FactRetracted", "id": "x", "retracts": "s",
                                                            "reason": "r", "source": cite()}])
    with pytest.raises(AssertionError, match="held ids listed"):
        base.append(about("dprk-panle", id="s2"))


@pytest.mark.parametrize(
    ("document", "field", "name"),
    [
        ({"type": "StatementIssued", "speakers": ["kuleba"], "stance": "condemns"}, "speakers", "kuleba"),
        ({"type": "StatementIssued", "speakers": ["USA"], "stance": "condemns", "about": ["S/2099/1"]}, "about", "S/2099/1"),
        ({"type": "SanctionsReinforced", "regime_id": "nope", "resolution": "1", "measures": ["m"]}, "regime_id", "nope"),
        ({"type": "PanelMandateExtended", "panel_id": "nope", "resolution": "1", "mandate_ends_on": "2011-01-01"}, "panel_id", "nope"),
        ({"type": "ProposalMade", "by": "RUS", "concerning": "nope", "proposal": "x"}, "concerning", "nope"),
        ({"type": "StatementIssued", "speakers": ["USA"], "stance": "condemns", "source": cite(document="nowhere")},
         "source.document", "nowhere"),
        ({"type": "FactRetracted", "retracts": "no-such-event", "reason": "x"}, "retracts", "no-such-event"),
    ],
)
def test_a_reference_to_what_the_ledger_does_not_hold_is_refused(
    base: Ledger, document: dict[str, Any], field: str, name: str
) -> None:
    full = {"id": "ref", "occurred_on": "2024-03-28", "source": cite(), **document}
    error = refused(base, full, UnknownReference)
    assert error.field == field and name in str(error)


def test_a_panel_cannot_publish_before_it_was_established(base: Ledger) -> None:
    report = {"type": "ReportReleased", "id": "early", "occurred_on": "2008-05-01", "source": cite(),
              "report_id": "S/2008/1", "author": "p", "title": "Too early", "findings": ["x"]}
    error = refused(base, report, UnknownReference)
    assert error.field == "author" and "'p'" in str(error)


def test_a_draft_named_before_its_vote_is_not_held(base: Ledger) -> None:
    base.append(vote())
    statement = {"type": "StatementIssued", "id": "before", "occurred_on": "2024-03-27", "source": cite(),
                 "speakers": ["USA"], "stance": "warns", "about": ["S/2024/255"]}
    error = refused(base, statement, UnknownReference)
    assert error.field == "about" and "as of 2024-03-27" in str(error)


def test_states_need_no_registration_and_cannot_be_registered(base: Ledger) -> None:
    error = refused(base, {"type": "ActorRegistered", "id": "rus", "actor_id": "RUS", "name": "Russia", "kind": "state"},
                    RuleBroken)
    assert error.field == "actor_id" and "ISO 3166" in str(error)


def test_a_vote_names_states_only(base: Ledger) -> None:
    error = refused(base, vote(against=["nebenzia"]), UnknownReference)
    assert error.field == "against" and "nebenzia" in str(error)


# -- registrations and ids ---------------------------------------------------------------------

def test_a_registration_whose_id_exists_is_a_conflict(base: Ledger) -> None:
    again = {"type": "SourceRegistered", "id": "src.other", "source_id": "un", "title": "Other", "published_on": "2024-01-01"}
    error = refused(base, again, Conflict)
    assert error.field == "source_id" and "src.un" in str(error)


def test_the_same_id_with_the_same_content_is_stored_once(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "once", "occurred_on": "2024-03-28", "source": cite(),
                 "speakers": ["USA"], "stance": "condemns"}
    first = base.append(statement)
    head = base.head()
    second = base.append(dict(statement))
    assert second.repeated and not first.repeated
    assert (second.event_id, second.position, second.recorded_at) == (first.event_id, first.position, first.recorded_at)
    assert base.head() == head
    assert [s.event_id for s in base.as_of("2024-12-31").statements] == ["once"]


def test_the_same_id_with_other_content_is_a_conflict(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "once", "occurred_on": "2024-03-28", "source": cite(),
                 "speakers": ["USA"], "stance": "condemns"}
    base.append(statement)
    error = refused(base, {**statement, "stance": "regrets"}, Conflict)
    assert error.field == "id" and "'once'" in str(error)


def test_the_same_id_twice_in_one_batch_with_other_content_names_the_batch_not_the_ledger(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "once", "occurred_on": "2024-03-28", "source": cite(),
                 "speakers": ["USA"], "stance": "condemns"}
    error = refused(base, [statement, {**statement, "stance": "regrets"}], Conflict)
    assert (error.field, error.index) == ("id", 1) and "an earlier document of this batch" in str(error)
    assert "already holds" not in str(error)


def test_without_an_id_the_ledger_assigns_one_and_a_repeat_is_recognised(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "occurred_on": "2024-03-28", "source": cite(), "speakers": ["USA"], "stance": "condemns"}
    first = base.append(statement)
    assert first.event_id.startswith("ev-")
    assert base.append(statement).repeated


def test_a_user_cannot_append_a_veto(base: Ledger) -> None:
    error = refused(base, {"type": "VetoCast", "id": "v", "draft_id": "S/1", "member": "RUS"}, InvalidDocument)
    assert error.field == "type" and "DraftResolutionVoted" in str(error)


# -- votes -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"in_favour": 14, "against": ["RUS"], "abstaining": ["CHN"]}, "in_favour", "15 members"),
        ({"occurred_on": "1960-05-01", "in_favour": 9, "against": ["SUN"], "abstaining": 2, "concerning": None}, "in_favour", "11 members"),
        ({"in_favour": ["USA", "FRA"], "against": ["RUS"], "abstaining": ["RUS"]}, "abstaining", "RUS votes both"),
        ({"in_favour": 13, "against": 1, "abstaining": 1}, "against", "must be listed"),
        # The former holder of a permanent seat no longer sits on the Council at all.
        ({"occurred_on": "1992-03-01", "against": ["SUN"], "concerning": None}, "against", "SUN was not a member of the Security Council on 1992-03-01"),
        # Once its code was withdrawn (1992-08-30), the USSR is named by no fact at all, a vote's first.
        ({"occurred_on": "1995-03-01", "against": ["SUN"], "concerning": None}, "against.0",
         "SUN (USSR, Union of Soviet Socialist Republics) ceased to be a state's code on 1992-08-30"),
        ({"occurred_on": "1972-03-01", "against": ["TWN"], "concerning": None}, "against", "TWN was not a member"),
    ],
)
def test_an_impossible_tally_is_refused(base: Ledger, overrides: dict[str, Any], field: str, words: str) -> None:
    error = refused(base, vote(**overrides), RuleBroken)
    assert error.field == field and words in str(error)


@pytest.mark.parametrize(
    ("on", "in_favour", "against", "outcome", "vetoed_by"),
    [
        ("2024-03-28", 13, ["RUS"], "vetoed", ["RUS"]),
        ("2024-03-28", 8, ["RUS", "CHN"], "failed", []),  # too few votes: no veto
        ("2024-03-28", 12, ["DZA", "MOZ"], "adopted", []),  # no permanent member against
        ("1985-03-01", 13, ["SUN"], "vetoed", ["SUN"]),  # the USSR held Russia's seat
        ("1995-03-01", 13, ["RUS"], "vetoed", ["RUS"]),  # ... until 1991-12-24, Russia since
        ("1965-03-01", 8, ["TWN"], "vetoed", ["TWN"]),  # the ROC held China's seat, 7 of 11 needed
        ("1972-03-01", 13, ["CHN"], "vetoed", ["CHN"]),  # the PRC since 1971-10-25
        ("2024-03-28", 9, 0, "adopted", []),
    ],
)
def test_the_outcome_of_a_vote(base: Ledger, on: str, in_favour: int, against: Any, outcome: str, vetoed_by: list[str]) -> None:
    abstaining = (11 if on < "1966" else 15) - in_favour - (against if isinstance(against, int) else len(against))
    base.append(vote(occurred_on=on, in_favour=in_favour, against=against, abstaining=abstaining, concerning=None))
    draft = base.as_of("2100-01-01").draft("S/2024/255")
    assert draft is not None
    assert (draft.outcome, draft.vetoed_by) == (outcome, vetoed_by)
    vetoes = [row for row in base.as_of("2100-01-01").timeline if row.type == "VetoCast"]
    assert [row.event_id for row in vetoes] == [f"vote/veto/{m}" for m in vetoed_by]


# -- panels ------------------------------------------------------------------------------------

def extension(ends: str, on: str, eid: str = "ext") -> dict[str, Any]:
    return {"type": "PanelMandateExtended", "id": eid, "occurred_on": on, "source": cite(), "panel_id": "p",
            "resolution": "1928 (2010)", "mandate_ends_on": ends}


@pytest.mark.parametrize("ends", ["2010-06-12", "2010-01-01"])
def test_a_mandate_extends_only_to_a_later_end(base: Ledger, ends: str) -> None:
    error = refused(base, extension(ends, "2010-06-07"), RuleBroken)
    assert error.field == "mandate_ends_on" and "2010-06-12" in str(error)


def test_a_lapsed_mandate_cannot_be_extended(base: Ledger) -> None:
    error = refused(base, extension("2011-06-12", "2010-06-13"), RuleBroken)
    assert error.field == "occurred_on" and "new panel" in str(error)


def test_an_extension_on_the_last_day_of_the_mandate_is_in_time(base: Ledger) -> None:
    base.append(extension("2011-06-12", "2010-06-12"))
    assert base.as_of("2011-01-01").panel("p").status == "active"  # type: ignore[union-attr]


def test_a_backdated_extension_that_would_break_a_later_one_is_refused(base: Ledger) -> None:
    base.append(extension("2011-06-12", "2010-06-07", "ext-2010"))
    error = refused(base, extension("2012-01-01", "2010-01-05", "ext-early"), RuleBroken)
    assert "ext-2010" in str(error) and "2012-01-01" in str(error)


def inquiry(on: str, eid: str = "inq") -> dict[str, Any]:
    return {"type": "InquiryOpened", "id": eid, "occurred_on": on, "source": cite(), "panel_id": "p", "subject": "s"}


def test_a_panel_without_a_mandate_opens_no_inquiry_but_may_still_report(base: Ledger) -> None:
    error = refused(base, inquiry("2010-06-13"), RuleBroken)
    assert error.field == "occurred_on" and "expired on 2010-06-12 (its last day)" in str(error) and "opens no inquiry" in str(error)
    assert base.append(inquiry("2010-06-12")).flag is None  # the last day of the mandate
    base.append({"type": "ReportReleased", "id": "final", "occurred_on": "2010-07-15", "source": cite(),
                 "report_id": "final", "author": "p", "title": "Final report", "findings": ["x"]})
    assert base.as_of("2010-07-15").panel("p").reports == ["final"]  # type: ignore[union-attr]


def test_an_inquiry_the_mandate_ran_through_only_some_days_of_is_flagged(base: Ledger) -> None:
    flag = base.append(inquiry("2010-06-12?")).flag  # 2010-06-11 to 2010-06-13
    assert flag is not None and "allows 2010-06-13" in flag and "opens no inquiry" in flag
    assert refused(base, inquiry("2010-06-13/2010-06-20", "later"), RuleBroken).field == "occurred_on"


def test_a_fix_or_a_backdated_fact_that_would_leave_a_held_inquiry_without_its_mandate_is_refused(base: Ledger) -> None:
    base.append_many([extension("2011-06-12", "2010-06-07", "ext-2010"), inquiry("2011-01-01")])

    def correction(target: str, **changes: Any) -> dict[str, Any]:
        return {"type": "FactCorrected", "id": f"fix.{target}", "corrects": target, "changes": changes,
                "reason": "r", "source": cite()}

    shorter = refused(base, correction("ext-2010", mandate_ends_on="2010-12-01"), RuleBroken)
    assert "InquiryOpened 'inq' of 2011-01-01 break a rule" in str(shorter) and "expired on 2010-12-01" in str(shorter)
    moved = refused(base, correction("inq", occurred_on="2011-07-01"), RuleBroken)
    assert moved.field == "changes.occurred_on" and "opens no inquiry" in str(moved)
    termination = {"type": "SanctionsRegimeTerminated", "id": "early-end", "occurred_on": "2010-12-01",
                   "source": cite(), "regime_id": "r"}
    ended = refused(base, termination, RuleBroken)
    assert "InquiryOpened 'inq' of 2011-01-01" in str(ended) and "open its panels' inquiries" in str(ended)


# -- terminated regimes ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "document",
    [
        {"type": "SanctionsReinforced", "regime_id": "old", "resolution": "9999", "measures": ["more"]},
        {"type": "SanctionsReliefSought", "regime_id": "old", "by": ["RUS"]},
        {"type": "SanctionsRegimeTerminated", "regime_id": "old"},
        {"type": "PanelEstablished", "panel_id": "old-p2", "regime_id": "old", "name": "New", "resolution": "1",
         "mandate_ends_on": "2025-01-01"},
        {"type": "PanelMandateExtended", "panel_id": "old-p", "resolution": "1", "mandate_ends_on": "2024-09-30"},
        {"type": "ReportReleased", "report_id": "late", "author": "old-p", "title": "Late", "findings": ["x"]},
        {"type": "InquiryOpened", "panel_id": "old-p", "subject": "late"},
    ],
)
def test_nothing_may_feed_a_terminated_regime(base: Ledger, document: dict[str, Any]) -> None:
    error = refused(base, {"id": "late", "occurred_on": "2023-09-01", "source": cite(), **document}, RuleBroken)
    assert "terminated on 2023-08-31" in str(error)


def test_on_the_day_of_termination_a_later_recorded_fact_is_refused(base: Ledger) -> None:
    reinforce = {"type": "SanctionsReinforced", "id": "same-day", "occurred_on": "2023-08-31", "source": cite(),
                 "regime_id": "old", "resolution": "9999", "measures": ["more"]}
    error = refused(base, reinforce, RuleBroken)
    # The words say what the rule does: the day of the termination is already too late, not only the days after it.
    assert "terminated on 2023-08-31: nothing may reinforce it from that day on" in str(error)


def test_statements_may_still_mention_a_terminated_regime(base: Ledger) -> None:
    base.append({"type": "StatementIssued", "id": "mention", "occurred_on": "2024-01-01", "source": cite(),
                 "speakers": ["RUS"], "stance": "neutral", "about": ["old", "old-p"]})
    view = base.as_of("2024-01-01")
    assert view.regime("old").status == "terminated"  # type: ignore[union-attr]
    assert view.panel("old-p").status == "terminated"  # type: ignore[union-attr]


# -- sources and quotes ------------------------------------------------------------------------

def test_a_fact_cannot_have_occurred_after_its_source_was_published(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "future", "occurred_on": "2024-03-30",
                 "source": cite("Russia on Thursday vetoed", "article"), "speakers": ["RUS"], "stance": "justifies"}
    error = refused(base, statement, RuleBroken)
    assert error.field == "occurred_on" and "2024-03-29" in str(error)


def test_a_source_may_be_published_up_to_the_day_after_its_recording_in_utc_and_no_later(base: Ledger) -> None:
    def note(source_id: str, days_ahead: int) -> dict[str, Any]:
        published = datetime.now(UTC).date() + timedelta(days=days_ahead)
        return {"type": "SourceRegistered", "id": f"src.{source_id}", "source_id": source_id, "title": "A note",
                "published_on": published.isoformat()}

    tomorrow = base.append(note("tomorrow", 1))  # a user's today where the day begins before UTC's
    assert not tomorrow.repeated and tomorrow.recorded_at.date() >= datetime.now(UTC).date() - timedelta(days=1)
    today = datetime.now(UTC).date()
    error = refused(base, note("later", 2), RuleBroken)
    assert error.field == "published_on" and f"after the day it is recorded ({today})" in str(error)


def test_a_fact_dated_after_the_day_it_is_recorded_is_refused_even_where_its_source_allows_it(base: Ledger) -> None:
    later = {"type": "SourceRegistered", "id": "src.later", "source_id": "later", "title": "A note",
             "published_on": "2025-06-01"}
    base.append(later)
    statement = {"type": "StatementIssued", "id": "typo", "occurred_on": "2052-03-28", "source": cite(document="later"),
                 "speakers": ["RUS"], "stance": "justifies"}
    error = refused(base, statement, RuleBroken)
    assert error.field == "occurred_on" and "2052-03-28 is after the day it is recorded" in str(error)


def test_a_quote_must_be_in_its_sources_text(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "forged", "occurred_on": "2024-03-28",
                 "source": cite("Russia on Friday approved", "article"), "speakers": ["RUS"], "stance": "justifies"}
    error = refused(base, statement, RuleBroken)
    assert error.field == "source.quote" and "forged" in str(error)


def test_a_source_with_text_must_be_quoted(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "unquoted", "occurred_on": "2024-03-28",
                 "source": cite(None, "article"), "speakers": ["RUS"], "stance": "justifies"}
    assert refused(base, statement, RuleBroken).field == "source.quote"


def test_quotes_match_across_white_space_and_typographic_marks(base: Ledger) -> None:
    statement = {"type": "StatementIssued", "id": "typo", "occurred_on": "2024-03-28",
                 "source": cite("Russia on\n Thursday   vetoed", "article"), "speakers": ["RUS"], "stance": "justifies"}
    assert not base.append(statement).repeated


def test_a_backdated_termination_that_would_strand_later_panel_facts_is_refused(base: Ledger) -> None:
    base.append(extension("2011-06-12", "2010-06-07", "ext-2010"))
    termination = {"type": "SanctionsRegimeTerminated", "id": "early-end", "occurred_on": "2010-01-01",
                   "source": cite(), "regime_id": "r"}
    error = refused(base, termination, RuleBroken)
    assert "ext-2010" in str(error) and "terminated on 2010-01-01" in str(error)
    # after the panel's last fact, the same termination is fine
    base.append({**termination, "occurred_on": "2012-01-01"})
    assert base.as_of("2012-01-01").regime("r").status == "terminated"  # type: ignore[union-attr]


def test_a_correction_cannot_move_a_panel_to_another_regime(base: Ledger) -> None:
    fix = {"type": "FactCorrected", "id": "move", "corrects": "panel", "changes": {"regime_id": "old"},
           "reason": "x", "source": cite()}
    assert refused(base, fix, RuleBroken).field == "changes.regime_id"


# -- states that no longer exist -------------------------------------------------------------------

def test_a_correction_cannot_move_a_former_states_statement_past_the_withdrawal_of_its_code(base: Ledger) -> None:
    base.append({"type": "StatementIssued", "id": "st.ussr", "occurred_on": "1991-12-25", "source": cite(),
                 "speakers": ["SUN"], "stance": "neutral"})
    error = refused(base, {"type": "FactCorrected", "id": "fix.ussr", "corrects": "st.ussr", "reason": "misdated",
                           "changes": {"occurred_on": "1992-12-25"}, "source": cite()}, RuleBroken)
    assert error.field == "changes" and "its field 'speakers.0': SUN (USSR" in error.reason
    base.append({"type": "FactCorrected", "id": "fix.ussr", "corrects": "st.ussr", "reason": "misdated",
                 "changes": {"occurred_on": "1992-08-30"}, "source": cite()})


def test_a_former_state_named_on_some_days_of_a_date_only_is_flagged_by_the_ledger_and_the_audit(base: Ledger) -> None:
    recorded = base.append({"type": "StatementIssued", "id": "st.ussr", "occurred_on": "../1992-09-01",
                            "source": cite(), "speakers": ["RUS", "SUN"], "stance": "neutral"})
    assert recorded.flag is not None and "allows 1992-09-01" in recorded.flag and "SUN (USSR" in recorded.flag
    assert [(p.event_id, p.problem) for p in base.audit() if p.flagged] == [("st.ussr", recorded.flag)]
