Feature: Documents the ledger cannot read
  A fact is appended as a document of a known type with exactly the fields of that type, each of
  the right kind, and real dates. A document that is not is refused with the field to fix, and
  nothing is stored. A batch is stored whole or not at all.

  Background:
    Given the ledger holds the seed article
    And the UN note "un-notes" of 2025-01-01 is registered as a source

  Scenario: A well-formed statement is accepted
    When someone appends a new statement by Dmytro Kuleba
    Then the ledger accepts it
    And the timeline has one more fact

  Scenario Outline: A malformed statement is refused, and nothing is stored
    When someone appends a new statement by Dmytro Kuleba <flaw>
    Then the ledger refuses it as an invalid document
    And the refusal names the field "<field>"
    And the refusal names the document "kuleba.again"
    And the ledger is unchanged

    Examples:
      | flaw                                   | field          |
      | under the unknown type "StatementMade" | type           |
      | without its stance                     | stance         |
      | without its source                     | source         |
      | without its date                       | occurred_on    |
      | with an unexpected field "mood"        | mood           |
      | dated 2024-02-30                       | occurred_on    |
      | dated 2024-13                          | occurred_on    |
      | with the stance "furious"              | stance         |
      | with its speakers written as one text  | speakers       |
      | with a terminal escape in its locator  | source.locator |
      | with a locator of only spaces          | source.locator |

  Scenario: A report whose page count is written as text is refused
    When someone appends a report of the DPRK Panel of Experts with "615" as its number of pages
    Then the ledger refuses it as an invalid document
    And the refusal names the field "pages"
    And the ledger is unchanged

  Scenario: A batch with one bad document stores none of its documents
    When someone appends in one batch a UN note of 2024-06-01, a statement citing it and a statement without its stance
    Then the ledger refuses it as an invalid document
    And the refusal names document 2 of the batch
    And the refusal names the field "stance"
    And the ledger is unchanged
    And the source registered in the batch was not kept

  Scenario: A malformed correction is refused once, naming every field to fix: its own and its changes'
    When someone corrects Dmytro Kuleba's statement of 2024-03-28 without a reason, to the stance "furious" and the mood "cross"
    Then the ledger refuses it as an invalid document
    And the refusal names the field "changes.mood"
    And the refusal names "field 'changes.stance': must be one of"
    And the refusal names "field 'reason': must not be empty"
    And the ledger is unchanged
