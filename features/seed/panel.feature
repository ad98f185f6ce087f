Feature: The DPRK Panel of Experts around Russia's veto
  The Panel of Experts that monitored the sanctions on North Korea was renewed every year from 2009.
  Russia vetoed its last renewal on 28 March 2024; the mandate then ran out after 30 April 2024,
  while the sanctions regime itself stayed in force. Its final report came out on 7 March 2024.

  Background:
    Given the ledger holds the seed article

  Scenario Outline: The panel on the days around the veto
    When I look at the ledger as of <day>
    Then the DPRK Panel of Experts is <status>
    And its mandate runs to 2024-04-30
    And its vetoes list <vetoes>
    And the DPRK sanctions regime is in force and <monitored>

    Examples:
      | day        | status  | vetoes                      | monitored     |
      | 2024-03-27 | active  | nothing                     | monitored     |
      | 2024-03-28 | active  | Russia's veto of S/2024/255 | monitored     |
      | 2024-04-30 | active  | Russia's veto of S/2024/255 | monitored     |
      | 2024-05-01 | expired | Russia's veto of S/2024/255 | not monitored |

  Scenario: The day before the vote, no vote had been held
    When I look at the ledger as of 2024-03-27
    Then the vote on S/2024/255 is not yet on record
    And the DPRK Panel of Experts is active

  Scenario: The panel's final report S/2024/215 and its findings
    When I look at the ledger as of 2024-03-07
    Then the DPRK Panel of Experts has released the report S/2024/215
    And the report is dated 2024-03-07 and cites the article, and the UN document S/2024/215 as a second source
    And the ledger holds these findings of the report, each in the words of the article:
      | finding                                                         |
      | North Korea continues to "Breach of Security Council Sanctions" |
      | developing its nuclear program                                  |
      | launching ballistic missiles                                    |
      | violating maritime embargoes and restrictions on oil imports    |
    But as of 2024-03-06 the DPRK Panel of Experts had released no report

  Scenario: The panel's inquiry into arms exports to Russia
    The article says the report distributed in early March told of the inquiry as already started: it was
    opened on or before the report's day, 7 March 2024, and the ledger counts it from that day.
    When I look at the ledger as of 2024-03-07
    Then the DPRK Panel of Experts has opened an inquiry into "conventional arms and ammunition"
    And the inquiry was opened on or before 2024-03-07, the day not known
    And its quote, which includes "Conventional Arms and Ammunition", is found in the article
    And its quote, which includes "especially towards Russia", is found in the article
    But as of 2024-03-06 the DPRK Panel of Experts had opened no inquiry
