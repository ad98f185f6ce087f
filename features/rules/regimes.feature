Feature: A terminated sanctions regime
  The Mali sanctions ran through 31 August 2023, the end resolution 2649 (2022) gave them, and lapsed
  after it, since Russia vetoed their renewal. From 1 September 2023 on nothing may reinforce the
  regime, seek relief from it, establish or extend its panels, publish their reports or open their
  inquiries; statements, votes and proposals may still speak of it.

  Background:
    Given the ledger holds the seed article
    And the UN note "un-notes" of 2025-01-01 is registered as a source

  Scenario Outline: Nothing may act on the Mali regime once it is terminated
    When someone records <act> on <day>
    Then the ledger refuses it as a broken rule
    And the refusal names the field "<field>"
    And the refusal names "mali-regime"
    And the ledger is unchanged

    Examples:
      | act                                                 | day        | field     |
      | a reinforcement of the Mali sanctions regime        | 2023-09-15 | regime_id |
      | a reinforcement of the Mali sanctions regime        | 2023-09-01 | regime_id |
      | a request for relief from the Mali sanctions regime | 2023-09-15 | regime_id |
      | a new panel for the Mali sanctions regime           | 2023-09-15 | regime_id |
      | an extension of the Mali Panel of Experts           | 2023-09-15 | panel_id  |
      | a report of the Mali Panel of Experts               | 2023-09-15 | author    |
      | an inquiry of the Mali Panel of Experts             | 2023-09-15 | panel_id  |

  Scenario Outline: The terminated Mali regime may still be spoken of
    When someone records <act> on 2023-09-15
    Then the ledger accepts it
    And the timeline has one more fact

    Examples:
      | act                                                       |
      | a statement by France about the Mali sanctions regime     |
      | a vote on a draft concerning the Mali sanctions regime    |
      | a proposal by Russia concerning the Mali sanctions regime |

  Scenario: The day before its termination the Mali regime could still be reinforced
    When someone records a reinforcement of the Mali sanctions regime on 2023-08-30
    Then the ledger accepts it
    And the timeline has one more fact

  Scenario: The DPRK regime cannot be terminated back in 2020, when its panel was renewed after that
    When someone records that the DPRK sanctions regime was terminated on 2020-01-01
    Then the ledger refuses it as a broken rule
    And the ledger is unchanged
