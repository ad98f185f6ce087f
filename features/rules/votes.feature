Feature: Votes in the Security Council
  A vote counts whole numbers of members, no more than sit on the Council (fifteen, eleven before
  1966), each member on one side only. A permanent member's vote against is a veto only when the
  draft had the votes it needed; which states held the permanent seats depends on the day. The
  ledger records vetoes itself, from the vote.

  Background:
    Given the ledger holds the seed article
    And the UN note "council-records" of 2025-01-01 is registered as a source

  Scenario Outline: An impossible tally is refused
    When someone records a vote on <draft> of <day> with <in favour> in favour, <against> against and <abstaining> abstaining
    Then the ledger refuses it as <kind>
    And the refusal names the field "<field>"
    And the ledger is unchanged

    Examples:
      | draft      | day        | in favour     | against | abstaining | kind                | field      |
      | S/2024/900 | 2024-06-03 | 13            | -1      | 1          | an invalid document | against    |
      | S/2024/901 | 2024-06-03 | true          | 1       | 1          | an invalid document | in_favour  |
      | S/2024/902 | 2024-06-03 | 2.5           | 0       | 0          | an invalid document | in_favour  |
      | S/2024/903 | 2024-06-03 | 14            | nobody  | 2          | a broken rule       | in_favour  |
      | S/1960/900 | 1960-05-02 | 10            | nobody  | 2          | a broken rule       | in_favour  |
      | S/2024/904 | 2024-06-03 | FRA, GBR, USA | nobody  | FRA        | a broken rule       | abstaining |
      | S/2024/905 | 2024-06-03 | 13            | 1       | 1          | a broken rule       | against    |

  Scenario: With nine or more in favour, a count of votes against could hide a veto
    When someone records a vote on S/2024/906 of 2024-06-03 with 9 in favour, 2 against and 4 abstaining
    Then the ledger refuses it as a broken rule
    And the refusal names the field "against"
    And the refusal names "must be listed"
    And the ledger is unchanged

  Scenario Outline: What a vote against is, depending on the votes in favour and on who held the permanent seats
    When someone records a vote on <draft> of <day> with <in favour> in favour, <against> against and <abstaining> abstaining
    Then the ledger accepts it
    When I look at the ledger as of <day>
    Then the outcome of draft <draft> is <outcome>
    And the vetoes cast on it came from <vetoed by>

    Examples: Nine votes in favour are needed for a veto
      | draft      | day        | in favour | against  | abstaining | outcome | vetoed by |
      | S/2024/910 | 2024-06-03 | 8         | RUS      | 6          | failed  | nobody    |
      | S/2024/911 | 2024-06-03 | 9         | DZA, GUY | 4          | adopted | nobody    |
      | S/2024/912 | 2024-06-03 | 12        | nobody   | 3          | adopted | nobody    |
      | S/2024/913 | 2024-06-03 | 9         | FRA, RUS | 4          | vetoed  | FRA, RUS  |

    Examples: The USSR held Russia's seat until 24 December 1991
      | draft      | day        | in favour | against | abstaining | outcome | vetoed by |
      | S/1985/910 | 1985-05-02 | 10        | SUN     | 4          | vetoed  | SUN       |
      | S/1991/910 | 1991-12-23 | 10        | SUN     | 4          | vetoed  | SUN       |
      | S/1991/911 | 1991-12-24 | 10        | RUS     | 4          | vetoed  | RUS       |

    Examples: The Republic of China held China's seat until 25 October 1971
      | draft      | day        | in favour | against | abstaining | outcome | vetoed by |
      | S/1960/910 | 1960-05-02 | 9         | TWN     | 1          | vetoed  | TWN       |
      | S/1971/910 | 1971-10-24 | 10        | TWN     | 4          | vetoed  | TWN       |
      | S/1971/911 | 1971-10-26 | 10        | CHN     | 4          | vetoed  | CHN       |

  Scenario Outline: A source that gives no tally may still say who vetoed the draft
    When someone records a vote on <draft> of <day> that <vetoed by> vetoed, the tally not given
    Then the ledger accepts it
    When I look at the ledger as of <day>
    Then the outcome of draft <draft> is vetoed
    And the vetoes cast on it came from <vetoed by>

    Examples:
      | draft      | day        | vetoed by     |
      | S/1950/920 | 1950-09-06 | SUN           |
      | S/1955/920 | 1955-12-13 | TWN           |
      | S/1975/920 | 1975-06-06 | FRA, GBR, USA |
      | S/2022/920 | 2022-05-26 | CHN, RUS      |

  Scenario Outline: Who is said to have vetoed is checked against the day and against what the source gives
    When someone records a vote on <draft> of <day> with <in favour> in favour, that <vetoed by> vetoed
    Then the ledger refuses it as a broken rule
    And the refusal names the field "vetoed_by"
    And the refusal names "<reason>"
    And the ledger is unchanged

    Examples:
      | draft      | day        | in favour | vetoed by | reason                                      |
      | S/1985/921 | 1985-05-02 | unknown   | RUS       | RUS was not a permanent member on 1985-05-02 |
      | S/1972/921 | 1972-08-25 | unknown   | TWN       | TWN was not a permanent member on 1972-08-25 |
      | S/2024/921 | 2024-06-03 | unknown   | JPN       | JPN was not a permanent member on 2024-06-03 |
      | S/2024/922 | 2024-06-03 | 8         | RUS       | the draft failed                            |

  Scenario: A vote that gives neither its tally nor who vetoed the draft is refused
    When someone records a vote on S/2024/923 of 2024-06-03 giving neither its tally nor who vetoed it
    Then the ledger refuses it as a broken rule
    And the refusal names the field "in_favour"
    And the ledger is unchanged

  Scenario: Russia voting against a draft that lacked nine votes cast no veto on the panel
    When someone records a vote on S/2024/920 of 2024-04-15 concerning the DPRK Panel of Experts with 8 in favour, RUS against and 6 abstaining
    Then the ledger accepts it
    When I look at the ledger as of 2024-04-15
    Then the outcome of draft S/2024/920 is failed
    And no veto was cast on it
    And the DPRK Panel of Experts is active
    And its vetoes list Russia's veto of S/2024/255

  Scenario: Only the ledger records a veto, from the vote
    When someone appends a veto of S/2024/255 by Russia themselves
    Then the ledger refuses it as an invalid document
    And the refusal names the field "type"
    And the refusal names "VetoCast"
    And the ledger is unchanged
