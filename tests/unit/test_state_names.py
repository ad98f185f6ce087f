"""States named as people name them (`ledger.states.state_named`): what `--speaker`, `--about` and the audit
scenarios read, and what `ledger members` prints."""

from __future__ import annotations

import pytest

from ledger.states import state_meant, state_named


@pytest.mark.parametrize(("name", "code"), [
    ("RUS", "RUS"), ("rus", "RUS"), ("Russia", "RUS"), ("the Russian Federation", "RUS"),
    ("the United States", "USA"), ("North Korea", "PRK"), ("Türkiye", "TUR"),
    # historic states, by the names ISO gives them ("USSR, Union of Soviet Socialist Republics") and their parts
    ("the Union of Soviet Socialist Republics", "SUN"), ("the Soviet Union", "SUN"), ("USSR", "SUN"),
    ("Yugoslavia", "YUG"), ("Czechoslovakia", "CSK"), ("East Germany", "DDR"), ("German Democratic Republic", "DDR"),
    ("Congo", "COG"),  # the name of one state, though "Congo, The Democratic Republic of the" begins with it
])
def test_a_state_is_found_by_its_code_or_its_english_name(name: str, code: str) -> None:
    assert state_named(name) == code


@pytest.mark.parametrize("name", ["Korea", "Matthew Miller", "dprk-panel", "Republic of"])
def test_a_name_two_states_share_or_no_state_has_names_none(name: str) -> None:
    assert state_named(name) is None


def test_a_misspelt_state_is_suggested_with_its_code() -> None:
    assert state_meant("Rusia") == "RUS (Russian Federation)"
    assert state_meant("Yugoslvia") is not None and state_meant("Yugoslvia").startswith("YUG ")  # type: ignore[union-attr]
    assert state_meant("xyzzy") is None
