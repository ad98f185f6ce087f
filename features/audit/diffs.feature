Feature: What the ledger learned between two moments, tried on a copy of the ledger
  Compared as known before a fix and as known after it, a day of the ledger shows what the fix changed,
  and names the fix, with its source, as the cause.

  Background:
    Given the ledger holds the seed article
    And a copy of the ledger
    And I note the time as "before the fix"

  Scenario: A corrected stance is a change caused by the correction
    When a correction citing the Council's record S/PV.9591 changes the stance of Matthew Miller's statement of 2024-03-28 to "regrets", because "misread"
    And I compare the ledger as of 2024-05-01 as known "before the fix" with what it knows now
    Then the stance of Matthew Miller's statement of 2024-03-28 went from condemns to regrets, because of the correction

  Scenario: A retracted statement disappears, and the retraction is named
    When a retraction citing the Council's record S/PV.9591 withdraws Vasily Nebenzia's statement of 2024-03-28, because "not checked"
    And I compare the ledger as of 2024-05-01 as known "before the fix" with what it knows now
    Then Vasily Nebenzia's statement of 2024-03-28 disappeared, because of the retraction
    And nothing of the DPRK Panel of Experts changed between the two
