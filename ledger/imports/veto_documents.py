"""The veto list as event documents: the list registered as a source with its text, each meeting record
registered without text, and one vote a vetoed draft, citing its meeting record and, beside it, its row of the
list word for word.

The list names who vetoed, not the tally: a vote gives `vetoed_by` and leaves `in_favour`, `against` and
`abstaining` out, so the ledger says they are unknown (not zero), derives the vetoes from the names, and its
audit lists the rules it could not check. Ids are stable: the same list gives the same documents, so importing
it twice stores nothing new.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.imports.veto_list import VetoedDraft, VetoList

UN = "United Nations Security Council"
DATA_LAB = "https://github.com/world-politics-datalab/vetoes-un-security-council"


def list_source_id(veto_list: VetoList) -> str:
    """The list's source id, named for the last day it covers, so an updated list is another source."""
    return f"veto-list-{veto_list.last_day.isoformat()}"


def veto_documents(veto_list: VetoList, *, source_id: str | None = None, published_on: date | None = None,
                   file_name: str = "the veto list") -> list[dict[str, Any]]:
    """Every document the list gives, in the order a ledger takes them: sources first, then the votes."""
    source_id = source_id or list_source_id(veto_list)
    published = published_on or veto_list.last_day
    documents: list[dict[str, Any]] = [{
        "type": "SourceRegistered", "id": f"src.{source_id}", "source_id": source_id,
        "title": f"Vetoes cast in the Security Council, 1946 to {veto_list.last_day.isoformat()}: the Dag "
                 f"Hammarskjöld Library's list as compiled by the World Politics Data Lab ({file_name}, MIT licence)",
        "published_on": published.isoformat(), "publisher": "World Politics Data Lab", "url": DATA_LAB,
        "language": "en", "text": veto_list.text,
    }]
    registered: set[str] = set()
    for draft in veto_list.drafts:
        for record in (draft.record, *draft.other_records):
            if record not in registered:
                registered.add(record)
                documents.append(_record(record, draft.on))
    documents += [_vote(draft, source_id) for draft in veto_list.drafts]
    return documents


def _record(symbol: str, on: date) -> dict[str, Any]:
    """A meeting record (or a letter giving a written vote's outcome), registered by symbol without its text;
    published, for the ledger's rule, on the day of the first vote it records."""
    if symbol.startswith("S/PV."):
        number = symbol.removeprefix("S/PV.")
        title = f"Security Council, {_ordinal(int(number))} meeting: verbatim record"
    else:
        title = f"Security Council document {symbol}: the outcome of a vote taken by written procedure"
    return {"type": "SourceRegistered", "id": f"src.{symbol}", "source_id": symbol, "title": title,
            "published_on": on.isoformat(), "publisher": UN, "url": f"https://undocs.org/{symbol}", "language": "en"}


def _vote(draft: VetoedDraft, list_id: str) -> dict[str, Any]:
    on_draft = "the draft without a symbol" if draft.draft_id.startswith("pv-") else f"draft {draft.draft_cell.strip()}"
    also: list[dict[str, Any]] = [
        {"document": list_id, "quote": draft.row_text, "locator": f"line {draft.line}"},
        *({"document": other, "locator": f"{on_draft}"} for other in draft.other_records if other != draft.record),
    ]
    return {
        "type": "DraftResolutionVoted", "id": f"vote.{draft.draft_id}", "occurred_on": draft.on.isoformat(),
        "source": {"document": draft.record, "locator": f"the vote on {on_draft}".replace("\n", " ")},
        "also_cited": also, "draft_id": draft.draft_id, "agenda_item": draft.agenda_item,
        "vetoed_by": list(draft.members),
    }


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
