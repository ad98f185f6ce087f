Feature: Corrections and retractions, as an auditor reads them
  A correction or a retraction never rewrites a fact: it is a fact of its own, with its reason, its
  source and the moment it was recorded. For any line of a report an auditor can say who changed it,
  when and why, and what the ledger said before. (How fixes change the views is told in
  features/time/fixes.feature; here we ask the ledger to account for them.)

  Background:
    Given the ledger holds the seed article
    And a copy of the ledger
    And I note the time as "before any correction"

  Scenario: A corrected statement says when and why it was corrected, and the ledger still knows what it said before
    When a correction citing the Council's record S/PV.9591 changes the stance of Matthew Miller's statement of 2024-03-28 to "regrets", because "the spokesman's words were misread"
    And I look at the ledger as of 2024-03-28
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement regrets and is about S/2024/255, Russia and North Korea
    And the statement was corrected by these, in the order they were recorded, each at the moment the ledger gave it:
      | stance  | reason                             |
      | regrets | the spokesman's words were misread |
    When I look at the ledger as of 2024-03-28 as known "before any correction"
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement condemns and is about S/2024/255, Russia and North Korea
    And the statement shows no correction
    When I look at the ledger as of 2024-03-28 as known a millionth of a second before the last fix was recorded
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement condemns and is about S/2024/255, Russia and North Korea
    When I audit the ledger
    Then the audit still lists Matthew Miller's statement of 2024-03-28 as first recorded, quoting the article, unflagged
    And the audit lists the last fix after it, citing S/PV.9591, at the moment it was recorded

  Scenario: A statement corrected twice: each moment shows what the ledger knew then, and why
    When a correction citing the Council's record S/PV.9591 changes the stance of Russia's statement of 2024-03-29 to "neutral", because "read as a plain account of the vote"
    And I note the time as "after the first correction"
    And a correction citing the Council's record S/PV.9591 changes the stance of Russia's statement of 2024-03-29 to "justifies", because "the first correction misread it: Russia justified itself"
    And I look at the ledger as of 2024-03-29
    Then the ledger holds a statement by Russia of 2024-03-29
    And the statement justifies and is about S/2024/255 and the DPRK Panel of Experts
    And the statement was corrected by these, in the order they were recorded, each at the moment the ledger gave it:
      | stance    | reason                                                  |
      | neutral   | read as a plain account of the vote                     |
      | justifies | the first correction misread it: Russia justified itself |
    When I look at the ledger as of 2024-03-29 as known "after the first correction"
    Then the ledger holds a statement by Russia of 2024-03-29
    And the statement neutral and is about S/2024/255 and the DPRK Panel of Experts
    And the statement was corrected by these, in the order they were recorded, each at the moment the ledger gave it:
      | stance  | reason                              |
      | neutral | read as a plain account of the vote |
    When I look at the ledger as of 2024-03-29 as known "before any correction"
    Then the ledger holds a statement by Russia of 2024-03-29
    And the statement justifies and is about S/2024/255 and the DPRK Panel of Experts
    And the statement shows no correction

  Scenario: A retracted statement leaves today's view, and the auditor still sees when and why it went
    When a retraction citing the Council's record S/PV.9591 withdraws Matthew Miller's statement of 2024-03-28, because "withdrawn until checked against the State Department's own text"
    And I look at the ledger as of 2024-03-28
    Then there is no statement by Matthew Miller
    When I look at the ledger as of 2024-03-28 as known a millionth of a second before the last fix was recorded
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement condemns and is about S/2024/255, Russia and North Korea
    When I look at the ledger as of 2024-03-28 as known "before any correction"
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    When I audit the ledger
    Then the audit still lists Matthew Miller's statement of 2024-03-28 as first recorded, quoting the article, unflagged
    And the audit lists the last fix after it, citing S/PV.9591, at the moment it was recorded
    And the ledger's log keeps the retraction with the statement it names and its reason
