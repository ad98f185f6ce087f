"""The list of vetoes since 1946 (the Dag Hammarskjöld Library's, as compiled by the World Politics Data Lab),
read row by row into vetoed drafts.

The file is a secondary compilation and has rows that cannot be taken as they stand: a meeting record where the
draft's symbol should be, a draft with its addendum in one cell, a typing error, 0/1 columns that disagree with
the names beside them. Each is read by a rule written here, never by editing the file, and each row a rule
touched is reported with its line, the column, what is written and how it was read, so a reader can check the
reading against the list itself. A row no rule covers stops the import with its line and reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ledger.domain.council import PRC_SEATED_ON, RUSSIA_SEATED_ON

if TYPE_CHECKING:
    import _csv

REQUIRED = ("year", "date", "month", "draft", "meeting_record", "agenda_item",
            "member_veto1", "member_veto2", "member_veto3")
# The compilers' 0/1 coding of the names: checked against the names where the file has them.
MEMBER_FLAGS = {"China": "China", "France": "France", "Russia": "Russia", "USSR": "USSR", "USA": "USA", "UK": "UK"}
PAIR_FLAGS = {"russia_china": {"Russia", "China"}, "usa_uk": {"USA", "UK"}, "usa_france": {"USA", "France"},
              "usa_france_uk": {"USA", "France", "UK"}, "france_uk": {"France", "UK"}}

# A name in the list -> the seat it names: the Russian and Chinese seats changed hands, the others did not.
SEATS = {"USSR": "russia", "Soviet Union": "russia", "Russia": "russia", "Russian Federation": "russia",
         "China": "china", "France": "FRA", "UK": "GBR", "United Kingdom": "GBR", "USA": "USA",
         "United States": "USA"}

SYMBOL = re.compile(r"S/(?:PV\.\d+|\d{4}/\d+|\d+)(?:/(?:Rev|Add|Corr)\.\d+)*")
RECORD = re.compile(r"S/PV\.(\d+)")


class ListRefused(ValueError):
    """A row (or the file) that no rule reads: its line and the reason."""

    def __init__(self, line: int, reason: str) -> None:
        self.line, self.reason = line, reason
        super().__init__(f"line {line}: {reason}")


@dataclass(frozen=True)
class Note:
    """A row the importer had to interpret: where, what is written, and how it was read."""

    line: int
    column: str
    written: str
    reading: str

    def __str__(self) -> str:
        written = self.written.replace("\n", " / ")
        return f"line {self.line}, {self.column} {written!r}: {self.reading}"


@dataclass(frozen=True)
class VetoedDraft:
    """One vetoed draft as the list gives it, once interpreted: a row may give more than one."""

    line: int
    row_text: str  # the row as it stands in the file: what the vote quotes from the list
    on: date
    draft_id: str
    draft_cell: str
    record: str  # the document the vote is cited to: the meeting record, or the first letter of a written vote
    other_records: tuple[str, ...]
    agenda_item: str
    members: tuple[str, ...]  # the holders of the vetoing seats on the day, as codes


@dataclass
class VetoList:
    drafts: list[VetoedDraft] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    text: str = ""
    rows: int = 0

    @property
    def last_day(self) -> date:
        return max(d.on for d in self.drafts)


def read_veto_list(text: str) -> VetoList:
    """Every row of the list read into vetoed drafts, with a note for each row a rule had to interpret."""
    found = VetoList(text=text)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _next(reader) or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListRefused(1, f"the header has no column {', '.join(map(repr, missing))} "
                             f"(a veto list has {', '.join(REQUIRED)})")
    lines = text.splitlines()
    first = 2
    while (cells := _next(reader)) is not None:
        last = reader.line_num
        if not cells:  # a blank line: no row, and no field to count
            first = last + 1
            continue
        found.rows += 1
        row = dict(zip(header, _same_width(first, cells, len(header)), strict=True))
        drafts, notes = read_row(first, row, "\n".join(lines[first - 1:last]))
        found.drafts += drafts
        found.notes += notes
        first = last + 1
    _tell_apart(found)
    return found


def _next(reader: _csv.Reader) -> list[str] | None:
    """The next row's cells, None at the end; a file the csv module cannot read is refused on its line."""
    try:
        return next(reader, None)
    except csv.Error as e:
        raise ListRefused(reader.line_num, f"not readable as CSV: {e}") from None


def _same_width(line: int, cells: list[str], width: int) -> list[str]:
    """A row gives one field per column of the header: a row short of fields would read its columns as
    missing, a longer one would leave fields in no column (taken silently, they would be lost)."""
    if len(cells) < width:
        raise ListRefused(line, f"the row has {len(cells)} fields and the header {width}: a row gives every "
                                "column, empty or not")
    if len(cells) > width:
        raise ListRefused(line, f"the row has {len(cells)} fields and the header {width}: "
                                f"{len(cells) - width} field{'s' if len(cells) - width > 1 else ''} in no column (a "
                                "row missing its newline at the end runs on into the next row)")
    return cells


