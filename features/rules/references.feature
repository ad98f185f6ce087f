Feature: A fact names only what the ledger holds, as of the fact's own day
  Speakers must be states or registered actors, sources must be registered, and a regime, panel,
  draft or event must be on the ledger before a fact can name it. A panel cannot publish before
  it exists, and a draft cannot be spoken of before it was put to the vote.

  Background:
    Given the ledger holds the seed article
    And the UN note "un-notes" of 2025-01-01 is registered as a source

  Scenario Outline: A fact naming something the ledger does not hold is refused
    When someone appends <fact> "<unknown>"
    Then the ledger refuses it as an unknown reference
    And the refusal names the field "<field>"
    And the refusal names "<unknown>"
    And the ledger is unchanged

    Examples:
      | fact                                            | unknown         | field           |
      | a statement by the unregistered speaker         | ghost-envoy     | speakers        |
      | a statement citing the unregistered source      | no-such-article | source.document |
      | a reinforcement of the unknown sanctions regime | atlantis-regime | regime_id       |
      | an inquiry opened by the unknown panel          | atlantis-panel  | panel_id        |
      | a statement about the draft never voted on      | S/2099/1        | about           |
      | a correction of the unknown event               | no-such-event   | corrects        |
      | a retraction of the unknown event               | no-such-event   | retracts        |

  Scenario Outline: A panel cannot publish a report before it was established on 2009-06-12
    When someone appends a report of the DPRK Panel of Experts dated <date>
    Then the ledger refuses it as an unknown reference
    And the refusal names the field "author"
    And the refusal names "dprk-panel"
    And the ledger is unchanged

    Examples: A year or a month counts from its first day
      | date       |
      | 2008       |
      | 2009       |
      | 2009-06    |
      | 2009-06-11 |

  Scenario: Once established, the panel may publish
    When someone appends a report of the DPRK Panel of Experts dated 2010
    Then the ledger accepts it
    And the timeline has one more fact

  Scenario: A draft cannot be spoken of the day before its vote
    When someone appends a statement about S/2024/255 dated 2024-03-27
    Then the ledger refuses it as an unknown reference
    And the refusal names the field "about"
    And the refusal names "S/2024/255"
    And the ledger is unchanged

  Scenario: On the day of the vote the draft can be spoken of
    When someone appends a statement about S/2024/255 dated 2024-03-28
    Then the ledger accepts it
    And the timeline has one more fact
