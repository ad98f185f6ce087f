"""The seed article, replayed: what the DPRK Panel of Experts and its regime looked like around the veto."""

from __future__ import annotations

from datetime import date

from ledger import Ledger
from ledger.domain.quotes import quote_is_in
from tests.conftest import ARTICLE_SEEDS, SEEDS

ARTICLE = (SEEDS / "article-2024-03-29-dprk-panel-veto.txt").read_text(encoding="utf-8")
PERMANENT_MEMBERS = {"CHN", "FRA", "GBR", "RUS", "USA"}


def test_the_day_before_the_vote_the_panel_is_active_until_the_end_of_april(seeded: Ledger) -> None:
    panel = seeded.as_of("2024-03-27").panel("dprk-panel")
    assert panel is not None
    assert panel.status == "active"
    assert panel.mandate_ends_on == date(2024, 4, 30)
    assert panel.vetoes == []
    assert seeded.as_of("2024-03-27").draft("S/2024/255") is None


def test_on_the_day_of_the_vote_russia_vetoes_13_1_1_and_the_panel_is_still_active(seeded: Ledger) -> None:
    view = seeded.as_of(date(2024, 3, 28))
    draft = view.draft("S/2024/255")
    assert draft is not None
    assert draft.outcome == "vetoed"
    assert (draft.in_favour, draft.against, draft.abstaining) == (13, 1, 1)
    assert draft.vetoed_by == ["RUS"]
    assert (draft.in_favour_members, draft.against_members, draft.abstaining_members) == (
        ["CHE", "DZA", "ECU", "FRA", "GBR", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "USA"], ["RUS"], ["CHN"])
    assert draft.concerning == "dprk-panel"
    assert view.panel("dprk-panel").status == "active"  # type: ignore[union-attr]


def test_the_panel_lives_through_the_last_day_of_its_mandate(seeded: Ledger) -> None:
    assert seeded.as_of("2024-04-30").panel("dprk-panel").status == "active"  # type: ignore[union-attr]


def test_after_april_the_panel_has_expired_with_russias_veto_while_the_regime_stays_in_force(seeded: Ledger) -> None:
    view = seeded.as_of("2024-05-01")
    panel, regime = view.panel("dprk-panel"), view.regime("dprk-regime")
    assert panel is not None and regime is not None
    assert panel.status == "expired"
    assert [(v.draft_id, v.member, v.on) for v in panel.vetoes] == [("S/2024/255", "RUS", date(2024, 3, 28))]
    assert regime.status == "in_force"
    assert regime.monitored is False
    assert regime.panels == ["dprk-panel"]


def test_the_regime_carries_its_resolutions_and_the_relief_russia_and_china_seek(seeded: Ledger) -> None:
    regime = seeded.as_of("2024-05-01").regime("dprk-regime")
    assert regime is not None
    assert regime.established_on == date(2006, 10, 14)
    assert regime.resolutions == ["1718 (2006)", "1874 (2009)", "2087 (2013)", "2094 (2013)", "2270 (2016)",
                                  "2321 (2016)", "2356 (2017)", "2371 (2017)", "2375 (2017)", "2397 (2017)"]
    assert regime.relief_sought_by == ["RUS", "CHN"]


def test_the_panel_was_renewed_every_year_from_2009_to_2023(seeded: Ledger) -> None:
    for year in range(2010, 2025):
        assert seeded.as_of(f"{year}-03-01").panel("dprk-panel").status == "active", year  # type: ignore[union-attr]
    assert seeded.as_of("2009-06-11").panel("dprk-panel") is None


def test_every_statement_is_quoted_from_the_article(seeded: Ledger) -> None:
    statements = seeded.as_of("2024-05-01").statements
    article_statements = [s for s in statements if s.source == "article-2024-03-29"]
    assert len(article_statements) >= 11
    for statement in article_statements:
        assert statement.quote and quote_is_in(statement.quote, ARTICLE), statement.event_id


def test_the_joint_statement_names_all_five_speakers(seeded: Ledger) -> None:
    statements = seeded.as_of("2024-05-01").statements
    assert any(set(s.speakers) == {"USA", "FRA", "JPN", "KOR", "GBR"} for s in statements)


def test_every_speaker_the_article_quotes_has_a_statement(seeded: Ledger) -> None:
    # Nebenzia, Kuleba, Miller, Hwang, Woodward, the EU, South Korea's and China's foreign ministries, Russia,
    # and the states that spoke together: each statement's speakers, pinned (not searched for in the view's text).
    speakers = {s.event_id: s.speakers for s in seeded.as_of("2024-05-01").statements}
    assert speakers == {
        "statement.china-mfa.2024-03-29": ["china-mfa"],
        "statement.eu.2024-03-28": ["eu"],
        "statement.hwang.2024-03-28": ["hwang-joon-kook"],
        "statement.joint-usa-fra-jpn-kor-gbr.2024-03-28": ["USA", "FRA", "JPN", "KOR", "GBR"],
        "statement.kor-mfa.2024-03-28": ["kor-mfa"],
        "statement.kuleba.2024-03-28": ["kuleba"],
        "statement.miller.2024-03-28": ["matthew-miller"],
        "statement.nebenzia.2024-03-28": ["nebenzia"],
        "statement.rus.2024-03-29": ["RUS"],
        # The view the article gives "the United States and its allies, starting with South Korea and Ukraine":
        # each holds it; the seed first read it as one joint statement of the three (seeds/CORRECTIONS.md).
        "statement.usa.evasion-view": ["USA"],
        "statement.kor.evasion-view": ["KOR"],
        "statement.ukr.evasion-view": ["UKR"],
        "statement.usa.collusion.2024-03-28": ["USA"],
        "statement.woodward.2024-03-28": ["barbara-woodward"],
    }


