Feature: The DPRK Panel of Experts, as our story told it
  Our story of 29 March 2024 said that Russia's veto ended the Panel of Experts that monitored the
  sanctions on North Korea: its mandate ran out on 30 April 2024, the sanctions themselves stayed.
  Before we cite the ledger again, we check that it says the same, that every line of it has a
  source, and that nobody has rewritten it since.

  Background:
    Given the ledger holds the seed article

  Scenario Outline: The panel before and after its mandate ran out
    Then as of <day> the DPRK Panel of Experts is <status>

    Examples:
      | day        | status  |
      | 2024-03-27 | active  |
      | 2024-04-30 | active  |
      | 2024-05-01 | expired |

  Scenario: Its last two mandates
    Then on these days the DPRK Panel of Experts was:
      | day        | status  | mandate runs to |
      | 2023-03-22 | active  | 2023-04-30      |
      | 2023-03-23 | active  | 2024-04-30      |
      | 2024-05-01 | expired | 2024-04-30      |

  Scenario: Russia's veto of the renewal
    When I look at the ledger as of 2024-03-28
    Then draft S/2024/255 was vetoed by Russia
    And the vote on it was 13 in favour, 1 against and 1 abstaining
    And China abstained on it
    And it concerned the DPRK Panel of Experts
    And the DPRK Panel of Experts is active
    And its vetoes list Russia's veto of S/2024/255

  Scenario: The sanctions stayed, unmonitored
    When I look at the ledger as of 2024-05-01
    Then resolution 1718's regime is in force and not monitored
    And relief from the DPRK sanctions regime is sought by Russia and China

  Scenario: Who said what, the day of the veto
    Then as of 2024-03-29 the ledger holds these statements:
      | speakers                 | day        | stance    | about                                    |
      | Matthew Miller           | 2024-03-28 | condemns  | S/2024/255, Russia and North Korea       |
      | Vasily Nebenzia          | 2024-03-28 | justifies | S/2024/255 and the DPRK Panel of Experts |
      | China's foreign ministry | 2024-03-29 | condemns  | the DPRK sanctions regime                |

  Scenario: Every line has its source, and nothing was corrected behind our story
    Then the audit flags nothing
    And every fact behind the DPRK Panel of Experts cites its source, each quote found in it
    And Russia's veto of S/2024/255 cites the source article-2024-03-29
    And Matthew Miller's statement of 2024-03-28 was never corrected
    And the ledger's hash chain verifies

  Scenario: What a correction would look like (tried on a copy, never on the ledger itself)
    Given a copy of the ledger
    When a correction citing the Council's record S/PV.9591 changes the stance of Matthew Miller's statement of 2024-03-28 to "regrets", because "a rehearsal of our corrections desk"
    Then Matthew Miller's statement of 2024-03-28 was corrected because "a rehearsal of our corrections desk"
    And before its last correction, Matthew Miller's statement of 2024-03-28 had the stance "condemns"
    And as of 2024-05-01 Matthew Miller's statement of 2024-03-28 regrets and is about S/2024/255, Russia and North Korea
