"""A realistic synthetic history, written straight into the event store (valid by construction).

The seed's mix, scaled: regimes reinforced now and then, each with a panel renewed every year, a yearly
report, a vote on each renewal (the last one vetoed), a dozen statements about each vote, a meeting
and a proposal. Recordings follow the years, many facts to a recording, as a bulk import would.
Written without the per-document checks (they are what `load` measures), through the same streams,
events and index rows as an append.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ledger.documents import fingerprint
from ledger.domain.membership import members_on
from ledger.domain.streams import Stream, open_stream, stream_id
from ledger.storage.eventstore import EventStore

START_YEAR = 2000
P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED = ["DZA", "ECU", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "CHE"]
STANCES = ["condemns", "justifies", "supports", "regrets", "warns", "neutral"]
EVENTS_PER_REGIME_YEAR = 16  # roughly: renewal, report, vote, 12 statements, meeting or proposal


def _council(day: date) -> list[str]:
    """The fifteen members of that day, as a vote names them (those of 2024 after the package's list ends)."""
    members = sorted(members_on(day))
    return members if len(members) == 15 else P5 + ELECTED


def _src() -> dict[str, Any]:
    return {"document": "un"}


def documents(regimes: int, years: int) -> Iterator[list[dict[str, Any]]]:
    """Documents year by year (each year one list), for `regimes` regimes over `years` years."""
    yield [{"type": "SourceRegistered", "id": "src.un", "source_id": "un", "title": "UN documents",
            "published_on": "2025-12-31"}]
    for year in range(START_YEAR, START_YEAR + years):
        batch: list[dict[str, Any]] = []
        for r in range(regimes):
            regime, panel = f"reg{r}", f"reg{r}-panel"
            day = date(year, 1 + r % 12, 1 + r % 28)
            on = day.isoformat()
            if year == START_YEAR:
                batch.append({"type": "SanctionsRegimeEstablished", "id": f"{regime}.est", "occurred_on": on,
                              "source": _src(), "regime_id": regime, "name": f"Regime {r}", "target": "PRK",
                              "resolution": f"{r} ({year})", "measures": ["arms embargo", "asset freeze"]})
                batch.append({"type": "PanelEstablished", "id": f"{panel}.est", "occurred_on": on, "source": _src(),
                              "panel_id": panel, "regime_id": regime, "name": f"Panel {r}", "resolution": f"{r} ({year})",
                              "mandate_ends_on": (day + timedelta(days=395)).isoformat()})
                continue
            last = year == START_YEAR + years - 1
            if year % 3 == 0:
                batch.append({"type": "SanctionsReinforced", "id": f"{regime}.reinforced.{year}", "occurred_on": on,
                              "source": _src(), "regime_id": regime, "resolution": f"{r}-{year}", "measures": [f"measure {year}"]})
            draft = f"S/{year}/{r}"
            vetoed = last
            tally = ({"in_favour": [m for m in _council(day) if m not in ("RUS", "CHN")], "against": ["RUS"], "abstaining": ["CHN"]}
                     if vetoed else {"in_favour": 15, "against": [], "abstaining": 0})
            batch.append({"type": "DraftResolutionVoted", "id": f"{draft}.vote", "occurred_on": on, "source": _src(),
                          "draft_id": draft, "concerning": panel, "penholders": ["USA"], **tally})
            if not vetoed:
                batch.append({"type": "PanelMandateExtended", "id": f"{panel}.ext.{year}", "occurred_on": on,
                              "source": _src(), "panel_id": panel, "resolution": f"{r}-{year}",
                              "mandate_ends_on": (day + timedelta(days=395)).isoformat()})
            batch.append({"type": "ReportReleased", "id": f"{panel}.report.{year}", "occurred_on": on, "source": _src(),
                          "report_id": f"S/{year}/{r}/report", "author": panel, "title": f"Report {year}",
                          "pages": 100 + r % 500, "findings": ["sanctions evaded", "ships transferred oil"]})
            for s in range(12):
                batch.append({"type": "StatementIssued", "id": f"{draft}.statement.{s}", "occurred_on": on,
                              "source": _src(), "speakers": [(P5 + ELECTED)[s]], "stance": STANCES[(r + s) % 6],
                              "about": [draft, panel]})
            batch.append({"type": "MeetingHeld", "id": f"{regime}.meeting.{year}", "occurred_on": on, "source": _src(),
                          "participants": ["RUS", "PRK"], "place": "Moscow"})
        yield batch


def write(store: EventStore, regimes: int, years: int, *, chunk: int = 5000) -> int:
    """Write the history into the store as recordings of about `chunk` documents; return the events written."""
    streams: dict[Any, Stream] = {}
    written, clock = 0, datetime(2026, 1, 1, tzinfo=UTC)
    for year_documents in documents(regimes, years):
        for start in range(0, len(year_documents), chunk):
            clock += timedelta(seconds=1)
            touched: dict[Any, Stream] = {}
            entries = []
            for seq, document in enumerate(year_documents[start : start + chunk], start=1):
                sid = _stream_of(document)
                stream = streams.get(sid)
                if stream is None:
                    stream = open_stream(document, seq, clock)
                    if document["type"] in ("SanctionsRegimeEstablished", "PanelEstablished", "DraftResolutionVoted"):
                        streams[sid] = stream
                else:
                    stream.record(document, seq, clock)
                touched[sid] = stream
                entries.append(_entry(document, sid, stream.version, clock))
                if document["type"] == "DraftResolutionVoted" and document["against"]:
                    veto = {"type": "VetoCast", "id": f"{document['id']}/veto/RUS", "vote": document["id"], "occurred_on": document["occurred_on"],
                            "source": document["source"], "draft_id": document["draft_id"], "member": "RUS",
                            "concerning": document["concerning"]}
                    stream.record(veto, seq, clock)
                    entries.append(_entry(veto, sid, stream.version, clock))
            store.save_batch(list(touched.values()), entries)
            written += len(entries)
    return written


def _stream_of(document: dict[str, Any]) -> Any:
    kind = document["type"]
    if kind == "SourceRegistered":
        return stream_id("source", document["source_id"])
    if kind in ("SanctionsRegimeEstablished", "SanctionsReinforced"):
        return stream_id("regime", document["regime_id"])
    if kind in ("PanelEstablished", "PanelMandateExtended"):
        return stream_id("panel", document["panel_id"])
    if kind == "ReportReleased":
        return stream_id("panel", document["author"])
    if kind == "DraftResolutionVoted":
        return stream_id("draft", document["draft_id"])
    return stream_id("fact", document["id"])


def _entry(document: dict[str, Any], sid: Any, version: int, recorded_at: datetime) -> dict[str, Any]:
    return {"event_id": document["id"], "stream_id": sid, "version": version, "type": document["type"],
            "fingerprint": fingerprint(document), "recorded_at": recorded_at,
            "regime_id": document.get("regime_id") if document["type"] == "PanelEstablished" else None}
