Feature: Tamper evidence
  Each event the ledger stores is chained to the one before it by a SHA-256 hash of its stored bytes.
  Whoever edits, deletes or moves an event in the database behind the ledger's back leaves a break in
  that chain, and verifying the ledger names the place in the log where the break is. A digest of the
  chain kept elsewhere proves later that the log has only grown since.

  Background:
    Given the ledger holds the seed article

  Scenario: An untouched ledger verifies
    When I verify the ledger
    Then the ledger verifies, having checked every event the database holds, up to the last
    And the verify command succeeds, saying how many events it verified and giving the head of the chain

  Scenario: Verify catches a row edited behind the ledger's back
    Given a copy of the ledger
    And someone with the database password changes Vasily Nebenzia's statement of 2024-03-28 from "justifies" to "condemns", behind the ledger's back
    When I verify the ledger
    Then the verification finds Vasily Nebenzia's statement of 2024-03-28 edited, at its place in the log
    And every event before it checks out
    And the verify command fails, naming that place in the log as edited

  Scenario: Verify catches a statement deleted behind the ledger's back
    Given a copy of the ledger
    And someone with the database password deletes Matthew Miller's statement of 2024-03-28, behind the ledger's back
    When I verify the ledger
    Then the verification finds Matthew Miller's statement of 2024-03-28 deleted, at its place in the log
    And every event before it checks out
    And the verify command fails, naming that place in the log as deleted

  Scenario: Verify catches two statements swapped behind the ledger's back
    Given a copy of the ledger
    And someone with the database password swaps Vasily Nebenzia's statement of 2024-03-28 and Matthew Miller's statement of 2024-03-28, behind the ledger's back
    When I verify the ledger
    Then the verification finds Vasily Nebenzia's statement of 2024-03-28 reordered, at its place in the log
    And it says that what stands there now was recorded at the place of Matthew Miller's statement of 2024-03-28
    And every event before it checks out
    And the verify command fails, naming that place in the log as reordered

  Scenario: A digest kept verifies at once: the log is the one kept, which extends it
    Given a copy of the ledger
    And I keep the ledger's digest
    When I verify the ledger against the digest I kept
    Then the ledger verifies, and its log still extends the digest I kept
    And the verify command, given the digest I kept, succeeds and says the log extends it

  Scenario: A digest kept before a later statement still verifies, until a row is edited
    Given a copy of the ledger
    And I keep the ledger's digest
    When France's statement of 2024-03-28 regretting the veto, citing the Council's record S/PV.9591, is appended
    And I verify the ledger against the digest I kept
    Then the ledger verifies, and its log still extends the digest I kept
    And the ledger's log has grown since the digest I kept
    And the verify command, given the digest I kept, succeeds and says the log extends it
    When someone with the database password changes Vasily Nebenzia's statement of 2024-03-28 from "justifies" to "condemns", behind the ledger's back
    And I verify the ledger against the digest I kept
    Then the verification finds Vasily Nebenzia's statement of 2024-03-28 edited, at its place in the log
    And the verify command, given the digest I kept, fails, naming that place in the log as edited
