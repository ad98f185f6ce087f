"""Facts appended in any order (as long as what they name is held) give the same views."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from ledger import Ledger
from tests.conftest import SEEDS

LAST_RENEWAL = "2023-03-23"  # the panel's last renewal: what follows is the news the article reports


def seed_documents() -> list[dict[str, Any]]:
    lines = (SEEDS / "dprk-panel-veto.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def newest_first(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first, except that a fact naming a draft waits for the vote on that draft."""
    votes = {d["draft_id"]: d for d in documents if d["type"] == "DraftResolutionVoted"}
    ordered: list[dict[str, Any]] = []
    for document in sorted(documents, key=lambda d: d["occurred_on"], reverse=True):
        if document in ordered:
            continue
        for name in document.get("about", []):
            if name in votes and votes[name] in documents and votes[name] not in ordered:
                ordered.append(votes[name])
        ordered.append(document)
    return ordered


def comparable(view: dict[str, Any]) -> dict[str, Any]:
    """A view without what depends on when and in which order facts were recorded."""

    def rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        cleaned = [{k: v for k, v in row.items() if k not in ("position", "recorded_at")} for row in items]
        return sorted(cleaned, key=lambda r: json.dumps(r, sort_keys=True))

    def entity(item: dict[str, Any]) -> dict[str, Any]:
        return {k: sorted(v, key=str) if isinstance(v, list) and k in ("evidence", "resolutions") else v
                for k, v in item.items()}

    return {
        "panels": [entity(p) for p in view["panels"]],
        "regimes": [entity(r) for r in view["regimes"]],
        "drafts": view["drafts"],
        "statements": rows(view["statements"]),
        "timeline": rows(view["timeline"]),
    }


def probe_days(documents: list[dict[str, Any]]) -> list[date]:
    days = {date.fromisoformat(d["occurred_on"]) for d in documents if len(d.get("occurred_on", "")) == 10}
    return sorted({day + timedelta(days=shift) for day in days for shift in (-1, 0, 1)} | {date(2026, 1, 1)})


def test_the_later_facts_appended_newest_first_give_the_same_views(ledger: Ledger, tmp_path: Any, ledger_url: str) -> None:
    documents = seed_documents()
    history = [d for d in documents if "occurred_on" not in d or d["occurred_on"] <= LAST_RENEWAL]
    later = [d for d in documents if d not in history]
    assert len(later) >= 15  # the article's news: report, postponements, vote, statements, proposal

    in_order = ledger
    in_order.append_many(documents)

    with Ledger.open(f"sqlite:///{tmp_path / 'reversed.db'}") as reversed_:
        reversed_.append_many(history)
        for document in newest_first(later):
            reversed_.append(document)
        assert reversed_.head() == in_order.head()
        for day in probe_days(documents):
            assert comparable(reversed_.as_of(day).to_dict()) == comparable(in_order.as_of(day).to_dict()), day


def test_a_fact_of_2019_appended_after_those_of_2024_is_folded_in_its_place(ledger: Ledger) -> None:
    documents = seed_documents()
    relief = next(d for d in documents if d["type"] == "SanctionsReliefSought")
    ledger.append_many([d for d in documents if d is not relief])
    assert ledger.as_of("2024-05-01").regime("dprk-regime").relief_sought_by == []  # type: ignore[union-attr]
    ledger.append(relief)
    assert ledger.as_of("2018-12-31").regime("dprk-regime").relief_sought_by == []  # type: ignore[union-attr]
    assert set(ledger.as_of("2019-01-01").regime("dprk-regime").relief_sought_by) == {"RUS", "CHN"}  # type: ignore[union-attr]
    timeline = [row.event_id for row in ledger.as_of("2024-05-01").timeline]
    vote = next(d["id"] for d in documents if d["type"] == "DraftResolutionVoted" and d["draft_id"] == "S/2024/255")
    assert timeline.index(relief["id"]) < timeline.index(vote)


def test_a_batch_takes_its_places_in_the_log_in_the_order_of_its_documents(ledger: Ledger) -> None:
    documents = seed_documents()
    recordings = ledger.append_many(documents)
    positions = [r.position for r in recordings]
    assert positions == sorted(positions) and len(set(positions)) == len(documents)  # not stream by stream
    held = [f.event_id for f in ledger.facts()]
    vetoes = {f for f in held if "/veto/" in f}  # recorded by the ledger right after the vote they count
    assert [i for i in held if i not in vetoes] == [d["id"] for d in documents]
    assert all(held[held.index(v) - 1].startswith(v.split("/veto/")[0]) or "/veto/" in held[held.index(v) - 1]
               for v in vetoes)