def read_row(line: int, row: dict[str, str], row_text: str) -> tuple[list[VetoedDraft], list[Note]]:
    notes: list[Note] = []
    on = _day(line, row, notes)
    members = _members(line, row, on, notes)
    _check_flags(line, row, notes)
    record, others = _records(line, row["meeting_record"], notes)
    drafts = _drafts(line, row["draft"].strip(), record, notes)
    agenda = " ".join(row["agenda_item"].split())
    return [VetoedDraft(line, row_text, on, d, row["draft"], record, others, agenda, members) for d in drafts], notes


def _day(line: int, row: dict[str, str], notes: list[Note]) -> date:
    written = row["date"].strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", written)
    if not match:
        raise ListRefused(line, f"date {written!r} is not a month/day/year date")
    month, day, year = map(int, match.groups())
    try:
        on = date(year, month, day)
    except ValueError:
        raise ListRefused(line, f"date {written!r} is not a day of the calendar (read as month/day/year: month {month}, day {day})") from None
    said = (row["year"].strip(), row["month"].strip())
    if said != (str(on.year), str(on.month)):
        notes.append(Note(line, "year/month", f"{said[0]}/{said[1]}",
                          f"disagree with the date column ({written}); the date is taken, since it gives the day "
                          "and year and month are the compilers' columns derived from it"))
    return on


def _members(line: int, row: dict[str, str], on: date, notes: list[Note]) -> tuple[str, ...]:
    named = [(c, row[c].strip()) for c in ("member_veto1", "member_veto2", "member_veto3") if row[c].strip()]
    if not named:
        raise ListRefused(line, "member_veto1 to member_veto3 are empty: the row names no member who vetoed")
    codes: list[str] = []
    for column, name in named:
        seat = SEATS.get(name)
        if seat is None:
            raise ListRefused(line, f"{column} {name!r} is not the name of a permanent member "
                                    f"({', '.join(sorted(SEATS))})")
        code = _holder(seat, on)
        if seat == "russia" and name in ("USSR", "Soviet Union") and code == "RUS":
            notes.append(Note(line, "member_veto", name, f"the Russian Federation held the seat from "
                              f"{RUSSIA_SEATED_ON}: read as RUS, the holder on {on}"))
        elif seat == "russia" and code == "SUN" and name not in ("USSR", "Soviet Union"):
            notes.append(Note(line, "member_veto", name, f"the USSR held the seat until {RUSSIA_SEATED_ON}: "
                              f"read as SUN, the holder on {on}"))
        elif code == "TWN":
            notes.append(Note(line, "member_veto", name, f"the Republic of China held China's seat until "
                              f"{PRC_SEATED_ON}: read as TWN, the holder on {on}"))
        if code in codes:
            notes.append(Note(line, "member_veto", name, "named twice: one veto"))
            continue
        codes.append(code)
    return tuple(codes)


def _holder(seat: str, on: date) -> str:
    if seat == "russia":
        return "RUS" if on >= RUSSIA_SEATED_ON else "SUN"
    if seat == "china":
        return "CHN" if on >= PRC_SEATED_ON else "TWN"
    return seat


def _check_flags(line: int, row: dict[str, str], notes: list[Note]) -> None:
    """The compilers' 0/1 columns against the names: where they disagree the names are taken."""
    names = {row[c].strip() for c in ("member_veto1", "member_veto2", "member_veto3") if row[c].strip()}
    wanted = {column: int(name in names) for column, name in MEMBER_FLAGS.items()}
    wanted |= {column: int(names == pair) for column, pair in PAIR_FLAGS.items()}
    wanted |= {"single_veto": int(len(names) == 1), "multiple_vetoes": int(len(names) > 1)}
    wrong = [f"{column} is {row[column].strip() or 'empty'} (the names say {should})"
             for column, should in wanted.items() if column in row and row[column].strip() != str(should)]
    if wrong:
        notes.append(Note(line, "0/1 columns", ", ".join(sorted(names)),
                          "; ".join(wrong) + ". The names are taken: they are the Library's, the 0/1 columns "
                          "the compilers' coding of them"))


def _records(line: int, cell: str, notes: list[Note]) -> tuple[str, tuple[str, ...]]:
    found = SYMBOL.findall(cell)
    if not found:
        raise ListRefused(line, f"meeting_record {cell!r} names no meeting record or document")
    records = [s for s in found if RECORD.fullmatch(s)]
    if records:
        if len(found) > 1:
            notes.append(Note(line, "meeting_record", cell, f"several documents: the vote is cited to {records[0]}, "
                              "the others beside it"))
        return records[0], tuple(s for s in found if s != records[0])
    notes.append(Note(line, "meeting_record", cell, "no meeting record: the vote was taken by written procedure "
                      f"(2020, without meetings), its outcome in letters; cited to {found[0]}, and to "
                      f"{', '.join(found[1:]) or 'no other'} beside it"))
    return found[0], tuple(found[1:])


