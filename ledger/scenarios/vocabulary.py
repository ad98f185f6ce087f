"""The sentences an auditor may write, each with an example: registered as pytest-bdd steps, and kept in a list
that `ledger check --steps` prints and that `ledger check` matches a feature's steps against before running it.

A sentence is written as a template: `{name}` is any text, `{name:shape}` text of a shape (a day, a word, a
number, quoted text) or one of some words (`{status:active|expired|terminated}`); everything else is literal.
A typographic apostrophe (’, as autocorrect types it) in a step or a table's cell is read as ' , and a curly
double quote (“ ”) as " .

A value of a known form (a day, one of some words) says what is wrong with it (`Form`): a `{name:day}` slot is
a day of the calendar, a `{name:date}` slot a fact's date written as its `occurred_on` may be (a day, a month, a
year or an EDTF level 1 form: `2024-03-28/2024-03-29`, `../2024-03-07`, `1992-08-30?`, `2024-03~`), and a
table's column may declare its form (`Table(..., forms={"day": DAY})`). A sentence
that reads a table declares its columns (`Table`), and one that reads a doc string says so (and what it must
hold: `Json`): `ledger check` holds every step's values, table and doc string to them before anything runs, and
the step reads its rows through the same declaration.

A sentence that reads what a step before it leaves says so too (`needs`), and a sentence that leaves it says
that (`gives`): `A_DAY`, the day a scenario looks at; `"{label}"`, the moment noted under the name its slot
`label` holds; `'"before any correction"'`, the moment noted under that name. `ledger check` refuses a step
that needs what no step before it in its scenario (its Background's included) gives.
"""

from __future__ import annotations

import calendar
import difflib
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pytest_bdd import given, parsers, then, when

from ledger.domain.dates import parse_occurrence

Kind = Literal["given", "when", "then"]
F = TypeVar("F", bound=Callable[..., object])

SHAPES = {
    "day": r"\d{4}-\d{2}-\d{2}",
    # A fact's date as its `occurred_on` may be written: a day, a month or a year, maybe uncertain (?), approximate (~)
    # or both (%); or an interval of two of them, or `../` one (on or before). Its form (DATE) is the ledger's own.
    "date": r"(?:\.\./)?\d{4}(?:-\d{2}){0,2}[?~%]?(?:/\d{4}(?:-\d{2}){0,2}[?~%]?)?",
    "word": r"\S+",
    "int": r"\d+",
    "text": r'[^"]+',
    # An ISO date-time, its date and time apart by a T or, as `--known-at` takes it too, by a space.
    "moment": r"\d{4}-\d{2}-\d{2} \d{2}:\S+|\S+",
    "digest": r"\S+",  # POSITION:SHA256, as `ledger digest` prints it (its form is checked: DIGEST)
    "name": r"(?!as of ).+?",  # a panel or regime named at the start of a sentence that may also begin with a day
}
A_DAY = "a day"  # what `When I look at the ledger as of DAY` gives, and a sentence about "the" view needs
_SLOT = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def _choice(shape: str | None) -> bool:
    """Whether a slot's shape is a choice of words (`a|b`), not a shape named or a regular expression."""
    return bool(shape) and shape not in SHAPES and re.fullmatch(r"[\w ]+(?:\|[\w ]+)*", shape or "") is not None
_DECORATORS = {"given": given, "when": when, "then": then}


APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def plain(text: str) -> str:
    """A step as the sentences are written: a typographic apostrophe (’ or ‘) read as ' , a curly double
    quote (“ or ”) as " ."""
    return text.translate(APOSTROPHES)


@dataclass(frozen=True)
class Form:
    """What a value must be: `why_not` says why a value is not of the form, in words (None: it is)."""

    name: str
    why_not: Callable[[str], str | None]


def _not_a_day(value: str) -> str | None:
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if found is None:
        return f"{value} is not a day (YYYY-MM-DD)"
    year, month, day = map(int, found.groups())
    if year < 1:
        return f"{value} is not a day: there is no year 0"
    if not 1 <= month <= 12:
        return f"{value} is not a day: there is no month {found[2]}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{value} is not a day: {calendar.month_name[month]} {year} has {days} days"
    return None


