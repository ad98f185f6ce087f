Feature: Every fact stands on its source
  A source cannot report what had not happened when it was published, and when the ledger holds
  the source's text, the fact must quote it word for word (quote marks and spacing aside).

  Background:
    Given the ledger holds the seed article

  Scenario: A fact cannot have happened after its source was published
    When someone appends a statement dated 2024-03-30 citing the article of 2024-03-29
    Then the ledger refuses it as a broken rule
    And the refusal names the field "occurred_on"
    And the refusal names "article-2024-03-29"
    And the ledger is unchanged

  Scenario: A quote must stand in its source's text
    When someone appends a statement quoting the article as "Russia on Friday vetoed a draft resolution"
    Then the ledger refuses it as a broken rule
    And the refusal names the field "source.quote"
    And the refusal names "Russia on Friday vetoed"
    And the ledger is unchanged

  Scenario: A source held with its text must be quoted
    When someone appends a statement citing the article without a quote
    Then the ledger refuses it as a broken rule
    And the refusal names the field "source.quote"
    And the ledger is unchanged

  Scenario: Quote marks, apostrophes and line breaks do not matter
    When someone appends a statement quoting the article in these words:
      """
      "It's like destroying   surveillance cameras
      to prevent being caught red-handed."
      """
    Then the ledger accepts it
    And the timeline has one more fact

  Scenario: A fact two sources report cites both, and the audit shows both
    Given the ledger also holds a wire report of the veto, with its text
    When someone appends a statement quoting the article and, as a second source, the wire report
    Then the ledger accepts it
    And the audit shows the statement's two sources, each quote found in its text

  Scenario: The second source's quote must stand in its text too
    Given the ledger also holds a wire report of the veto, with its text
    When someone appends a statement quoting the article and, as a second source, the wire report as "Russia welcomed the vote"
    Then the ledger refuses it as a broken rule
    And the refusal names the field "also_cited.0.quote"
    And the refusal names "wire-2024-03-29"
    And the ledger is unchanged

  Scenario: A second source must be registered
    When someone appends a statement citing, as a second source, "wire-2024-03-29", which the ledger does not hold
    Then the ledger refuses it as an unknown reference
    And the refusal names the field "also_cited.0.document"
    And the ledger is unchanged
