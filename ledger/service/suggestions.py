"""What a refused name most likely meant: a state written as people write it (`Russia`, `usa`, `Rusia`) where
the ledger takes its ISO 3166 code (the command line's `--speaker` and `--about` offer the same), or a panel,
regime, draft, source, actor or event id misspelt (`dprk-panle`, `DPRK-panel`) where the ledger holds one close."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ledger.documents.parse import value_at
from ledger.domain.catalogue import OPENERS
from ledger.errors import LedgerError, RuleBroken, UnknownReference
from ledger.states import is_state, state_meant

if TYPE_CHECKING:
    from ledger.storage.eventstore import EventStore


def with_state_meant(error: LedgerError, document: Mapping[str, Any]) -> LedgerError:
    """The refusal of a name that is no actor or state, saying which state it likely means, when one fits."""
    if not isinstance(error, (UnknownReference, RuleBroken)) or error.field is None:
        return error
    found, at = value_at(document, error.field)  # `speakers`, `speakers.1`, `changes.speakers.0`
    values = [at] if isinstance(at, str) else [v for v in at if isinstance(v, str)] if found and isinstance(at, list) else []
    for value in values:
        if not is_state(value) and f"{value!r}" in error.reason and (meant := state_meant(value)) is not None:
            error.reason = f"{error.reason}; did you mean {meant}?"
            error.args = (error.message,)
            break
    return error


def with_id_meant(error: LedgerError, held: Callable[[tuple[str, ...]], Iterable[str]]) -> LedgerError:
    """The refusal of an id the ledger does not hold (a panel, regime, draft, source, actor or event), saying
    which held id of its kinds it likely means, when one is close; `held` lists the ids of some kinds, and is
    asked only here, on the way out of a refusal, so that no accepted document pays for it."""
    if not isinstance(error, UnknownReference) or error.unheld is None:
        return error
    ident, kinds = error.unheld
    kinds = tuple(kind for kind in kinds if kind != "state")  # a state's code: `with_state_meant`'s to guess
    if not kinds or f"{ident!r}" not in error.reason:
        return error
    if (meant := id_meant(ident, held(kinds))) is not None:
        error.reason = f"{error.reason}; did you mean {meant!r}?"
        error.args = (error.message,)
    return error


def stored_ids(store: EventStore, kinds: Iterable[str]) -> set[str]:
    """Every id of some kinds (`panel`, `regime`, `draft`, `source`, `actor`) the store holds, from the
    registrations that opened their streams: a read of the whole fact index, so asked only to guess what an id
    the ledger does not hold meant."""
    openers = [name for name, (kind, _) in OPENERS.items() if kind in kinds]
    return {f.document[OPENERS[f.type][1]] for f in store.facts_of_types(openers) if f.type in openers} if openers else set()


def id_meant(ident: str, held: Iterable[str]) -> str | None:
    """The one held id closest to a misspelt one, ignoring case (ids are matched as written, so `DPRK-panel` is
    not `dprk-panel`); None when none is close, when two are equally close, or when the id itself is held (then
    it was refused for its date, not its spelling)."""
    by_folded: dict[str, set[str]] = {}
    for candidate in held:
        if candidate == ident:
            return None
        by_folded.setdefault(candidate.casefold(), set()).add(candidate)
    folded = ident.casefold()
    close = difflib.get_close_matches(folded, list(by_folded), n=2, cutoff=CLOSE)
    if not close:
        return None
    originals = by_folded[close[0]]  # two ids of other capitals are as close as each other
    if len(originals) > 1 or (len(close) > 1 and _likeness(folded, close[1]) == _likeness(folded, close[0])):
        return None
    return next(iter(originals))


# How alike (difflib's ratio) an id must be to a held one to be guessed: as for a state's name. Lower, and ids
# that share only a suffix are guessed (`mali-panel` for `dprk-panel` is 0.6, difflib's own cutoff).
CLOSE = 0.8


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
