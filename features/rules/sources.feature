Feature: Every fact stands on its source
  A source cannot report what had not happened when it was published, and when the ledger holds
  the source's text, the fact must quote it word for word (quote marks and spacing aside). A correction
  of a source is held to the same: it may not leave a fact that cites the source dated after its
  publication, nor quoting words its text no longer holds.

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

  Scenario: A source's publication cannot be moved before a fact that cites it
    When a correction moves the publication of the Council's record S/PV.9408 to 2023-08-01
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.published_on"
    And the refusal names "DraftResolutionVoted 'vote.S/2023/638' of 2023-08-30"
    And the refusal names "a source cannot report what had not yet happened"
    And the ledger is unchanged
    When a correction moves the publication of the Council's record S/PV.9408 to 2023-08-31
    Then the ledger accepts it

  Scenario: Nor before a fact that cites it as its second source
    Given the ledger also holds a wire report of the veto, with its text
    And the ledger holds a statement quoting the article and, as a second source, the wire report
    When a correction moves the publication of the wire report to 2024-03-27
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.published_on"
    And the refusal names "StatementIssued 'kuleba.twice' of 2024-03-28"
    And the ledger is unchanged

  Scenario Outline: Nor before a day a citing fact's uncertain date allows
    Given the UN note "june-note" of 2024-06-12 is registered as a source
    And the ledger holds a meeting of Putin and Kim dated <date>, citing the UN note "june-note"
    When a correction moves the publication of the UN note "june-note" to <too early>
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.published_on"
    And the refusal names "MeetingHeld 'meeting.june' of <date>"
    And the ledger is unchanged
    When a correction moves the publication of the UN note "june-note" to <in time>
    Then the ledger accepts it

    Examples:
      | date                  | too early  | in time    |
      | 2024-06-10            | 2024-06-09 | 2024-06-10 |
      | 2024-06-10?           | 2024-06-10 | 2024-06-11 |
      | 2024-06-09/2024-06-11 | 2024-06-10 | 2024-06-11 |
      | ../2024-06-10         | 2024-06-09 | 2024-06-10 |
      | 2024-06               | 2024-05-31 | 2024-06-01 |

  Scenario: A source's text cannot be corrected so that a quote held is no longer in it
    When a correction gives the article the text "Russia on Thursday vetoed a draft resolution."
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.text"
    And the refusal names "is not in the text of source 'article-2024-03-29'"
    And the ledger is unchanged
    When a correction adds to the article's text the line "(Corrected on 2024-04-02.)"
    Then the ledger accepts it

  Scenario: A text given to a source held without one must bear out the facts that cite it
    When a correction gives the Council's record S/PV.9408 the text "The draft resolution was not adopted."
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.text"
    And the refusal names "DraftResolutionVoted 'vote.S/2023/638' of 2023-08-30"
    And the refusal names "so the fact must quote it"
    And the ledger is unchanged
