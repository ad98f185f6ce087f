"""The examples of the field reference are accepted by a fresh ledger, as a user would append them."""

from __future__ import annotations

from ledger import Ledger
from ledger.documents.examples import EXAMPLES


def test_every_example_is_accepted_in_order_on_a_fresh_ledger(ledger: Ledger) -> None:
    recordings = [ledger.append(document) for document in EXAMPLES]
    assert [r.event_id for r in recordings] == [d["id"] for d in EXAMPLES]
    assert not any(r.repeated for r in recordings)
    view = ledger.as_of("2024-03-28")
    assert view.draft("S/2024/255").vetoed_by == ["RUS"]
    statements = {s.event_id: s for s in view.statements}
    assert "statement.usa-kor-ukr.evasion.2024-03-28" not in statements  # retracted
    assert statements["statement.nebenzia.2024-03-28"].corrected_by == ["fix.nebenzia.about"]
    assert view.regime("mali-regime").status == "terminated"
