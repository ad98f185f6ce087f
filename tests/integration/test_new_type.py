"""Adding an event type touches its catalogue entry, its schema and its rule, and nothing else.

The test adds a type at run time through exactly those three (and the call that takes the catalogue up, as
importing the ledger does for the types it ships), then follows a fact of it through a fresh ledger on a
SQLite file: stored under its topic, read back after reopening, projected with the catalogue's words,
exported with its codes, audited, its rule and references refusing bad ones, and listed by `ledger types`.
Its fields all have meanings already (`ledger.documents.meanings`), and it has no example yet: the field
reference shows it without one.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from eventsourcing.utils import get_topic, resolve_topic

from ledger import Ledger
from ledger.cli import cli
from ledger.documents import SCHEMAS, schemas
from ledger.documents.examples import EXAMPLES
from ledger.documents.fields import Id, Text, id_list, text_list
from ledger.domain.catalogue import CATALOGUE, SANCTION, EventType
from ledger.domain.streams import JOINS, Regime, derive_from_catalogue
from ledger.domain.world import CHECKS, World
from ledger.errors import InvalidDocument, RuleBroken, UnknownReference
from ledger.service.exports import export_rows

NAME = "SanctionsMeasuresAmended"
TOPIC = "ledger.domain.streams:Regime.SanctionsMeasuresAmended"
MEANS = "A resolution changes the measures of a regime in force."


class SanctionsMeasuresAmended(schemas.Fact):
    regime_id = Id(required=True)
    resolution = Text(required=True)
    measures = text_list(required=True)
    supported_by = id_list()
    reason = Text()


def regime_in_force(world: World, d: Mapping[str, Any]) -> None:
    regime = world.regimes.get(d["regime_id"])
    if regime is not None and regime.terminated is not None:
        raise RuleBroken(f"regime {d['regime_id']!r} was terminated on {regime.terminated}: it cannot be amended",
                         field="regime_id")


ENTRY = EventType(NAME, MEANS, lambda d: f"regime {d['regime_id']} amended by {d['resolution']}",
                  "regime", "regime_id", references={"supported_by": ("actor",)}, coding=SANCTION)

RES_2397 = {"type": "SourceRegistered", "id": "src.S/RES/2397", "source_id": "S/RES/2397",
            "title": "Security Council resolution 2397 (2017): Non-proliferation/Democratic People's Republic of Korea",
            "published_on": "2017-12-22", "publisher": "United Nations Security Council", "language": "en"}
AMENDED = {"type": NAME, "id": "regime.dprk.amended.2397", "occurred_on": "2017-12-22",
           "source": {"document": "S/RES/2397", "locator": "para 5"}, "regime_id": "dprk-regime",
           "resolution": "2397 (2017)", "measures": ["a cap of 500,000 barrels a year on refined petroleum"],
           "supported_by": ["USA", "CHN", "RUS"]}


@pytest.fixture
def new_type(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The type, in its entry, its schema and its rule; gone again afterwards."""
    monkeypatch.setitem(CATALOGUE, NAME, ENTRY)
    monkeypatch.setitem(SCHEMAS, NAME, SanctionsMeasuresAmended)
    monkeypatch.setitem(CHECKS, NAME, regime_in_force)
    derive_from_catalogue()
    yield NAME
    monkeypatch.undo()
    derive_from_catalogue()
    assert NAME not in vars(Regime) and NAME not in JOINS


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


def test_a_fact_of_a_new_type_is_stored_projected_exported_and_audited(new_type: str, url: str,
                                                                        tmp_path: Path) -> None:
    with Ledger.open(url) as lg:
        lg.append_many([*EXAMPLES, RES_2397])
        recording = lg.append(AMENDED)
        assert recording.event_id == AMENDED["id"] and not recording.repeated
        position = lg.head()

        # Stored under the topic its class has, in the regime's stream.
        assert get_topic(getattr(Regime, NAME)) == TOPIC and resolve_topic(TOPIC) is getattr(Regime, NAME)
        with sqlite3.connect(tmp_path / "ledger.db") as db:
            assert db.execute("select topic from ledger_events where topic like ?", (f"%{NAME}",)).fetchall() == [(TOPIC,)]

        # Projected: a timeline row in the catalogue's words, from the read models and from the log alike.
        words = "regime dprk-regime amended by 2397 (2017)"
        for view in (lg.as_of("2018-01-01"), lg.replay("2018-01-01")):
            row = next(e for e in view.timeline if e.event_id == AMENDED["id"])
            assert (row.type, row.summary, row.source, row.position) == (NAME, words, "S/RES/2397", position)
        assert [e.summary for e in lg.timeline("2017-12-22", "2017-12-22")] == [words]

        # Exported with the catalogue's codes; audited with its source.
        exported = next(r for r in export_rows(lg.facts()) if r["event_id"] == AMENDED["id"])
        assert (exported["type"], exported["cameo"], exported["plover"]) == (NAME, "163", "SANCTION")
        audited = next(p for p in lg.audit() if p.event_id == AMENDED["id"])
        assert audited.type == NAME and audited.source == "S/RES/2397" and not audited.flagged
        assert lg.verify().broken is None

    # Read back from the file by a ledger opened afresh, projections rebuilt from the log.
    with Ledger.open(url) as again:
        assert again.rebuild() == position
        stored = next(f for f in again.facts() if f.event_id == AMENDED["id"])
        assert stored.document == AMENDED
        assert any(e.event_id == AMENDED["id"] for e in again.as_of("2018-01-01").timeline)


