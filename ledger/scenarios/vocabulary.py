"""The sentences an auditor may write, each with an example: registered as pytest-bdd steps, and kept in a list
that `ledger check --steps` prints and that `ledger check` matches a feature's steps against before running it.

A sentence is written as a template: `{name}` is any text, `{name:shape}` text of a shape (a day, a word, a
number, quoted text) or one of some words (`{status:active|expired|terminated}`); everything else is literal.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

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


@dataclass(frozen=True)
class Sentence:
    kinds: tuple[Kind, ...]
    template: str
    example: str
    topic: str
    regex: re.Pattern[str]
    more: str = ""  # the table or doc string an example goes on with, shown under it

    def matches(self, kind: str, text: str) -> bool:
        return kind in self.kinds and self.regex.fullmatch(text) is not None

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


def step(kinds: Kind | tuple[Kind, ...], template: str, example: str, more: str = "") -> Callable[[F], F]:
    """Register a function as the step for a sentence (of one or more kinds), with an example of it (and the
    table or doc string under the example, for a sentence that takes one)."""
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    regex = pattern(template)

    def decorate(func: F) -> F:
        VOCABULARY.append(Sentence(kinds, template, example, func.__module__.rsplit(".", 1)[-1], re.compile(regex), more))
        for kind in kinds:
            # stacklevel 2: pytest-bdd puts the step's fixture in the module that calls `decorate`.
            _DECORATORS[kind](parsers.re(regex), stacklevel=2)(func)
        return func

    return decorate


def known(kind: str, text: str) -> bool:
    return any(s.matches(kind, text) for s in VOCABULARY)


def nearest(kind: str, text: str, count: int = 3) -> list[str]:
    """The sentences closest to one no step matches (with their keyword), to suggest what was meant."""
    examples = {f"{k.capitalize()} {s.example}": s.example for s in VOCABULARY for k in s.kinds}
    ranked = sorted(examples, key=lambda e: -difflib.SequenceMatcher(None, text, examples[e]).ratio())
    return ranked[:count]