def test_the_final_report_and_the_inquiry_are_the_panels(seeded: Ledger) -> None:
    panel = seeded.as_of("2024-03-28").panel("dprk-panel")
    assert panel is not None
    assert panel.reports == ["S/2024/215"]
    assert panel.inquiries == [
        "reported exports by North Korea of conventional arms and ammunition in violation of sanctions, especially to Russia"]


def test_the_mali_panel_ended_with_russias_veto_of_august_2023(seeded: Ledger) -> None:
    view = seeded.as_of("2023-12-31")
    draft = view.draft("S/2023/638")
    assert draft is not None and draft.vetoed_by == ["RUS"]
    # Its measures ran through 2023-08-31 (resolution 2649 (2022)), so the regime ended from 2023-09-01, before
    # the panel's mandate (to 2023-09-30) ran out: terminated, not expired.
    assert view.panel("mali-panel").status == "terminated"  # type: ignore[union-attr]
    assert view.regime("mali-regime").terminated_on == date(2023, 9, 1)  # type: ignore[union-attr]
    assert seeded.as_of("2023-08-31").regime("mali-regime").status == "in_force"  # type: ignore[union-attr]


def test_the_audit_flags_nothing_in_the_seed_and_checks_every_quote_of_the_article(seeded: Ledger) -> None:
    found = seeded.audit()
    assert [p.event_id for p in found if p.flagged] == []
    cited = [(p, c) for p in found for c in ((p.source, p.quote, p.checked), *((c.source, c.quote, c.checked)
                                                                            for c in p.also_cited))]
    article = [c for _, c in cited if c[0] == "article-2024-03-29"]
    assert len(article) >= 50 and all(checked and quote and quote_is_in(quote, ARTICLE) for _, quote, checked in article)


def test_loading_the_seed_twice_changes_nothing(ledger: Ledger) -> None:
    ledger.load(SEEDS)  # the whole seed: the article and the veto record since 1946
    before = ledger.as_of("2024-05-01").to_dict()
    recordings = ledger.load(SEEDS)
    assert recordings and all(r.repeated for r in recordings)
    assert ledger.as_of("2024-05-01").to_dict() == before


def test_the_same_question_gets_the_same_answer(seeded: Ledger) -> None:
    assert seeded.as_of("2024-03-28").to_dict() == seeded.as_of("2024-03-28").to_dict()


def test_the_timeline_runs_in_valid_time_order_with_precision_and_source(seeded: Ledger) -> None:
    rows = seeded.as_of("2024-05-01").timeline
    days = [r.on for r in rows]
    assert days == sorted(days)
    assert {r.precision for r in rows} >= {"day", "year"}
    assert all(r.source for r in rows)
    assert any(r.type == "VetoCast" and r.on == date(2024, 3, 28) for r in rows)


def test_the_final_report_shows_its_findings_and_size(seeded: Ledger) -> None:
    report = seeded.as_of("2024-03-28").report("S/2024/215")
    assert report is not None and report.author == "dprk-panel" and report.pages == 615
    assert report.released_on == date(2024, 3, 7)
    assert report.findings and all(quote_is_in(f, ARTICLE) for f in report.findings if "Sanctions" in f)
    assert seeded.as_of("2024-03-06").report("S/2024/215") is None


def test_every_timeline_row_carries_its_facts_own_fields(seeded: Ledger) -> None:
    rows = {r.type: r for r in seeded.as_of("2024-05-01").timeline}
    assert rows["ProposalMade"].details["supported_by"] == ["CHN"]
    assert rows["MeetingHeld"].details == {"participants": ["putin", "kim-jong-un"], "place": "Russia"}
    assert rows["MeetingHeld"].on == date(2023, 9, 13)


def test_load_takes_its_files_as_a_list_too(ledger: Ledger) -> None:
    recordings = ledger.load(list(ARTICLE_SEEDS))
    again = ledger.load(*ARTICLE_SEEDS)  # the same documents, given as arguments: all held already
    assert recordings.new == len(recordings) == len(again) > 0 and again.new == 0


def test_make_run_loads_every_seed_file_in_the_order_its_history_was_written() -> None:
    """`make run` names the seed's files (a shell may sort a glob by the locale, fixes before their facts): every
    file of seeds/ is named, the article's first, then its fixes in their order, the veto record last."""
    makefile = (SEEDS.parent / "Makefile").read_text(encoding="utf-8")
    listed = makefile.split("SEED_FILES = ", 1)[1].split("\nrun:", 1)[0].replace("\\\n", " ").split()
    assert [name.removeprefix("seeds/") for name in listed] == [
        "dprk-panel-veto.jsonl", "dprk-panel-veto_2-fixes.jsonl", "dprk-panel-veto_3-dates.jsonl", "vetoes-1946-2022.jsonl"]
    assert sorted(listed) == sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.jsonl"))