def _drafts(line: int, cell: str, record: str, notes: list[Note]) -> list[str]:
    """The ids of the drafts a row's draft cell gives; `pv-N` stands for a draft with no symbol (numbered by
    `_tell_apart` when the list has several at one meeting record)."""
    found = SYMBOL.findall(cell)
    if not found:
        raise ListRefused(line, f"draft {cell!r} names no symbol and no meeting record")
    symbols = [s for s in found if not RECORD.fullmatch(s)]
    if not symbols:
        return [_no_symbol(line, cell, found[0], record, notes)]
    first, drafts, said = symbols[0], [symbols[0]], []
    leftover = cell
    for s in sorted(found, key=len, reverse=True):  # S/471/Add.1 before S/471
        leftover = leftover.replace(s, " ")
    words = " ".join(leftover.split()).strip(" ,")
    words = "" if words in ("", "and", "&") else words
    for s in found[1:]:
        if RECORD.fullmatch(s):
            said.append(f"{s} is a meeting record, not a draft: left out of the id")
        elif s.startswith(first + "/"):
            said.append(f"{s} is part of {first} (its addendum, corrigendum or revision): one draft")
        elif "amend" in cell.lower():
            said.append(f"{s} is an amendment incorporated in {first}: one draft")
        else:
            drafts.append(s)
            said.append(f"{s} is another draft: one vote on each, each vetoed by the members named")
    if words:
        said.append(f"the words {words!r} qualify the draft: kept in the locator, left out of the id")
    if said:
        notes.append(Note(line, "draft", cell, f"read as {', '.join(drafts)}: " + "; ".join(said)))
    return drafts


def _no_symbol(line: int, cell: str, written: str, record: str, notes: list[Note]) -> str:
    number, vote = int(RECORD.fullmatch(written).group(1)), RECORD.fullmatch(record)  # type: ignore[union-attr]
    at = int(vote.group(1)) if vote else None
    if at is not None and number > at:
        if not str(number).startswith(str(at)):
            raise ListRefused(line, f"draft {cell!r} names a meeting held after the vote's ({record}), and no "
                                    "rule reads it")
        notes.append(Note(line, "draft", cell, f"{written} is a meeting held decades after the vote's own "
                          f"({record}), whose number it repeats with a digit more: a typing error, read as {record}"))
        number = at
    elif at is not None and number < at:
        notes.append(Note(line, "draft", cell, f"the draft has no symbol and its text stands in {written}, an "
                          f"earlier meeting's record; voted at {record}"))
    else:
        notes.append(Note(line, "draft", cell, "the draft has no symbol: the list names the record of the "
                          "meeting that voted it"))
    return f"pv-{number}"


def _tell_apart(found: VetoList) -> None:
    """Give every draft its own id: drafts without a symbol are numbered in the list's order at their meeting
    record; two votes on one symbol at one meeting are the draft and the preliminary question on it."""
    counts: dict[str, int] = {}
    for d in found.drafts:
        counts[d.draft_id] = counts.get(d.draft_id, 0) + 1
    seen: dict[str, int] = {}
    renamed: list[VetoedDraft] = []
    for d in found.drafts:
        ident = d.draft_id
        if ident.startswith("pv-"):
            seen[ident] = seen.get(ident, 0) + 1
            ident = f"{ident}-{seen[ident]}"
            if counts[d.draft_id] > 1:
                _add_to_note(found.notes, d.line, f"; {counts[d.draft_id]} drafts without a symbol at one record: "
                                                  f"this one is {ident}, by its place in the list")
        elif counts[ident] > 1:
            if "preliminary question" not in d.agenda_item.lower():
                twins = [o.line for o in found.drafts if o.draft_id == ident and o is not d]
                if not any("preliminary question" in o.agenda_item.lower() for o in found.drafts
                           if o.draft_id == ident and o is not d):
                    raise ListRefused(d.line, f"draft {ident} is also on line {twins[0]}, and no rule tells "
                                              "the two votes apart")
            else:
                ident = f"{ident}:preliminary"
                found.notes.append(Note(d.line, "draft", d.draft_cell, f"{d.draft_id} is named on another line "
                                        "too; this row's agenda item says it was the vote on the preliminary "
                                        f"question (whether the vote was procedural): {ident}"))
        if any(r.draft_id == ident for r in renamed):
            raise ListRefused(d.line, f"draft {ident} is given twice, and no rule tells the two votes apart")
        renamed.append(VetoedDraft(d.line, d.row_text, d.on, ident, d.draft_cell, d.record, d.other_records,
                                   d.agenda_item, d.members))
    found.drafts = renamed


def _add_to_note(notes: list[Note], line: int, more: str) -> None:
    at = next(i for i, n in enumerate(notes) if n.line == line and n.column == "draft")
    notes[at] = Note(line, "draft", notes[at].written, notes[at].reading + more)


def notes_by_line(notes: Sequence[Note]) -> Iterator[str]:
    """The report: each interpreted row's notes, in the order of the file."""
    for note in sorted(notes, key=lambda n: n.line):
        yield str(note)
