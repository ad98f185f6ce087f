Feature: The ledger records what has happened
  Nothing may be dated after the day the ledger records it: not a fact, not the publication of a source.
  A year typed 2052 for 2025 is refused at once, rather than waiting in the ledger for a day that will not
  come; and a source said to be published a century from now cannot be made to vouch for any date. A
  mandate's last day may well lie ahead: that is a date the Council set, not one on which something
  happened.

  Background:
    Given the ledger holds the seed article

  Scenario: A statement dated in the future is refused
    When someone appends a new statement by Dmytro Kuleba dated 2052-03-28
    Then the ledger refuses it as a broken rule
    And the refusal names the field "occurred_on"
    And the refusal names "after the day it is recorded"
    And the ledger is unchanged

  Scenario: So is a year still to come
    When someone appends a new statement by Dmytro Kuleba dated 2099
    Then the ledger refuses it as a broken rule
    And the refusal names the field "occurred_on"
    And the refusal names "2099 is after the day it is recorded"
    And the ledger is unchanged

  Scenario: A source cannot be registered before it is published
    When someone registers the UN note "S/2099/1" as published on 2099-01-01
    Then the ledger refuses it as a broken rule
    And the refusal names the field "published_on"
    And the refusal names "after the day it is recorded"
    And the ledger is unchanged

  Scenario: Nor can a correction move a publication into the future
    When a correction moves the publication of the Council's record S/PV.9408 to 2099-01-01
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.published_on"
    And the refusal names "after the day it is recorded"
    And the ledger is unchanged

  Scenario: Nor a fact's date
    When a correction dates Dmytro Kuleba's statement of 2024-03-28 to 2052-03-28
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.occurred_on"
    And the refusal names "after the day it is recorded"
    And the ledger is unchanged
