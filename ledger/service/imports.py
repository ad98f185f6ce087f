"""Importing a public list into the ledger: read it, turn it into documents, and append what the ledger does
not hold yet, all or nothing.

A source or draft the ledger already holds is left as it is, not appended again: an updated list repeats every
veto of the old one, cited to another version of the list, and the ledger keeps the first recording of each
(a correction, not a second vote, is how a fact changes). The list's own source id is the exception: it is
left as it is only when the ledger holds this list under it (importing the same list again). A source id
that names another document, or this list said otherwise, is refused with nothing stored: its votes would be
cited to a document that does not quote them, and the list itself would go unregistered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledger.domain.council import vetoes
from ledger.domain.entities import tally_of
from ledger.domain.facts import Fact, apply_fixes, occurrence_of
from ledger.domain.streams import stream_id
from ledger.errors import Conflict, InvalidArgument, Unreadable
from ledger.errors import ListRefused as Refused
from ledger.imports.veto_documents import veto_documents
from ledger.imports.veto_list import ListRefused, Note, VetoList, read_veto_list

if TYPE_CHECKING:
    from ledger.service.application import Ledger


@dataclass
class VetoImport:
    """What an import read and did: the list, its documents, the notes on rows it interpreted, and (when
    appended to a ledger) how many documents were new and which were already held."""

    veto_list: VetoList
    documents: list[dict[str, Any]]
    new: int = 0
    held: list[str] = field(default_factory=list)  # ids of documents left out: their source or draft is held
    # Drafts held whose vetoes the list gives otherwise: (draft, the list's vetoing members, the ledger's).
    disagree: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    file: str | None = None  # where the list was read from: what a refusal names

    @property
    def notes(self) -> list[Note]:
        return self.veto_list.notes

    @property
    def registration(self) -> dict[str, Any]:
        """The list's own SourceRegistered: `veto_documents` gives it first."""
        return self.documents[0]


def read_vetoes(path: str | Path, *, source_id: str | None = None, published_on: date | None = None) -> VetoImport:
    """The veto list at `path` read into documents; a row no rule reads is refused with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise Unreadable(f"{path} does not exist") from None
    except IsADirectoryError:
        raise Unreadable(f"{path} is a folder, not the veto list's CSV file") from None
    except OSError as e:
        raise Unreadable(f"cannot read the veto list: {e.strerror or e}", document=str(path)) from None
    except UnicodeDecodeError as e:
        raise Unreadable(f"cannot read the veto list: it is not UTF-8 text (byte {e.start} is {e.object[e.start]:#04x})",
                         document=str(path)) from None
    try:
        veto_list = read_veto_list(text)
    except ListRefused as e:
        raise Refused(str(e), document=str(path)) from None
    if not veto_list.drafts:
        raise Refused("the veto list has no rows", document=str(path))
    if published_on is not None and published_on < veto_list.last_day:
        raise InvalidArgument(f"published on {published_on}, before the last veto it lists ({veto_list.last_day})",
                              field="published_on", document=str(path))
    cited = {r: d.line for d in reversed(veto_list.drafts) for r in (d.record, *d.other_records)}
    if source_id in cited:
        raise InvalidArgument(f"{source_id} is a document the list cites (line {cited[source_id]}), not the list: "
                              "give the list a source id of its own", field="source_id", document=str(path))
    documents = veto_documents(veto_list, source_id=source_id, published_on=published_on, file_name=path.name)
    return VetoImport(veto_list, documents, file=str(path))


def import_vetoes(ledger: Ledger, path: str | Path, *, source_id: str | None = None,
                  published_on: date | None = None) -> VetoImport:
    """Append the list's documents the ledger does not hold yet, in one batch."""
    return append_vetoes(ledger, read_vetoes(path, source_id=source_id, published_on=published_on))


def append_vetoes(ledger: Ledger, found: VetoImport) -> VetoImport:
    """Append the documents of a list already read that the ledger does not hold yet, in one batch."""
    keys = {d["id"]: _stream_of(d) for d in found.documents}
    present = ledger.store.stream_facts(sorted(set(keys.values())), upto=ledger.head())
    if (held := present.get(keys[found.registration["id"]])) is not None:
        _refuse_another_source(found, held)
    fresh = [d for d in found.documents if keys[d["id"]] not in present]
    found.held = [d["id"] for d in found.documents if keys[d["id"]] in present]
    found.disagree = [(d["draft_id"], listed, held_vetoes) for d in found.documents
                      if d["type"] == "DraftResolutionVoted" and keys[d["id"]] in present
                      and (listed := _vetoes_of(d)) != (held_vetoes := _held_vetoes(present[keys[d["id"]]]))]
    found.new = sum(not r.repeated for r in ledger.append_many(fresh)) if fresh else 0
    return found


def _vetoes_of(vote: dict[str, Any]) -> tuple[str, ...]:
    return vetoes(tally_of(vote), occurrence_of(vote).start)  # type: ignore[union-attr]


def _held_vetoes(facts: list[Fact]) -> tuple[str, ...]:
    """The vetoes the ledger holds on a draft, as its corrections and retractions leave them."""
    return tuple(sorted({f.document["member"] for f in apply_fixes(facts) if f.type == "VetoCast"}))


def _stream_of(document: dict[str, Any]) -> Any:
    if document["type"] == "SourceRegistered":
        return stream_id("source", document["source_id"])
    return stream_id("draft", document["draft_id"])


def _refuse_another_source(found: VetoImport, held: list[Fact]) -> None:
    """The list's source id is held: go on only if the ledger holds this list under it, said the same way.
    The title is not compared: it names the file the list was read from, and a copy of the list under another
    name is the same list."""
    ours = found.registration
    theirs = next(f.document for f in held if f.type == "SourceRegistered")
    source_id = ours["source_id"]
    if theirs.get("text") != ours["text"]:
        raise Conflict(f"the ledger already holds {source_id!r} as another document than this list, "
                       f"{theirs['title']!r}; nothing was stored (give the list a source id the ledger does not hold)",
                       field="source_id", document=found.file)
    differ = [f"{name} {theirs.get(name)!r}, not {ours.get(name)!r}" for name in ("published_on", "publisher", "url",
              "language") if theirs.get(name) != ours.get(name)]
    if differ:
        raise Conflict(f"the ledger already holds this list as source {source_id!r}, with {'; '.join(differ)}; "
                       "nothing was stored (import it as it was registered, or under a source id of its own)",
                       field="source_id", document=found.file)
