Feature: What changed across Russia's veto
  An analyst compares the ledger before and after a veto: what appeared, what changed, and which facts
  made it change. Russia vetoed the renewal of the DPRK Panel of Experts on 28 March 2024; the panel
  stayed active until its mandate ran out on 30 April 2024, and was expired the day after.

  Background:
    Given the ledger holds the seed article

  Scenario: From the day before the vote to the day after the mandate ran out
    When I compare the ledger as of 2024-03-27 with the ledger as of 2024-05-01
    Then the DPRK Panel of Experts went from active to expired
    And the change names Russia's veto of S/2024/255 on 2024-03-28 among its causes
    And the change names the mandate set by resolution 2680 (2023) among its causes
    And the draft S/2024/255 appeared between the two
    And a statement by Matthew Miller of 2024-03-28 appeared between the two
    And a statement by China's foreign ministry of 2024-03-29 appeared between the two
    And nothing of the Mali Panel of Experts changed between the two

  Scenario: Between the vote and the last day of the mandate the panel was still active
    When I compare the ledger as of 2024-03-28 with the ledger as of 2024-04-30
    Then nothing of the DPRK Panel of Experts changed between the two
