"""The veto list's rows and the rules that read them: each interpretation reported with its line and reason."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.imports.veto_documents import veto_documents
from ledger.imports.veto_list import ListRefused, VetoList, read_veto_list

HEADER = ("year,date,month,draft,meeting_record,agenda_item,crisis_topic,region,member_veto1,member_veto2,"
          "member_veto3,single_veto,multiple_vetoes,China,France,Russia,USSR,USA,UK,russia_china,usa_uk,"
          "usa_france,usa_france_uk,france_uk")


def row(day: str = "3/7/1997", draft: str = "S/1997/199", record: str = "S/PV.3747", agenda: str = "Some item",
        members: tuple[str, ...] = ("USA",), flags: dict[str, str] | None = None, year: str | None = None,
        month: str | None = None) -> str:
    """One row of the list, its 0/1 columns coded from the names unless `flags` says otherwise."""
    m, _, y = day.split("/")
    names = set(members)
    coded = {"single_veto": int(len(names) == 1), "multiple_vetoes": int(len(names) > 1),
             **{c: int(c in names) for c in ("China", "France", "Russia", "USSR", "USA", "UK")},
             "russia_china": int(names == {"Russia", "China"}), "usa_uk": int(names == {"USA", "UK"}),
             "usa_france": int(names == {"USA", "France"}), "usa_france_uk": int(names == {"USA", "France", "UK"}),
             "france_uk": int(names == {"France", "UK"})}
    coded |= flags or {}
    cells = [year or y, day, month or m, draft, record, agenda, "topic", "region",
             *(list(members) + ["", "", ""])[:3], *(str(coded[c]) for c in HEADER.split(",")[11:])]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def read(*rows: str) -> VetoList:
    return read_veto_list(HEADER + "\n" + "".join(rows))


def notes_of(found: VetoList, line: int) -> list[str]:
    return [n.reading for n in found.notes if n.line == line]


def test_a_plain_row_is_one_vote_with_no_note() -> None:
    found = read(row())
    (draft,) = found.drafts
    assert (draft.line, draft.on, draft.draft_id, draft.record, draft.members) == (
        2, date(1997, 3, 7), "S/1997/199", "S/PV.3747", ("USA",))
    assert found.notes == []


def test_a_meeting_record_where_the_symbol_should_be_is_a_draft_without_a_symbol() -> None:
    found = read(row("2/16/1946", "S/PV.23", "S/PV.23", members=("USSR",)))
    assert found.drafts[0].draft_id == "pv-23-1"
    assert "has no symbol" in notes_of(found, 2)[0]


def test_drafts_without_a_symbol_at_one_meeting_are_numbered_in_the_lists_order() -> None:
    found = read(*(row("6/26/1946", "S/PV.49", "S/PV.49", agenda=f"item {n}", members=("USSR",)) for n in range(3)))
    assert [d.draft_id for d in found.drafts] == ["pv-49-1", "pv-49-2", "pv-49-3"]
    assert all("3 drafts without a symbol" in notes_of(found, line)[0] for line in (2, 3, 4))


def test_a_record_of_an_earlier_meeting_is_where_the_drafts_text_stands() -> None:
    found = read(row("6/18/1946", "S/PV.45", "S/PV.47", members=("USSR",)))
    assert (found.drafts[0].draft_id, found.drafts[0].record) == ("pv-45-1", "S/PV.47")
    assert "earlier meeting's record" in notes_of(found, 2)[0]


def test_a_meeting_number_with_a_digit_too_many_is_a_typing_error() -> None:
    found = read(row("5/24/1948", "S/PV.3038", "S/PV.303", members=("USSR",)))
    assert found.drafts[0].draft_id == "pv-303-1"
    assert "typing error, read as S/PV.303" in notes_of(found, 2)[0]


def test_a_later_meeting_that_is_no_typing_error_is_refused_with_its_line() -> None:
    with pytest.raises(ListRefused, match=r"^line 3: draft 'S/PV.999' names a meeting held after"):
        read(row(), row("5/24/1948", "S/PV.999", "S/PV.303", members=("USSR",)))


def test_an_addendum_an_amendment_and_words_about_the_draft_stay_one_draft() -> None:
    found = read(row(draft="S/471 and S/471/Add.1"), row(draft="S/3995 (incorporating the amendment)S/3998"),
                 row(draft="S/9696 and Corr.1 & 2"), row(draft="S/15255/Rev.2(as corrected)"))
    assert [d.draft_id for d in found.drafts] == ["S/471", "S/3995", "S/9696", "S/15255/Rev.2"]
    assert "S/471/Add.1 is part of S/471" in notes_of(found, 2)[0]
    assert "S/3998 is an amendment incorporated in S/3995" in notes_of(found, 3)[0]
    assert "'and Corr.1 & 2' qualify the draft" in notes_of(found, 4)[0]
    assert "'(as corrected)' qualify the draft" in notes_of(found, 5)[0]


def test_several_drafts_in_one_row_are_one_vote_each() -> None:
    found = read(row(draft="S/14459, S/14460/Rev.1", members=("France", "UK", "USA")))
    assert [(d.draft_id, d.members, d.line) for d in found.drafts] == [
        ("S/14459", ("FRA", "GBR", "USA"), 2), ("S/14460/Rev.1", ("FRA", "GBR", "USA"), 2)]
    assert "S/14460/Rev.1 is another draft: one vote on each" in notes_of(found, 2)[0]


def test_a_symbol_twice_at_one_meeting_is_the_draft_and_its_preliminary_question() -> None:
    found = read(row("9/15/1947", "S/552", "S/PV.202", agenda="Greece preliminary question", members=("USSR",)),
                 row("9/15/1947", "S/552, S/PV.202", "S/PV.202", agenda="Greece", members=("USSR",)))
    assert [d.draft_id for d in found.drafts] == ["S/552:preliminary", "S/552"]
    assert "preliminary question" in notes_of(found, 2)[0]
    assert "S/PV.202 is a meeting record, not a draft" in notes_of(found, 3)[0]


def test_a_symbol_twice_with_nothing_to_tell_the_votes_apart_is_refused() -> None:
    with pytest.raises(ListRefused, match=r"^line \d: draft S/552 is also on line \d"):
        read(row("9/15/1947", "S/552", "S/PV.202", members=("USSR",)), row("9/15/1947", "S/552", "S/PV.202", members=("USSR",)))


def test_a_written_vote_of_2020_is_cited_to_its_letters() -> None:
    found = read(row("7/7/2020", "S/2020/654", "S/2020/661\nS/2020/657", members=("Russia", "China")), row())
    (written, plain) = found.drafts
    assert (written.record, written.other_records, written.members) == ("S/2020/661", ("S/2020/657",), ("RUS", "CHN"))
    assert "written procedure" in notes_of(found, 2)[0]
    # the row spans two lines of the file: the next row starts on line 4, and each quotes its own lines
    assert plain.line == 4 and written.row_text.count("\n") == 1 and "S/2020/657" in written.row_text


def test_the_names_win_over_the_compilers_0_1_columns() -> None:
    found = read(row(members=("France", "UK", "USA"), flags={"France": "0"}),
                 row(draft="S/1997/200", members=("UK", "USA"), flags={"usa_uk": "2"}))
    assert found.drafts[0].members == ("FRA", "GBR", "USA")
    assert notes_of(found, 2) == ["France is 0 (the names say 1). The names are taken: they are the Library's, the 0/1 "
                                  "columns the compilers' coding of them"]
    assert notes_of(found, 3)[0].startswith("usa_uk is 2 (the names say 1)")


def test_a_date_that_disagrees_with_its_year_and_month_is_taken_as_the_date() -> None:
    found = read(row("3/7/1997", year="1996", month="3"))
    assert found.drafts[0].on == date(1997, 3, 7)
    assert "disagree with the date column (3/7/1997); the date is taken" in notes_of(found, 2)[0]


@pytest.mark.parametrize(("name", "day", "code", "noted"), [
    ("USSR", "12/23/1991", "SUN", False), ("Russia", "12/24/1991", "RUS", False),
    ("Russia", "5/2/1985", "SUN", True), ("USSR", "5/11/1993", "RUS", True),
    ("China", "10/24/1971", "TWN", True), ("China", "10/25/1971", "CHN", False),
])
def test_the_members_of_the_day_hold_the_russian_and_chinese_seats(name: str, day: str, code: str, noted: bool) -> None:
    found = read(row(day, members=(name,)))
    assert found.drafts[0].members == (code,)
    assert bool(notes_of(found, 2)) == noted


@pytest.mark.parametrize(("bad", "reason"), [
    (row(day="31/2/1990"), r"line 2: date '31/2/1990' is not a day of the calendar \(read as month/day/year: month 31, day 2\)"),
    (row(members=("Frnace",)), r"line 2: member_veto1 'Frnace' is not the name of a permanent member"),
    (row(members=()), r"line 2: member_veto1 to member_veto3 are empty"),
    (row(draft="draft of 3 May"), r"line 2: draft 'draft of 3 May' names no symbol"),
])
def test_a_row_no_rule_reads_is_refused_with_its_line_and_reason(bad: str, reason: str) -> None:
    with pytest.raises(ListRefused, match=reason):
        read(bad)


def test_a_row_short_of_fields_is_refused_with_its_line_and_both_counts() -> None:
    short = row().rstrip("\n").rsplit(",", 3)[0] + "\n"  # its last three 0/1 columns cut off
    with pytest.raises(ListRefused, match=r"^line 3: the row has 21 fields and the header 24: a row gives every column"):
        read(row(), short)


def test_a_row_with_more_fields_than_the_header_is_refused_not_cut_to_fit() -> None:
    with pytest.raises(ListRefused, match=r"^line 2: the row has 25 fields and the header 24: 1 field in no column"):
        read(row().rstrip("\n") + ",1\n")


def test_rows_run_together_by_a_missing_newline_are_refused_on_the_line_they_share() -> None:
    """Rows appended to a file without a final newline: the first new row runs on into the last old one."""
    with pytest.raises(ListRefused, match=r"^line 3: the row has 47 fields and the header 24: .* missing its newline"):
        read(row(), row("9/30/2022", "S/2022/720", "S/PV.9143").rstrip("\n") + row("3/7/1997", "S/1997/200"))


def test_blank_lines_are_no_rows_and_the_rows_after_them_keep_their_own_line() -> None:
    found = read("\n", row(), "\n\n", row("3/7/1997", "S/1997/200"), "\n")
    assert [(d.line, d.draft_id) for d in found.drafts] == [(3, "S/1997/199"), (6, "S/1997/200")]
    assert found.rows == 2 and found.drafts[1].row_text == found.text.splitlines()[5]


def test_a_list_without_a_column_it_needs_is_refused_on_line_1() -> None:
    with pytest.raises(ListRefused, match=r"^line 1: the header has no column 'draft'"):
        read_veto_list(HEADER.replace(",draft,", ",symbol,") + "\n" + row())


def test_each_vote_cites_its_record_and_quotes_its_own_row_of_the_list() -> None:
    found = read(row("2/16/1946", "S/PV.23", "S/PV.23", members=("USSR",)), row())
    documents = veto_documents(found)
    the_list, *sources = [d for d in documents if d["type"] == "SourceRegistered"]
    votes = [d for d in documents if d["type"] == "DraftResolutionVoted"]
    assert the_list["source_id"] == "veto-list-1997-03-07" and the_list["text"] == found.text
    assert {s["source_id"] for s in sources} == {"S/PV.23", "S/PV.3747"}
    first = votes[0]
    assert first["source"]["document"] == "S/PV.23" and first["vetoed_by"] == ["SUN"]
    assert not {"in_favour", "against", "abstaining"} & set(first)  # the list gives no tally
    assert first["also_cited"] == [{"document": "veto-list-1997-03-07", "quote": found.text.splitlines()[1],
                                    "locator": "line 2"}]


@given(st.lists(st.sampled_from(["S/PV.49", "S/PV.57", "S/1997/199", "S/2001/270", "S/2004/240"]), max_size=12))
def test_every_draft_gets_its_own_stable_id(cells: list[str]) -> None:
    """Whatever the rows, no two drafts share an id, and reading the list again gives the same ids."""
    rows = [row("3/7/1997", cell, cell if cell.startswith("S/PV.") else "S/PV.3747") for cell in cells]
    try:
        first = read(*rows)
    except ListRefused as e:  # the same symbol twice at one meeting, with nothing to tell the votes apart
        assert "no rule tells the two votes apart" in e.reason
        return
    ids = [d.draft_id for d in first.drafts]
    assert len(ids) == len(set(ids)) == len(cells)
    assert ids == [d.draft_id for d in read(*rows).drafts]
