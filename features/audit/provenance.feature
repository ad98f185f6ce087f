Feature: Where every fact came from
  An auditor must show, for every line of a report, the document it came from, the place in that
  document, and the very words that prove it. The audit lists every fact the ledger holds with its
  source, its place in the source and its quote, and compares each quote with the text of its source
  once more, over the log as it is stored today, not as the rules once let it in.

  Background:
    Given the ledger holds the seed article
    And the ledger holds every document of "seeds/"

  Scenario: Every fact of the seed cites its source, and every quote from the article is found in it
    When I audit the ledger
    Then the audit lists every fact the ledger holds, in the order and at the moment they were recorded
    And the ledger holds nothing beyond those documents but the vetoes it counted from their votes
    And every fact but the registrations of sources and actors names the source it came from
    And every fact the seed takes from the article quotes it as the seed does, in words found in the article
    And every fact the seed takes from a UN document whose text the ledger does not hold cites that document, unchecked
    And nothing is flagged
    And the audit shows Vasily Nebenzia's statement of 2024-03-28 citing the article at "para 6" in the words "the committee no longer had any reason to exist"
    And the audit shows Russia's veto of S/2024/255 citing the article at "para 3" in the words "Russia on Thursday vetoed a draft resolution"
    And the audit shows Matthew Miller's statement of 2024-03-28 citing the article at "para 4" in the words "What Russia did today undermines world peace and security"

  Scenario: A statement whose quote is not in its source is flagged, and only it
    Given a copy of the ledger
    When someone appends a statement by France of 2024-03-28, condemning the veto, that quotes the article as saying "France walked out of the chamber."
    Then the ledger refuses it as a broken rule
    And the refusal names the field "source.quote"
    And the ledger is unchanged
    When someone stores that statement anyway, straight into the database, past the ledger's rules
    And I audit the ledger
    Then that statement, and only it, is flagged: its quote is not in the text of the article
    And the audit still shows every other fact of the seed as it did before

  Scenario: The audit command passes the seed
    When I run the audit command
    Then the command succeeds
    And it lists every fact the ledger holds, each with its place in the log
    And it counts the quotes it checked against the article, and flags nothing

  Scenario: The audit command fails on a forged quote, and names it once
    Given a copy of the ledger
    And someone has stored, straight into the database and past the ledger's rules, a statement by France of 2024-03-28, condemning the veto, that quotes the article as saying "France walked out of the chamber."
    When I run the audit command
    Then the command fails with exit code 1
    And it flags one fact only: the forged statement, shown with its quote
