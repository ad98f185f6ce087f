"""The history sentences of an audit scenario, against a ledger holding a correction with a long reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger import Ledger
from ledger.scenarios.history import corrected_because
from ledger.scenarios.scene import Scene
from tests.integration.test_known_at import RECORD

REASON = "the article gives no date for the words; it reports them as a reaction to the veto"


def test_a_correction_is_found_by_its_reason_or_by_words_of_it_and_not_by_other_words(seeded: Ledger, tmp_path: Path) -> None:
    seeded.append_many([RECORD, {"type": "FactCorrected", "id": "fix.stance", "corrects": "statement.miller.2024-03-28",
                                 "changes": {"stance": "regrets"}, "reason": REASON, "source": {"document": "S/PV.9999"}}])
    scene = Scene(audited=seeded, workdir=tmp_path)
    statement = "Matthew Miller's statement of 2024-03-28"
    corrected_because(scene, statement, REASON)
    corrected_because(scene, statement, "a  reaction to\nthe veto")  # words of it, spaced as a step may wrap them
    with pytest.raises(AssertionError, match=r"expected a fix of .* because 'a typo'; the ledger holds FactCorrected fix\.stance"):
        corrected_because(scene, statement, "a typo")
