"""The sources a fact cites, as the steps read them: its `source` first, then its second sources."""

from __future__ import annotations

from typing import Any

from ledger.domain.facts import apply_fixes
from ledger.scenarios.scene import Scene


def citations(scene: Scene, event_id: str) -> list[dict[str, Any]]:
    """Every source a fact cites (`source`, then `also_cited`), as its fixes leave it in the view looked at."""
    known_at = scene.view.known_at if scene.view is not None else None
    current = [f for f in apply_fixes(scene.ledger.facts(known_at=known_at)) if f.event_id == event_id]
    if not current:
        raise AssertionError(f"the ledger holds no fact {event_id!r}")
    document = current[0].document
    return [dict(document["source"]), *(dict(c) for c in document.get("also_cited", ()))]
