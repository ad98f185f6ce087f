"""`ledger check` names facts by the dates their sources give: a statement of 1992-08-30?, of a span of days, of
an open start or an approximate month, in a step, in an outline's Examples and in a table's day column, run as
an auditor runs a feature against a ledger (the seed, and statements dated so)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ledger import Ledger

NOTE = "S/PV.9999"  # a later record of the reactions, published once every date below has passed
DATED = [
    {"type": "SourceRegistered", "id": "src.later-record", "source_id": NOTE, "title": "A later record of the reactions",
     "published_on": "2024-05-01"},
    *({"type": "StatementIssued", "id": ident, "occurred_on": on, "source": {"document": NOTE}, "speakers": [who],
       "stance": stance, "about": ["RUS"]}
      for ident, on, who, stance in [("statement.fra.uncertain", "2024-03-28?", "FRA", "regrets"),
                                     ("statement.gbr.span", "2024-03-28/2024-03-29", "GBR", "condemns"),
                                     ("statement.jpn.by", "../2024-03-28", "JPN", "warns"),
                                     ("statement.chn.approximate", "2024-03~", "CHN", "supports"),
                                     ("statement.fra.1992", "1992-08-30?", "FRA", "neutral")]),
    {"type": "MeetingHeld", "id": "meeting.uncertain", "occurred_on": "2024-03-30?", "source": {"document": NOTE},
     "participants": ["FRA", "GBR"], "place": "France"},
]

FEATURE = """Feature: Facts named by the dates their sources give
  Background:
    Given the ledger holds the seed article

  Scenario: Statements named by an uncertain day, a span, an open start and an approximate month
    When I look at the ledger as of 2024-05-01
    Then the ledger holds a statement by France of 2024-03-28?
    And the statement regrets and is about Russia
    And the ledger holds a statement by Dmytro Kuleba of 2024-03-28/2024-03-29
    And the ledger holds a statement by Japan of ../2024-03-28
    And the ledger holds a statement by China of 2024-03~
    And as of 2024-05-01 France's statement of 1992-08-30? neutral and is about Russia
    And France's statement of 2024-03-28? was never corrected
    And the timeline shows a meeting of France and the United Kingdom in France on 2024-03-30?
    And as of 2024-05-01 the ledger holds these statements:
      | speakers           | day                   | stance   | about                              |
      | France             | 2024-03-28?           | regrets  | Russia                             |
      | the United Kingdom | 2024-03-28/2024-03-29 | condemns | Russia                             |
      | Japan              | ../2024-03-28         | warns    | Russia                             |
      | China              | 2024-03~              | supports | Russia                             |
      | France             | 1992-08-30?           | neutral  | Russia                             |
      | Matthew Miller     | 2024-03-28            | condemns | S/2024/255, Russia and North Korea |

  Scenario Outline: A statement named by the date an outline's Examples give
    Then as of 2024-05-01 <speaker>'s statement of <on> <stance> and is about Russia

    Examples:
      | speaker            | on                    | stance   |
      | France             | 2024-03-28?           | regrets  |
      | France             | 1992-08-30?           | neutral  |
      | the United Kingdom | 2024-03-28/2024-03-29 | condemns |

  Scenario: A statement of an uncertain day appears between two days
    When I compare the ledger as of 2024-03-26 with the ledger as of 2024-05-01
    Then a statement by France of 2024-03-28? appeared between the two

  Scenario: A statement named by its uncertain day is corrected, on a copy
    Given a copy of the ledger
    When a correction citing the Council's record S/PV.9999 changes the stance of France's statement of 2024-03-28? to "condemns", because "misread"
    Then France's statement of 2024-03-28? was corrected because "misread"
    And before its last correction, France's statement of 2024-03-28? had the stance "regrets"
"""


def test_facts_are_named_by_any_date_the_ledger_takes_in_steps_examples_and_tables(
        seeded: Ledger, ledger_url: str, tmp_path: Path) -> None:
    seeded.append_many(DATED)
    (tmp_path / "dates.feature").write_text(FEATURE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, "check", "dates.feature"],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[-1] == "6 scenarios: 6 passed, 0 failed", lines
    assert ("passed  dates.feature:24: A statement named by the date an outline's Examples give [speaker France, "
            "on 1992-08-30?, stance neutral]") in lines
