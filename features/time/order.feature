Feature: Facts fall in the order they happened, whatever the order they were appended
  The ledger folds facts in the order of the days they happened on. A fact appended late takes its
  place in time, as long as it contradicts nothing already on record. A date given to the month
  or the year counts from its first day, and says how precise it is.

  Scenario: Renewals appended out of order give the same history as renewals appended in order
    Given two empty ledgers, each holding a demo sanctions regime of 2010-01-15 whose panel is mandated until 2017-06-30
    When these renewals of the demo panel are appended to the first ledger in this order:
      | resolution  | adopted on | mandate ends on |
      | 2276 (2016) | 2016-03-24 | 2018-06-30      |
      | 2094 (2013) | 2013-03-07 | 2017-12-31      |
    And the same renewals are appended to the second ledger in the order they were adopted
    Then both ledgers give the same view as of each of these days:
      | day        |
      | 2013-03-06 |
      | 2013-03-07 |
      | 2016-03-23 |
      | 2016-03-24 |
      | 2018-06-30 |
      | 2018-07-01 |
    And in the first ledger as of 2014-01-01 the demo panel is active until 2017-12-31
    And in the first ledger as of 2018-07-01 the demo panel is expired
    And the first ledger's timeline lists the 2094 (2013) renewal before the 2276 (2016) one

  Scenario: A renewal appended late that would contradict a later one is refused
    Given two empty ledgers, each holding a demo sanctions regime of 2010-01-15 whose panel is mandated until 2017-06-30
    And the first ledger holds the renewal 2276 (2016) of 2016-03-24 to 2018-06-30
    When someone appends to the first ledger a renewal 2094 (2013) of 2013-03-07 to 2018-12-31
    Then the ledger refuses it as a broken rule
    And the refusal names "renewal.2276"
    And the ledger is unchanged

  Scenario Outline: A date given to the month or the year counts from its first day, one on or before a day from that day
    Given the ledger holds the seed article
    When I look at the ledger as of <first day>
    Then the timeline shows <fact>, dated <date> to the <precision>
    When I look at the ledger as of <day before>
    Then the timeline does not show <fact>

    Examples:
      | fact                                        | date       | precision | first day  | day before |
      | the postponements of the vote on S/2024/255 | ../2024-03-28 | day    | 2024-03-28 | 2024-03-27 |
      | the inquiry into arms exports to Russia     | ../2024-03-07 | day    | 2024-03-07 | 2024-03-06 |
      | the relief Russia and China seek            | 2019       | year      | 2019-01-01 | 2018-12-31 |
      | the Putin-Kim meeting                       | 2023-09-13 | day       | 2023-09-13 | 2023-09-12 |

  Scenario: The seed's timeline runs in the order things happened
    Given the ledger holds the seed article
    When I look at the ledger as of 2024-05-01
    Then every fact on the timeline comes no earlier than the one before it
    And the timeline begins with the vote on pv-23-1 of 1946-02-16 and ends with China's foreign ministry on 2024-03-29

  Scenario: The same question always gets the same answer
    Given the ledger holds the seed article
    When I look at the ledger as of 2024-04-15 twice, as known at the same moment
    Then both answers are the same
