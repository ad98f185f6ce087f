"""The README's Python examples run as written, in order, on a fresh ledger."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS


def test_the_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGER_URL", raising=False)
    os.symlink(SEEDS, tmp_path / "seeds")
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    from ledger import Ledger

    with Ledger.open() as lg:
        statement = next(s for s in lg.as_of("2024-03-28").statements if s.event_id == "statement.example")
        assert statement.stance == "condemns" and statement.corrected_by == ["fix.1"]
