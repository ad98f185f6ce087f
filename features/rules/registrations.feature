Feature: An id names one thing forever
  A source, an actor, a regime or a panel is registered once under its id. Appending the same
  fact again under the same id changes nothing; appending something else under a taken id is a
  conflict. States are named by their ISO codes and are never registered.

  Background:
    Given the ledger holds the seed article
    And the UN note "un-notes" of 2025-01-01 is registered as a source

  Scenario: Loading the seed article a second time changes nothing
    When the seed article is loaded again
    Then every document is recognised as already held, at its first position
    And the ledger is unchanged

  Scenario: The same fact appended twice is stored once
    When someone appends the seed's fact "statement.kuleba.2024-03-28" again, exactly as it was
    Then the ledger says it already held it, at the same position
    And the ledger is unchanged

  Scenario: A fact appended without an id is given one, and its repeat is recognised
    When someone appends a statement by the United States without an id, twice
    Then the ledger gave the statement an id of its own, and the same id the second time
    And the second time it said it already held the statement, at the same position

  Scenario: The same id with other content is a conflict
    When someone appends the seed's fact "statement.kuleba.2024-03-28" again with the stance "warns"
    Then the ledger refuses it as a conflict
    And the refusal names the field "id"
    And the refusal names the document "statement.kuleba.2024-03-28"
    And the ledger is unchanged

  Scenario Outline: Registering a taken id under a new event id is a conflict
    When someone registers <what> "<taken>" again, as the event "<event id>"
    Then the ledger refuses it as a conflict
    And the refusal names the field "<field>"
    And the refusal names "<taken>"
    And the refusal names the document "<event id>"
    And the ledger is unchanged

    Examples:
      | what                 | taken              | event id           | field     |
      | the source           | article-2024-03-29 | src.article-again  | source_id |
      | the actor            | kuleba             | actor.kuleba-again | actor_id  |
      | the sanctions regime | dprk-regime        | regime.dprk-again  | regime_id |
      | the panel            | dprk-panel         | panel.dprk-again   | panel_id  |

  Scenario Outline: A state is named by its code and cannot be registered as an actor
    When someone registers <state> as an actor under the code "<code>"
    Then the ledger refuses it as a broken rule
    And the refusal names the field "actor_id"
    And the refusal names "<code>"
    And the ledger is unchanged

    Examples:
      | state                  | code |
      | the Russian Federation | RUS  |
      | the USSR               | SUN  |
