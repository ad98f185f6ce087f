"""The sentences an auditor may write, each with an example: registered as pytest-bdd steps, and kept in a list
that `ledger check --steps` prints and that `ledger check` matches a feature's steps against before running it.

A sentence is written as a template: `{name}` is any text, `{name:shape}` text of a shape (a day, a word, a
number, quoted text) or one of some words (`{status:active|expired|terminated}`); everything else is literal.
A typographic apostrophe (’, as autocorrect types it) in a step is read as ' .

A sentence that reads a table declares its columns (`Table`), and one that reads a doc string says so: `ledger
check` holds every step's table to them before anything runs, and the step reads its rows through them.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pytest_bdd import given, parsers, then, when

Kind = Literal["given", "when", "then"]
F = TypeVar("F", bound=Callable[..., object])

SHAPES = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "date": r"\d{4}(?:-\d{2}){0,2}",  # a day, a month or a year, as the ledger's dates may be
    "word": r"\S+",
    "int": r"\d+",
    "text": r'[^"]+',
    "moment": r"\S+",
    "name": r"(?!as of ).+?",  # a panel or regime named at the start of a sentence that may also begin with a day
}
_SLOT = re.compile(r"\{(\w+)(?::([^}]*))?\}")
_DECORATORS = {"given": given, "when": when, "then": then}


APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def plain(text: str) -> str:
    """A step as the sentences are written: a typographic apostrophe (’ or ‘) read as ' ."""
    return text.translate(APOSTROPHES)


@dataclass(frozen=True)
class Table:
    """The columns of a sentence's table: those it must have, and those it may add. A table has one row of
    column names, then a row or more of values."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> str:
        if not self.required:
            return "any of " + ", ".join(self.optional)
        return ", ".join(self.required) + (f", and optionally {', '.join(self.optional)}" if self.optional else "")

    def problems(self, header: list[str], rows: int) -> list[str]:
        """What is wrong with a table of this header and this many rows, each said of "the table"."""
        said = [f'has the column "{c}" twice' for c in dict.fromkeys(c for c in header if header.count(c) > 1)]
        said += [f'has an unknown column "{c}"' for c in dict.fromkeys(header) if c not in self.required + self.optional]
        said += [f'has no column "{c}"' for c in self.required if c not in header]
        if rows == 0:
            said.append("has a header but no rows")
        return [f"the table {problem}; its columns: {self.columns}" for problem in said]

    def rows(self, datatable: list[list[str]]) -> list[dict[str, str]]:
        """The rows of a step's table, each by column name; a table not of these columns fails the step."""
        header, *rows = datatable
        problems = self.problems(header, len(rows))
        if problems:
            raise AssertionError("; ".join(problems))
        return [dict(zip(header, row, strict=True)) for row in rows]


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

    def matches(self, kind: str, text: str) -> bool:
        return kind in self.kinds and self.regex.fullmatch(plain(text)) is not None

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

    @property
    def shown(self) -> str:
        """The template as people read it: `{status}` for a choice of words shows the words."""
        return _SLOT.sub(lambda m: m[2] if m[2] and m[2] not in SHAPES else "{" + m[1] + "}", self.template)


VOCABULARY: list[Sentence] = []


def pattern(template: str) -> str:
    """The regular expression of a template."""
    parts, at = [], 0
    for slot in _SLOT.finditer(template):
        parts.append(re.escape(template[at:slot.start()]))
        name, shape = slot[1], slot[2]
        parts.append(f"(?P<{name}>{SHAPES.get(shape, shape) if shape else '.+?'})")
        at = slot.end()
    parts.append(re.escape(template[at:]))
    return "".join(parts)


def step(kinds: Kind | tuple[Kind, ...], template: str, example: str, more: str = "",
         table: Table | None = None) -> Callable[[F], F]:
    """Register a function as the step for a sentence (of one or more kinds), with an example of it (and the
    table or doc string under the example, for a sentence that takes one). A function that reads a table
    (its `datatable` argument) declares its columns: `table`; one that reads a doc string has a `docstring` argument."""
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    regex = pattern(template)

    def decorate(func: F) -> F:
        reads = inspect.signature(func).parameters
        if ("datatable" in reads) != (table is not None):
            raise TypeError(f"{func.__qualname__}: a step that reads a table (datatable) declares its columns (table=), "
                            "and only such a step")
        VOCABULARY.append(Sentence(kinds, template, example, func.__module__.rsplit(".", 1)[-1], re.compile(regex), more,
                                   table, "docstring" in reads))
        for kind in kinds:
            # stacklevel 2: pytest-bdd puts the step's fixture in the module that calls `decorate`.
            _DECORATORS[kind](_Parser(regex), stacklevel=2)(func)
        return func

    return decorate


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
