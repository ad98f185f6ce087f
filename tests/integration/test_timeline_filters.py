"""`Ledger.timeline` for analysts: facts of some types, said by someone, about something, saying some words;
and actors by name and state. On the seed, every statement about the DPRK panel is found by asking about the panel, China's
too, though it was filed under the regime."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ledger import InvalidArgument, Ledger
from ledger.service.imports import import_vetoes
from tests.conftest import SEEDS

VETO_LIST = SEEDS / "unsc_vetoes_1946_sept2022.csv"

# Every statement of the seed concerns the veto of S/2024/255 or the regime: twelve, less the view of the United
# States, South Korea and Ukraine read as one joint statement, retracted for the view of each (three).
STATEMENTS_ON_THE_VETO = 14


def ids(rows: list[object]) -> list[str]:
    return [row.event_id for row in rows]  # type: ignore[attr-defined]


def test_about_a_panel_takes_in_the_drafts_on_it_and_what_was_said_about_its_regime(seeded: Ledger) -> None:
    statements = seeded.timeline(types="StatementIssued", about="dprk-panel")
    assert len(statements) == STATEMENTS_ON_THE_VETO
    assert "statement.china-mfa.2024-03-29" in ids(statements)  # about the regime only
    rows = ids(seeded.timeline("2024", about="dprk-panel"))
    assert {"vote.S/2024/255", "vote.S/2024/255/veto/RUS", "vote.S/2024/255.postponed",
            "proposal.rus.reassess-dprk-regime", "report.dprk-panel.S/2024/215"} <= set(rows)
    # What changed the regime is not about the panel: only what was said or asked about it.
    assert not any(r.startswith("regime.dprk.reinforced") for r in ids(seeded.timeline(about="dprk-panel")))


def test_about_another_panel_or_a_draft_keeps_to_it(seeded: Ledger) -> None:
    mali = ids(seeded.timeline(types=["StatementIssued"], about="mali-panel"))
    assert mali == ["statement.joint-usa-fra-jpn-kor-gbr.2024-03-28"]
    on_the_draft = ids(seeded.timeline(types=["StatementIssued"], about="S/2024/255"))
    assert len(on_the_draft) == STATEMENTS_ON_THE_VETO - 1 and "statement.china-mfa.2024-03-29" not in on_the_draft


def test_a_speaker_is_found_by_id_by_name_or_by_state(seeded: Ledger) -> None:
    assert ids(seeded.timeline(speaker="matthew-miller")) == ["statement.miller.2024-03-28"]
    assert ids(seeded.timeline(speaker="Matthew Miller")) == ["statement.miller.2024-03-28"]
    by_usa = ids(seeded.timeline(types="StatementIssued", speaker="USA"))
    assert set(by_usa) == {"statement.usa.collusion.2024-03-28", "statement.usa.evasion-view",
                           "statement.miller.2024-03-28", "statement.joint-usa-fra-jpn-kor-gbr.2024-03-28"}
    assert by_usa[0] == "statement.miller.2024-03-28"  # the one of the vote's own day; the others are of 28 or 29 March
    assert "proposal.rus.reassess-dprk-regime" in ids(seeded.timeline(speaker="RUS"))


def test_a_state_is_found_by_its_english_name_as_by_its_code(seeded: Ledger) -> None:
    assert seeded.timeline(speaker="Russia") == seeded.timeline(speaker="RUS") != []
    assert seeded.timeline(speaker="the United States") == seeded.timeline(speaker="USA") != []
    assert seeded.timeline(about="North Korea") == seeded.timeline(about="PRK") != []
    with pytest.raises(InvalidArgument) as refused:  # a misspelt state is refused with the state it most likely means
        seeded.timeline(speaker="Rusia")
    assert refused.value.field == "speaker" and "(did you mean RUS (Russian Federation)?)" in refused.value.reason


def test_a_states_vetoes_are_found_by_it_as_speaker_or_subject(seeded: Ledger) -> None:
    # Who vetoed what is the analyst's first question: the member casts the veto, as a speaker says a statement.
    russias = ["vote.S/2023/638/veto/RUS", "vote.S/2024/255/veto/RUS"]  # on the Mali panel, then the DPRK's
    assert ids(seeded.timeline(types="VetoCast", speaker="RUS")) == russias
    assert ids(seeded.timeline(types="VetoCast", speaker="Russia")) == russias
    assert seeded.timeline(types="VetoCast", speaker="USA") == []
    # A vote names the member among its sides; its veto names it as the member: asked about the state, both.
    march = ids(seeded.timeline("2024-03", "2024-03", about="RUS"))
    assert {"vote.S/2024/255", "vote.S/2024/255/veto/RUS"} <= set(march)


def test_a_speaker_the_ledger_does_not_know_is_refused_not_answered_with_nothing(seeded: Ledger) -> None:
    with pytest.raises(InvalidArgument) as refused:
        seeded.timeline(speaker="Barbra Woodward")
    assert refused.value.field == "speaker" and "'Barbra Woodward'" in str(refused.value)
    # Known, but silent in the days asked: an empty answer, not an error.
    assert seeded.timeline("2010", "2011", speaker="Barbara Woodward") == []
    assert seeded.timeline("2010", "2011", speaker="deu") == []  # a state, by its code in any case


def test_a_subject_the_ledger_does_not_hold_is_refused_not_answered_with_nothing(seeded: Ledger) -> None:
    with pytest.raises(InvalidArgument) as refused:
        seeded.timeline(about="dprk-panle")
    assert refused.value.field == "about" and "'dprk-panle'" in str(refused.value)
    # Held, but nothing about it in the days asked: an empty answer, not an error.
    assert seeded.timeline("2000", "2001", about="dprk-panel") == []
    assert seeded.timeline("2000", "2001", about="PRK") == []  # a state, by its code
    assert seeded.timeline(about="prk") == seeded.timeline(about="PRK") != []  # in any case, as a speaker's


def test_types_narrow_the_timeline_and_an_unknown_type_is_refused(seeded: Ledger) -> None:
    assert ids(seeded.timeline(types=["VetoCast"])) == ["vote.S/2023/638/veto/RUS", "vote.S/2024/255/veto/RUS"]
    with pytest.raises(InvalidArgument) as refused:
        seeded.timeline(types=["Veto"])
    assert refused.value.field == "types" and "unknown type 'Veto'; known types: SourceRegistered" in refused.value.reason


def test_actors_are_named_with_their_state_through_their_affiliations(seeded: Ledger) -> None:
    actors = seeded.actors(["matthew-miller", "eu", "RUS", "china-mfa", "unregistered"])
    assert actors.label("matthew-miller") == "Matthew Miller (USA)"  # through the State Department
    assert actors.label("china-mfa") == "Ministry of Foreign Affairs of the People's Republic of China (CHN)"
    assert (actors.label("eu"), actors.label("RUS"), actors.label("unregistered")) == ("European Union", "RUS", "unregistered")
    before = datetime(2000, 1, 1, tzinfo=UTC)
    assert seeded.actors(["matthew-miller"], known_at=before).label("matthew-miller") == "matthew-miller"


def test_text_finds_rows_by_their_line_as_shown_their_quotes_and_their_ids_case_and_accents_aside(seeded: Ledger) -> None:
    # The ambassador's name is as registered only: the quote calls him Junkook Hwang. Found through the line the
    # terminal shows, with its actors by name; an accent or a capital the row does not have changes nothing.
    assert ids(seeded.timeline(text="Hwang Jöon-KOOK")) == ["statement.hwang.2024-03-28"]
    assert ids(seeded.timeline(text="surveillance cameras")) == ["statement.hwang.2024-03-28"]  # in its quote
    assert ids(seeded.timeline(types="VetoCast", text="s/2024/255")) == ["vote.S/2024/255/veto/RUS"]  # an id it names
    assert ids(seeded.timeline(text="statement.miller")) == ["statement.miller.2024-03-28"]  # its own id


def test_several_texts_must_all_be_there(seeded: Ledger) -> None:
    condemning = set(ids(seeded.timeline(text="condemns")))
    ukraine = set(ids(seeded.timeline(text="Ukraine")))
    both = ids(seeded.timeline(text=["condemns", "Ukraine"]))
    assert both and set(both) == condemning & ukraine and condemning - ukraine and ukraine - condemning
    assert seeded.timeline(text=["Matthew Miller", "Barbara Woodward"]) == []
    assert seeded.timeline(text=[]) == seeded.timeline()  # no word: no filter


def test_a_blank_text_is_refused(seeded: Ledger) -> None:
    with pytest.raises(InvalidArgument) as refused:
        seeded.timeline(text=["Russia", " "])
    assert refused.value.field == "text" and "' ' is no word to find" in refused.value.reason


def test_text_finds_the_vetoes_on_syria_in_the_veto_records_quotes(ledger: Ledger) -> None:
    # The list names the topic ("Syria") only in its line, which each vote and each of its vetoes cite.
    import_vetoes(ledger, VETO_LIST)
    vetoes = ledger.timeline("2017", "2017", types="VetoCast", text="Syria")
    assert ids(vetoes)[:2] == ["vote.S/2017/172/veto/CHN", "vote.S/2017/172/veto/RUS"]
    assert {(r.details["draft_id"], r.details["member"]) for r in vetoes} == {
        ("S/2017/172", "CHN"), ("S/2017/172", "RUS"), ("S/2017/315", "RUS"), ("S/2017/884", "RUS"),
        ("S/2017/962", "RUS"), ("S/2017/970", "RUS")}
    assert ids(ledger.timeline("2017", "2017", types="VetoCast", text=["Syria", "CHN"])) == ["vote.S/2017/172/veto/CHN"]


def test_a_veto_is_found_by_its_votes_agenda_item(ledger: Ledger) -> None:
    # A veto row repeats its vote's citations, not its agenda item: corrected on the vote alone, still found.
    import_vetoes(ledger, VETO_LIST)
    ledger.append({"type": "FactCorrected", "id": "fix.vote.S/2017/315.agenda", "corrects": "vote.S/2017/315",
                   "changes": {"agenda_item": "Khan Shaykhun chemical attack"}, "reason": "the meeting's agenda in full",
                   "source": {"document": "S/PV.7922"}})
    assert ids(ledger.timeline(types="VetoCast", text="khan shaykhun")) == ["vote.S/2017/315/veto/RUS"]