DAY = Form("a day", _not_a_day)


def _not_a_digest(value: str) -> str | None:
    from ledger.storage.chain import Digest

    try:
        Digest.parse(value)
    except ValueError as e:
        return str(e)
    return None


DIGEST = Form("a digest", _not_a_digest)


def _not_a_date(value: str) -> str | None:
    """A fact's date as the ledger takes it for `occurred_on` (read by the ledger itself): a day, a month or a year,
    or an EDTF level 1 form. A day not of the calendar is said as a `{day}` says it."""
    try:
        parse_occurrence(value)
    except ValueError as e:
        for side in re.sub(r"[?~%]", "", value).split("/"):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", side) and (problem := _not_a_day(side)):
                return problem
        return str(e).replace(repr(value), value, 1)
    return None


DATE = Form("a date", _not_a_date)


def one_of(words: str) -> Form:
    """One of some words, given as `a|b|c` (as a template's slot gives them)."""
    choices = words.split("|")

    def why_not(value: str) -> str | None:
        if value in choices:
            return None
        meant = difflib.get_close_matches(value, choices, n=1)
        return f"{value} is not one of {', '.join(choices)}" + (f" (did you mean {meant[0]}?)" if meant else "")

    return Form(f"one of {', '.join(choices)}", why_not)


@dataclass(frozen=True)
class Json:
    """What a doc string holds: JSON of one kind (`dict`, one object; `list`, a list). What the ledger refuses
    of a documents file (a key twice, NaN) is left to the ledger: the doc string is read as the JSON reader reads."""

    kind: type
    said: str

    def problem(self, text: str) -> tuple[int, str] | None:
        """Why the doc string is not of this kind, and the line of the doc string it is on (1 the first)."""
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            return e.lineno, f"the doc string is not JSON: {e.msg} (line {e.lineno}, column {e.colno} of the doc string)"
        except (ValueError, RecursionError) as e:
            return 1, f"the doc string is not JSON: {e}"
        if not isinstance(value, self.kind):
            return 1, f"the doc string is JSON but not {self.said}"
        return None


JSON_OBJECT, JSON_LIST = Json(dict, "one JSON object ({...})"), Json(list, "a JSON list ([...])")


@dataclass(frozen=True)
class Table:
    """The columns of a sentence's table: those it must have, and those it may add, and the form of the
    values of some (`forms`). A table has one row of column names, then a row or more of values. Its cells
    are read as step text is (’ as ', “ ” as "), but those of the columns in `verbatim` (words compared with
    the ledger's own), which are read as written."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    forms: dict[str, Form] = field(default_factory=dict)
    verbatim: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash((self.required, self.optional, tuple(self.forms), self.verbatim))

    @property
    def columns(self) -> str:
        if not self.required:
            return "any of " + ", ".join(self.optional)
        return ", ".join(self.required) + (f", and optionally {', '.join(self.optional)}" if self.optional else "")

    def problems(self, header: list[str], rows: int) -> list[str]:
        """What is wrong with a table of this header and this many rows, each said of "the table"."""
        known = self.required + self.optional
        meant = {c: self._meant(c, header) for c in dict.fromkeys(header) if c not in known}
        said = [f'has the column "{c}" twice' for c in dict.fromkeys(c for c in header if header.count(c) > 1)]
        said += [f'has an unknown column "{c}"' + (f" (did you mean {m}?)" if m else "") for c, m in meant.items()]
        said += [f'has no column "{c}"' for c in self.required if c not in header and c not in meant.values()]
        if rows == 0:
            said.append("has a header but no rows")
        return [f"the table {problem}; its columns: {self.columns}" for problem in said]

    def _meant(self, column: str, header: list[str]) -> str | None:
        """The column an unknown one is likely a misspelling of (one the header lacks): the same but for its
        case, or one close to it."""
        missing = [c for c in self.required + self.optional if c not in header]
        same = [c for c in missing if c.lower() == column.lower()]
        meant = same or difflib.get_close_matches(column, missing, n=1, cutoff=0.6)
        return meant[0] if meant else None

    def cell(self, column: str, value: str) -> str:
        """A cell's value as the step reads it."""
        return value if column in self.verbatim else plain(value)

    def value_problems(self, header: list[str], rows: list[list[str]]) -> list[tuple[int, str, str]]:
        """The cells not of their column's form: the row (1 the first under the header), the column, and what
        is wrong."""
        return [(at, column, problem)
                for at, row in enumerate(rows, 1) for column, value in zip(header, row, strict=False)
                if column in self.forms and (problem := self.forms[column].why_not(self.cell(column, value)))]

    def rows(self, datatable: list[list[str]]) -> list[dict[str, str]]:
        """The rows of a step's table, each by column name; a table not of these columns, or with a value not
        of its column's form, fails the step."""
        header, *rows = datatable
        problems = self.problems(header, len(rows))
        problems += [f"row {at} of the table, column {column}: {problem}"
                     for at, column, problem in self.value_problems(header, rows)]
        if problems:
            raise AssertionError("; ".join(problems))
        return [{c: self.cell(c, v) for c, v in zip(header, row, strict=True)} for row in rows]


