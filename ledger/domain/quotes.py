"""Quotes: the words of a source that prove a fact, matched the way a reader would."""

from __future__ import annotations

import re
from functools import lru_cache

_TYPOGRAPHIC = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold typographic quote marks to plain ones and runs of white space to one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


@lru_cache(maxsize=4)
def _normalised_source(text: str) -> str:
    # A source's text is quoted by many facts in a row (every row of a list): folded once, not once a quote.
    return normalise(text)


def quote_is_in(quote: str, text: str) -> bool:
    """A quote holds when its words stand, in order and verbatim, in the source's text."""
    return normalise(quote) in _normalised_source(text)
