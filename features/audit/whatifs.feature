Feature: What-ifs, tried on a copy of the ledger
  An auditor asks what the ledger would do with a fact it does not hold: would it take it, and what
  would it then say, or would it refuse it, and why? The question is put to a scratch copy of the
  ledger; the ledger under audit never changes.

  Background:
    Given the ledger holds the seed article
    And a copy of the ledger

  Scenario: A statement the rules take shows in the views of its day, and the chain still verifies
    When someone appends this document:
      """
      {"type": "StatementIssued", "id": "statement.fra.2024-03-28", "occurred_on": "2024-03-28",
       "source": {"document": "S/PV.9591", "locator": "p. 4"}, "speakers": ["FRA"], "stance": "regrets",
       "about": ["S/2024/255"]}
      """
    Then the ledger accepts it
    And the timeline has one more fact
    And the ledger's hash chain verifies
    When I look at the ledger as of 2024-03-28
    Then the ledger holds a statement by France of 2024-03-28
    And the statement regrets and is about draft S/2024/255

  Scenario: A document that gives a field twice is refused, as a documents file would be
    When someone appends this document:
      """
      {"type": "StatementIssued", "id": "statement.fra.twice", "occurred_on": "2024-03-28",
       "source": {"document": "S/PV.9591"}, "speakers": ["FRA"], "stance": "regrets", "stance": "condemns"}
      """
    Then the ledger refuses it as an invalid document
    And the refusal names "gives 'stance' twice"
    And the ledger is unchanged

  Scenario: A batch that would extend the lapsed panel is refused whole
    When someone appends these documents in one batch:
      """
      [{"type": "SourceRegistered", "id": "src.late-note", "source_id": "late-note", "title": "A late note",
        "published_on": "2024-05-15"},
       {"type": "PanelMandateExtended", "id": "extension.late", "occurred_on": "2024-05-15",
        "source": {"document": "late-note"}, "panel_id": "dprk-panel", "resolution": "9999 (2024)",
        "mandate_ends_on": "2025-04-30"}]
      """
    Then the ledger refuses it as a broken rule
    And the refusal names document 1 of the batch
    And the refusal names the field "occurred_on"
    And the refusal names "new panel"
    And the ledger is unchanged

  Scenario: A correction shows from the moment it is recorded, and the history keeps what was said before
    When I note the time as "before the correction"
    And a correction citing the Council's record S/PV.9591 changes the stance of Matthew Miller's statement of 2024-03-28 to "regrets", because "a rehearsal of the corrections desk"
    Then Matthew Miller's statement of 2024-03-28 was corrected because "a rehearsal of the corrections desk"
    And Matthew Miller's statement of 2024-03-28 was corrected because "rehearsal"
    And before its last correction, Matthew Miller's statement of 2024-03-28 had the stance "condemns"
    And as of 2024-05-01 Matthew Miller's statement of 2024-03-28 regrets and is about S/2024/255, Russia and North Korea
    When I look at the ledger as of 2024-05-01 as known "before the correction"
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement condemns and is about S/2024/255, Russia and North Korea
    And the statement shows no correction

  Scenario Outline: The panel over the days around its end, as the copy still tells it
    Then as of <day> the DPRK Panel of Experts is <status>
    And the mandate of the DPRK Panel of Experts as of <day> runs to 2024-04-30

    Examples:
      | day        | status  |
      | 2024-04-30 | active  |
      | 2024-05-01 | expired |