class _Parser(parsers.re):
    """pytest-bdd's regular-expression parser, reading a step's typographic apostrophes as ' ."""

    def parse_arguments(self, name: str) -> dict[str, Any] | None:
        return super().parse_arguments(plain(name))

    def is_matching(self, name: str) -> bool:
        return super().is_matching(plain(name))


@dataclass(frozen=True)
class Sentence:
    kinds: tuple[Kind, ...]
    template: str
    example: str
    topic: str
    regex: re.Pattern[str]
    more: str = ""  # the table or doc string an example goes on with, shown under it
    table: Table | None = None  # the columns of the table it reads (None: it reads no table)
    docstring: bool = False  # whether it reads a doc string
    json: Json | None = None  # what its doc string must hold, if JSON
    loose: re.Pattern[str] | None = None  # its regex with a word of any form in each slot of a form (below)
    needs: tuple[str, ...] = ()  # what a step before it must give: A_DAY, a moment noted ("{slot}" or '"its name"')
    gives: tuple[str, ...] = ()  # what it gives the steps after it
    function: str = ""  # the name of the function that is its step

    def matches(self, kind: str, text: str) -> bool:
        return kind in self.kinds and self.regex.fullmatch(plain(text)) is not None

    @property
    def forms(self) -> dict[str, Form]:
        """The form of each slot that has one: a `{name:day}` is a day, a `{name:date}` a fact's date, a
        `{name:a|b}` one of the words."""
        named = {"day": DAY, "date": DATE, "digest": DIGEST}
        return {m[1]: named[m[2]] if m[2] in named else one_of(m[2]) for m in _SLOT.finditer(self.template)
                if m[2] in named or _choice(m[2])}

    def arguments(self, kind: str, text: str, loosely: bool = False) -> dict[str, str] | None:
        """The values of a step's slots, if it is this sentence (`loosely`: whatever the values of its slots of a
        form, so that a step that is this sentence with a value of the wrong form can be told so)."""
        regex = self.loose if loosely and self.loose is not None else self.regex
        found = regex.fullmatch(plain(text)) if kind in self.kinds else None
        return found.groupdict() if found is not None else None

    def argument_problems(self, arguments: dict[str, str]) -> list[tuple[str, str]]:
        """The slots whose value is not of their form: the slot's name and what is wrong."""
        return [(name, problem) for name, form in self.forms.items()
                if name in arguments and (problem := form.why_not(arguments[name]))]

    def problems(self, table: list[list[str]] | None, docstring: str | None) -> list[str]:
        """What is wrong with the table and doc string a step of this sentence is given (or not given)."""
        said = []
        if self.table is not None and table is None:
            said.append(f"it needs a table under it; its columns: {self.table.columns}")
        elif self.table is not None and table is not None:
            said += self.table.problems(table[0], len(table) - 1)
        elif table is not None:
            said.append("it takes no table")
        if self.docstring and docstring is None:
            said.append('it needs a doc string under it, between lines of """')
        elif docstring is not None and not self.docstring:
            said.append("it takes no doc string")
        return said

    def wants(self, arguments: dict[str, str], what: tuple[str, ...]) -> list[str]:
        """What a step of this sentence, with these values, needs or gives (`what`: its `needs` or `gives`): A_DAY,
        or `"the moment's name"`."""
        return [f'"{arguments.get(w[1:-1], w)}"' if w.startswith("{") else w for w in what]

    @property
    def shown(self) -> str:
        """The template as people read it: `{status}` for a choice of words shows the words."""
        return _SLOT.sub(lambda m: m[2] if m[2] and m[2] not in SHAPES else "{" + m[1] + "}", self.template)


