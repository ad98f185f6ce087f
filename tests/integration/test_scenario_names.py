"""Names as auditors write them, resolved through the ledger's own names and ids (ledger/scenarios/names.py)."""

from __future__ import annotations

import pytest

from ledger import Ledger
from ledger.scenarios.names import event_id, names, split


def test_panels_regimes_drafts_and_actors_by_the_names_people_use(seeded: Ledger) -> None:
    known = names(seeded)
    assert known.panel("the DPRK Panel of Experts") == known.panel("dprk-panel") == "dprk-panel"
    assert known.panel("the Mali Panel of Experts") == known.panel("resolution 2374's panel") == "mali-panel"
    assert known.regime("resolution 1718's regime") == known.regime("the DPRK sanctions regime") == "dprk-regime"
    assert known.regime("the sanctions regime on North Korea") == "dprk-regime"
    assert known.draft("draft S/2024/255") == "S/2024/255"
    assert known.actor("Matthew Miller") == "matthew-miller" and known.actor("Putin") == "putin"
    assert known.actor("China's foreign ministry") == "china-mfa"
    assert known.actor("South Korea's foreign ministry") == "kor-mfa"
    assert [known.actor(n) for n in ("Russia", "the USSR", "the Republic of China", "North Korea")] == [
        "RUS", "SUN", "TWN", "PRK"]
    assert known.things("S/2024/255, the DPRK Panel of Experts and Russia") == ["S/2024/255", "dprk-panel", "RUS"]
    assert split("the United States, France and Japan") == ["the United States", "France", "Japan"]
    assert split("nobody") == []


def test_a_panel_or_regime_by_its_own_name_even_when_it_begins_with_panel_or_regime(seeded: Ledger) -> None:
    """UN panels are called "Panel of Experts ...": the name the ledger holds resolves as it is written."""
    known = names(seeded)
    assert known.panel("Panel of Experts established pursuant to resolution 1874 (2009)") == "dprk-panel"
    assert known.panel("the Panel of Experts established pursuant to resolution 1874 (2009)") == "dprk-panel"
    assert known.panel("the panel of the regime on North Korea") == "dprk-panel"
    assert known.panel("the Panel of Experts on Mali") == "mali-panel"
    assert known.panel("panel of resolution 1874") == "dprk-panel" and known.panel("panel dprk-panel") == "dprk-panel"
    assert known.regime("regime of resolution 1718") == "dprk-regime" and known.regime("regime dprk-regime") == "dprk-regime"
    seeded.append_many([
        {"type": "SourceRegistered", "id": "src.notes", "source_id": "notes", "title": "Notes", "published_on": "2025-01-01"},
        {"type": "SanctionsRegimeEstablished", "id": "regime.sudan", "occurred_on": "2005-03-29",
         "source": {"document": "notes"}, "regime_id": "sudan-regime", "name": "Regime on the Sudan", "target": "SDN",
         "resolution": "1591 (2005)", "measures": ["arms embargo"], "committee": "Committee on the Sudan"},
        {"type": "PanelEstablished", "id": "panel.sudan", "occurred_on": "2005-03-29", "source": {"document": "notes"},
         "panel_id": "sudan-panel", "regime_id": "sudan-regime", "name": "Panel of Experts on the Sudan",
         "resolution": "1591 (2005)", "mandate_ends_on": "2006-03-29"},
    ])
    known = names(seeded)
    assert known.panel("Panel of Experts on the Sudan") == known.panel("the Panel of Experts on Sudan") == "sudan-panel"
    assert known.regime("Regime on the Sudan") == known.regime("the sanctions regime on the Sudan") == "sudan-regime"


def test_facts_by_the_names_a_reader_finds_them_by(seeded: Ledger) -> None:
    assert event_id(seeded, "Matthew Miller's statement of 2024-03-28") == "statement.miller.2024-03-28"
    assert event_id(seeded, "Russia's veto of S/2024/255") == "vote.S/2024/255/veto/RUS"
    assert event_id(seeded, "the vote on S/2024/255") == "vote.S/2024/255"


def test_an_unknown_name_fails_with_the_nearest_names_known(seeded: Ledger) -> None:
    with pytest.raises(AssertionError, match=r"the ledger knows no panel called 'the DPRK Panel of Expert'; "
                                             r"nearest known: 'DPRK Panel of Experts'"):
        names(seeded).panel("the DPRK Panel of Expert")
    with pytest.raises(AssertionError, match="no actor or state called 'Vladimir Putn'.*'Vladimir Putin'"):
        names(seeded).actor("Vladimir Putn")


def test_a_misspelt_state_fails_with_the_state_it_likely_means_as_the_ledger_guesses_it(seeded: Ledger) -> None:
    """`Rusia` is guessed as the command line and a document's refusal guess it (ledger.states.state_meant)."""
    with pytest.raises(AssertionError) as refused:
        names(seeded).actor("Rusia")
    assert str(refused.value).startswith("the ledger knows no actor or state called 'Rusia'; did you mean RUS (Russian "
                                         "Federation)?")
    with pytest.raises(AssertionError, match=r"called 'Rusia'; did you mean RUS \(Russian Federation\)\?"):
        names(seeded).things("Rusia")
    with pytest.raises(AssertionError) as refused:
        names(seeded).actor("Matthew Millr")
    assert "did you mean" not in str(refused.value) and "nearest known: 'Matthew Miller'" in str(refused.value)


def test_a_name_that_fits_two_things_lists_them_and_asks_for_an_id(seeded: Ledger) -> None:
    seeded.append_many([
        {"type": "SourceRegistered", "id": "src.notes", "source_id": "notes", "title": "Notes", "published_on": "2025-01-01"},
        {"type": "PanelEstablished", "id": "panel.dprk-2024", "occurred_on": "2024-06-01", "source": {"document": "notes"},
         "panel_id": "dprk-panel-2024", "regime_id": "dprk-regime", "name": "A new panel", "resolution": "9999 (2024)",
         "mandate_ends_on": "2025-04-30"},
    ])
    known = names(seeded)
    with pytest.raises(AssertionError, match=r"'the DPRK Panel of Experts' is ambiguous: it could be any of "
                                             r"'dprk-panel', 'dprk-panel-2024' \(each a panel\); name it by its id"):
        known.panel("the DPRK Panel of Experts")
    assert known.panel("resolution 1874's panel") == "dprk-panel" and known.panel("dprk-panel-2024") == "dprk-panel-2024"
