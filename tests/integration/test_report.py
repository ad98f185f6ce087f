"""`Ledger.report`: the seed's page as a reader relies on it, read with an HTML parser (the browser test,
tests/e2e/test_report_browser.py, clicks it)."""

from __future__ import annotations

import calendar
import json
import re
from datetime import UTC, date, datetime

import pytest

from ledger import Ledger, LedgerError
from tests.conftest import ARTICLE_SEEDS
from tests.pages import elements, find

NOTE = {
    "type": "SourceRegistered",
    "id": "src.note",
    "source_id": "note",
    "title": "A note <b>in bold</b> & more",
    "published_on": "2024-04-02",
}
MARKUP = "<script>alert('x')</script> & <b>not bold</b>"
STATEMENT = {
    "type": "StatementIssued",
    "id": "statement.test.markup",
    "occurred_on": "2024-04-01",
    "source": {"document": "note", "quote": MARKUP, "locator": "line <1>"},
    "speakers": ["USA"],
    "stance": "regrets",
    "about": ["dprk-panel"],
}


def facts_data(html: str) -> dict[str, dict[str, object]]:
    [script] = find(html, "script", id="facts-data")
    data: dict[str, dict[str, object]] = json.loads(script.content)
    return data


def test_the_dprk_panel_bar_ends_with_its_mandate_and_russias_veto_is_marked_on_its_day(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01")
    bars = find(html, "rect", "mandate", data_panel="dprk-panel")
    assert bars and all(
        (b.attrs["data-start"], b.attrs["data-end"], b.attrs["data-status"]) == ("2009-06-12", "2024-04-30", "expired")
        for b in bars
    )
    vetoes = find(html, "g", "mark", data_type="VetoCast", data_event_id="vote.S/2024/255/veto/RUS")
    assert vetoes and {v.attrs["data-date"] for v in vetoes} == {"2024-03-28"}
    # Mali's panel was terminated with its regime before its mandate ran out: its bar ends the day before
    view = seeded.as_of("2024-05-01")
    panel, regime = view.panel("mali-panel"), view.regime("mali-regime")
    assert panel is not None and regime is not None and regime.terminated_on is not None
    assert panel.status == "terminated" and regime.terminated_on <= panel.mandate_ends_on
    last = date.fromordinal(regime.terminated_on.toordinal() - 1).isoformat()
    mali = find(html, "rect", "mandate", data_panel="mali-panel")
    assert mali and {(b.attrs["data-end"], b.attrs["data-status"]) for b in mali} == {(last, "terminated")}
    assert {r.attrs["data-end"] for r in find(html, "rect", "regime", data_regime="mali-regime")} == {last}


def test_a_terminated_regime_says_the_day_it_was_established_and_the_day_it_was_terminated(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01")
    mali = find(html, "rect", "regime", data_regime="mali-regime")
    said = ("Sanctions regime concerning Mali (resolution 2374 (2017)): established 2017-09-05, "
            "terminated 2023-09-01 (last day in force 2023-08-31)")
    assert mali and {(r.content, r.attrs["data-end"], r.attrs["data-terminated"]) for r in mali} == {
        (said, "2023-08-31", "2023-09-01")}
    dprk = find(html, "rect", "regime", data_regime="dprk-regime")
    assert dprk and {r.content.split(": ")[-1] for r in dprk} == {"established 2006-10-14, in force"}
    assert not any("data-terminated" in r.attrs for r in dprk)


def test_a_panel_cut_short_by_its_regimes_termination_says_its_mandates_end_and_the_termination(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01")
    mali = find(html, "rect", "mandate", data_panel="mali-panel")
    said = ("Panel of Experts established pursuant to resolution 2374 (2017) on Mali: mandate 2017-09-05 to "
            "2023-09-30, cut short by its regime's termination on 2023-09-01: last day 2023-08-31 (terminated)")
    assert mali and {(b.content, b.attrs["data-end"], b.attrs["data-mandate-ends"], b.attrs["data-terminated"])
                     for b in mali} == {(said, "2023-08-31", "2023-09-30", "2023-09-01")}
    # A mandate that ran its course says its own end, and nothing of a termination.
    dprk = find(html, "rect", "mandate", data_panel="dprk-panel")
    assert dprk and {b.content for b in dprk} == {
        "Panel of Experts established pursuant to resolution 1874 (2009): mandate 2009-06-12 to 2024-04-30 (expired)"}
    assert not any({"data-mandate-ends", "data-terminated"} & set(b.attrs) for b in dprk)


def test_a_mandate_still_running_on_the_day_shows_what_was_left_of_it(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-04-15")
    [bar, *_] = find(html, "rect", "mandate", data_panel="dprk-panel")
    assert (bar.attrs["data-end"], bar.attrs["data-status"]) == ("2024-04-30", "active")
    assert find(html, "rect", "mandate-ahead", data_panel="dprk-panel")
    assert not find(seeded.report(as_of="2024-05-01"), "rect", "mandate-ahead", data_panel="dprk-panel")


def test_every_mark_leads_to_its_fact_with_its_quote_source_and_locator(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01")
    data = facts_data(html)
    rows = {e.attrs["id"]: e for e in elements(html) if e.tag == "tr" and e.attrs.get("id", "").startswith("fact-")}
    marks = find(html, "g", "mark")
    timeline = {row.event_id: row for row in seeded.as_of("2024-05-01").timeline}
    assert {m.attrs["data-event-id"] for m in marks if "data-event-id" in m.attrs} == set(timeline)
    for event_id, row in timeline.items():
        assert (data[event_id]["quote"], data[event_id]["locator"]) == (row.quote, row.locator)
        assert data[event_id]["source"].startswith(f"{row.source}: ")  # type: ignore[union-attr]
        said = " ".join(rows[f"fact-{event_id}"].content.split())
        assert row.quote is None or " ".join(row.quote.split()) in said
    assert data["vote.S/2024/255/veto/RUS"]["on"] == "2024-03-28"
    for event_id, row in timeline.items():  # a second source's words too
        also = row.details.get("also_cited") or []
        assert [(c["quote"], c["locator"]) for c in data[event_id]["also_cited"]] == [  # type: ignore[attr-defined]
            (c.get("quote"), c.get("locator")) for c in also
        ]
    # precision is shown: a date that allows more than one day (a year, a month, or between two days) is a span
    # over the days it allows, worked out here from the date as written
    spans = {
        row.event_id: _days_allowed(str(row.on))
        for row in timeline.values()
        if row.to_dict()["kind"] in ("year", "month", "interval")
    }
    # the seed has such facts: the relief sought since 2019, and reactions dated between the veto and the article
    assert {"regime.dprk.relief-sought", "statement.kuleba.2024-03-28"} <= set(spans)
    for event_id, (start, end) in spans.items():
        marks = find(html, "g", "mark", data_event_id=event_id)
        assert marks and all((m.attrs["data-start"], m.attrs["data-end"]) == (start, end) for m in marks), event_id


def _days_allowed(text: str) -> tuple[str, str]:
    """The first and last day of a year, a month, or an interval of two days."""
    if "/" in text:
        first, last = text.split("/")
        return first, last
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    year, month = int(text[:4]), int(text[5:7])
    return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"


def test_the_page_loads_nothing_from_the_network(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01")
    for element in elements(html):
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster", "data"):
            value = element.attrs.get(name, "")
            assert not re.match(r"\s*(https?:)?//", value, re.IGNORECASE), (element.tag, name, value)
    assert all("src" not in s.attrs for s in find(html, "script"))
    assert not [e for e in find(html, "link") if e.attrs.get("rel") != "icon"]  # no stylesheet, no font
    styles = " ".join(s.content for s in find(html, "style"))
    assert "@import" not in styles and "url(" not in styles


def test_the_page_says_its_moment_and_a_digest_that_verify_accepts(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01")
    [digest] = find(html, "span", data_field="digest")
    assert digest.content == str(seeded.digest())
    assert seeded.verify(digest.content).ok
    [said] = find(html, "span", data_field="digest-moment")
    assert said.content.startswith(f"(log digest now, when the report was made: position {seeded.digest().position} ")
    [as_of] = find(html, "dd", data_field="as-of")
    assert as_of.content.startswith("2024-05-01")
    [known] = find(html, "dd", data_field="known-at")
    assert "everything recorded" in known.content


def test_as_known_at_a_moment_between_two_loads_the_digest_is_the_one_the_log_had_then(ledger: Ledger) -> None:
    ledger.load(*ARTICLE_SEEDS[:1])
    then = ledger.digest()
    moment = datetime.now(UTC)
    ledger.load(*ARTICLE_SEEDS[1:])
    now = ledger.digest()
    assert then.position < now.position
    html = ledger.report(as_of="2024-05-01", known_at=moment)
    [digest] = find(html, "span", data_field="digest")
    assert digest.content == str(then) == str(ledger.digest(known_at=moment))
    [said] = find(html, "span", data_field="digest-moment")
    assert said.content.startswith(f"(log digest as known at {moment.isoformat()}: the hash chain's link at position "
                                   f"{then.position}, the last fact recorded by then")
    assert ledger.verify(digest.content).ok  # the log still extends it
    # The seed's first file has Mali's regime terminated on 2023-08-31, a day its later fix moves: so said then.
    [mali] = {r.content.split(": ")[-1] for r in find(html, "rect", "regime", data_regime="mali-regime")}
    assert mali == "established 2017-09-05, terminated 2023-08-31 (last day in force 2023-08-30)"
    [head] = find(ledger.report(as_of="2024-05-01"), "span", data_field="digest")
    assert head.content == str(now)
    # Before anything was recorded: the empty log's digest, which every log extends.
    [empty] = find(ledger.report(as_of="2024-05-01", known_at="2000-01-01"), "span", data_field="digest")
    assert empty.content == "0:" + "0" * 64 and ledger.verify(empty.content).ok


def test_a_digest_asked_at_a_moment_that_is_no_moment_is_refused_in_the_arguments_name(seeded: Ledger) -> None:
    with pytest.raises(LedgerError) as caught:
        seeded.digest(known_at="yesterday")
    assert getattr(caught.value, "field", None) == "known_at"


def test_known_at_leaves_out_what_was_recorded_later_and_says_when(seeded: Ledger) -> None:
    moment = datetime.now(UTC)
    seeded.append_many([NOTE, STATEMENT])
    before = seeded.report(as_of="2024-05-01", known_at=moment)
    assert "statement.test.markup" not in facts_data(before)
    [known] = find(before, "dd", data_field="known-at")
    assert known.content.startswith(moment.isoformat())
    assert "statement.test.markup" in facts_data(seeded.report(as_of="2024-05-01"))


def test_a_page_of_a_moment_before_anything_was_recorded_says_so(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01", known_at="2000-01-01")
    empty = [td.content for td in find(html, "td", "muted")]
    said = "nothing had been recorded by 2000-01-01T23:59:59.999999+00:00: the first recording is "
    assert len(empty) == 3 and all(e.startswith(said) for e in empty)  # the panels', the regimes' and the drafts' tables
    assert "Nothing had been recorded by 2000-01-01" in html and "No draft had been voted" not in html
    assert not any("established by" in td.content for td in find(seeded.report(as_of="2024-05-01"), "td", "muted"))


def test_quotes_and_titles_are_text_never_markup(seeded: Ledger) -> None:
    seeded.append_many([NOTE, STATEMENT])
    html = seeded.report(as_of="2024-05-01")
    assert "<script>alert" not in html and "<b>" not in html
    data = facts_data(html)["statement.test.markup"]
    assert (data["quote"], data["locator"]) == (MARKUP, "line <1>")
    assert str(data["source"]).startswith("note: A note <b>in bold</b> & more")
    [row] = find(html, "tr", id="fact-statement.test.markup")
    assert MARKUP in row.content


def test_the_vote_matrix_marks_permanent_members_and_the_vetoes(seeded: Ledger) -> None:
    html = seeded.report(as_of="2024-05-01")
    drafts = [th.attrs["data-draft"] for th in find(html, "th") if "data-draft" in th.attrs]
    view = seeded.as_of("2024-05-01")
    assert drafts == [d.draft_id for d in sorted(view.drafts, key=lambda d: (d.voted_on.isoformat(), d.draft_id))]
    members = [e for e in find(html, "tr") if "data-member" in e.attrs]
    permanent = [e.attrs["data-member"] for e in members if "permanent" in e.classes]
    assert set(permanent) == {"CHN", "FRA", "GBR", "RUS", "USA"}
    assert [e.attrs["data-member"] for e in members][: len(permanent)] == permanent  # first
    cells = {}
    for row in members:  # each row's cells, draft by draft
        own = [e for e in elements(row_html(html, row.attrs["data-member"])) if e.tag == "td" and "data-vote" in e.attrs]
        cells.update({(row.attrs["data-member"], d): c for d, c in zip(drafts, own, strict=True)})
    for draft in view.drafts:
        for member, vote in [
            *((m, "for") for m in draft.in_favour_members),
            *((m, "against") for m in draft.against_members),
            *((m, "abstained") for m in draft.abstaining_members),
        ]:
            cell = cells[member, draft.draft_id]
            assert cell.attrs["data-vote"] == vote
            assert (cell.attrs.get("data-veto") == "true") == (member in draft.vetoed_by)
    assert cells["RUS", "S/2024/255"].content == "veto"


def row_html(html: str, member: str) -> str:
    start = html.index(f'<tr data-member="{member}"')
    return html[start : html.index("</tr>", start) + 5]


def test_a_day_that_is_no_day_is_refused_in_the_arguments_name(seeded: Ledger) -> None:
    with pytest.raises(LedgerError) as caught:
        seeded.report(as_of="2024-02-30")
    assert "as_of" in str(caught.value) or getattr(caught.value, "field", None) == "as_of"


def test_the_same_question_gives_the_same_page(seeded: Ledger) -> None:
    assert seeded.report(as_of="2024-05-01") == seeded.report(as_of="2024-05-01")


def test_an_empty_ledger_gives_a_page_that_says_so(ledger: Ledger) -> None:
    html = ledger.report(as_of="2024-05-01")
    assert not [m for m in find(html, "g", "mark") if "data-event-id" in m.attrs]
    assert [td.content for td in find(html, "td", "muted")] == ["the ledger holds no facts yet"] * 3
    assert "The ledger holds no facts yet." in html and "No draft had been voted" not in html
    [digest] = find(html, "span", data_field="digest")
    assert digest.content == str(ledger.digest())  # the empty log's digest, which every later log extends


def test_a_page_of_a_day_before_every_fact_says_which_days_the_facts_cover(seeded: Ledger) -> None:
    html = seeded.report(as_of="1900-01-01")
    said = "nothing had happened by 1900-01-01: the facts held run from "
    empty = [td.content for td in find(html, "td", "muted")]
    assert len(empty) == 3 and all(e.startswith(said) for e in empty)
    assert "Nothing had happened by 1900-01-01" in html


def test_a_fact_two_sources_report_shows_both_with_their_words(seeded: Ledger) -> None:
    second = {**NOTE, "id": "src.note2", "source_id": "note2", "title": "A second note"}
    both = {
        **STATEMENT,
        "id": "statement.test.two",
        "source": {"document": "note", "quote": "first words"},
        "also_cited": [{"document": "note2", "quote": "second words", "locator": "p. 2"}],
    }
    seeded.append_many([NOTE, second, both])
    html = seeded.report(as_of="2024-05-01")
    data = facts_data(html)["statement.test.two"]
    assert data["also_cited"] == [{"source": "note2: A second note, 2024-04-02", "quote": "second words", "locator": "p. 2"}]
    [row] = find(html, "tr", id="fact-statement.test.two")
    assert "also cited: note2: A second note, 2024-04-02, p. 2: \u201csecond words\u201d" in " ".join(row.content.split())