VOCABULARY: list[Sentence] = []


def pattern(template: str, loosely: bool = False) -> str:
    """The regular expression of a template (`loosely`: any word in a slot of a form, a day, a date or one of some
    words)."""
    parts, at = [], 0
    for slot in _SLOT.finditer(template):
        parts.append(re.escape(template[at:slot.start()]))
        name, shape = slot[1], slot[2]
        if loosely and (shape in ("day", "date") or _choice(shape)):
            shape = "word"
        parts.append(f"(?P<{name}>{SHAPES.get(shape, shape) if shape else '.+?'})")
        at = slot.end()
    parts.append(re.escape(template[at:]))
    return "".join(parts)


def step(kinds: Kind | tuple[Kind, ...], template: str, example: str, more: str = "",
         table: Table | None = None, json: Json | None = None, needs: tuple[str, ...] = (),
         gives: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register a function as the step for a sentence (of one or more kinds), with an example of it (and the
    table or doc string under the example, for a sentence that takes one). A function that reads a table
    (its `datatable` argument) declares its columns: `table`; one that reads a doc string has a `docstring`
    argument, and declares what it must hold if JSON: `json`. What it needs of a step before it, and gives those
    after it: `needs`, `gives` (A_DAY, or a moment noted: `"{slot}"`, `'"its name"'`)."""
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    regex = pattern(template)

    def decorate(func: F) -> F:
        reads = inspect.signature(func).parameters
        if ("datatable" in reads) != (table is not None):
            raise TypeError(f"{func.__qualname__}: a step that reads a table (datatable) declares its columns (table=), "
                            "and only such a step")
        if json is not None and "docstring" not in reads:
            raise TypeError(f"{func.__qualname__}: only a step that reads a doc string declares its JSON (json=)")
        VOCABULARY.append(Sentence(kinds, template, example, func.__module__.rsplit(".", 1)[-1], re.compile(regex), more,
                                   table, "docstring" in reads, json, re.compile(pattern(template, loosely=True)),
                                   needs, gives, func.__name__))
        for kind in kinds:
            # stacklevel 2: pytest-bdd puts the step's fixture in the module that calls `decorate`.
            _DECORATORS[kind](_Parser(regex), stacklevel=2)(func)
        return func

    return decorate


def loosely(kind: str, text: str) -> tuple[Sentence, dict[str, str]] | None:
    """The sentence a step no sentence matches would be, and its values, but for a value not of its slot's form."""
    for s in VOCABULARY:
        arguments = s.arguments(kind, text, loosely=True)
        if arguments is not None:
            return s, arguments
    return None


def known(kind: str, text: str) -> bool:
    return any(s.matches(kind, text) for s in VOCABULARY)


def sentence(kind: str, text: str) -> Sentence | None:
    """The sentence a step is, if one matches it."""
    return next((s for s in VOCABULARY if s.matches(kind, text)), None)


def nearest(kind: str, text: str, count: int = 3) -> list[str]:
    """The sentences closest to one no step matches (with their keyword), to suggest what was meant."""
    examples = {f"{k.capitalize()} {s.example}": s.example for s in VOCABULARY for k in s.kinds}
    ranked = sorted(examples, key=lambda e: -difflib.SequenceMatcher(None, plain(text), examples[e]).ratio())
    return ranked[:count]