def test_the_new_types_rule_and_references_refuse_bad_facts(new_type: str, url: str) -> None:
    with Ledger.open(url) as lg:
        lg.append_many([*EXAMPLES, RES_2397])
        head = lg.head()
        # Its rule: the Mali regime was terminated on 2023-09-01, the first day without its measures.
        late = {**AMENDED, "id": "regime.mali.amended", "regime_id": "mali-regime", "occurred_on": "2024-01",
                "source": {"document": "article-2024-03-29", "locator": "para 15"}}
        with pytest.raises(RuleBroken, match="terminated on 2023-09-01") as broken:
            lg.append(late)
        assert broken.value.field == "regime_id"
        # Its stream: a regime the ledger does not hold.
        with pytest.raises(UnknownReference, match="no regime 'nowhere'"):
            lg.append({**AMENDED, "id": "regime.nowhere.amended", "regime_id": "nowhere"})
        # Its references, as its entry names them.
        with pytest.raises(UnknownReference, match="'nobody'") as unknown:
            lg.append({**AMENDED, "supported_by": ["nobody"]})
        assert unknown.value.field == "supported_by"
        assert lg.head() == head


def test_ledger_types_lists_the_new_type_without_an_example(new_type: str, url: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", url, "types"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    at = lines.index(f"{NAME} (a fact; also type, id, occurred_on, source, also_cited)")
    rest = lines[at + 1:]
    block = rest[:rest.index("")] if "" in rest else rest
    assert block[0] == f"  {MEANS}"
    assert any(line.split()[:2] == ["supported_by", "optional"] for line in block)
    assert "  example:" not in block
    one = runner.invoke(cli, ["--db", url, "types", NAME, "--json-schema"])
    assert one.exit_code == 0, one.output
    schema = json.loads(one.output)
    assert schema["title"] == NAME and schema["description"] == MEANS and "examples" not in schema
    assert schema["properties"]["measures"]["description"] == "the measures it imposes"
    markdown = runner.invoke(cli, ["--db", url, "types", "--markdown"])
    assert f"### {NAME}\n\n{MEANS} A fact:" in markdown.output


def test_without_the_new_type_the_ledger_knows_nothing_of_it(url: str) -> None:
    """Taken away again, it is refused as any unknown type is (the fixture's undoing holds)."""
    assert NAME not in CATALOGUE and NAME not in SCHEMAS and not hasattr(Regime, NAME)
    with Ledger.open(url) as lg:
        lg.append_many([*EXAMPLES, RES_2397])
        with pytest.raises(InvalidDocument, match=f"unknown type '{NAME}'"):
            lg.append(AMENDED)


def test_a_type_taken_away_and_added_again_keeps_its_class(monkeypatch: pytest.MonkeyPatch) -> None:
    """eventsourcing caches a class by its topic: the same type must come back as the same class."""
    monkeypatch.setitem(CATALOGUE, NAME, ENTRY)
    derive_from_catalogue()
    first = getattr(Regime, NAME)
    assert get_topic(first) == TOPIC and JOINS[NAME] is Regime
    monkeypatch.delitem(CATALOGUE, NAME)
    derive_from_catalogue()
    assert not hasattr(Regime, NAME) and resolve_topic(TOPIC) is first  # a stored fact of it still reads
    monkeypatch.setitem(CATALOGUE, NAME, ENTRY)
    derive_from_catalogue()
    assert getattr(Regime, NAME) is first and get_topic(first) == TOPIC
    # A type opens its stream or joins it for good: its topic already names the one class.
    monkeypatch.setitem(CATALOGUE, NAME, dataclasses.replace(ENTRY, opens=True))
    with pytest.raises(TypeError, match="opens or joins a stream does so forever"):
        derive_from_catalogue()
    monkeypatch.undo()
    derive_from_catalogue()
    assert not hasattr(Regime, NAME) and NAME not in JOINS
