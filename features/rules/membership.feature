Feature: Only members of the Security Council vote
  The Council is its five permanent members and the members the General Assembly elects, each for two
  years from 1 January (six of them until 1965, ten since 1966). A vote may name only the states that sat
  on the Council on its day: the elected members as the United Nations lists them on its page "Countries
  Elected Members of the Security Council", the permanent seats of China and Russia with their holder of
  the day. A state elected for a split term, or one that changed its name while it sat, sits only for the
  days it held the seat, under its name of the day.

  Background:
    Given the ledger holds the seed article
    And the UN note "council-records" of 2025-01-01 is registered as a source

  Scenario: Germany did not sit on the Council in 2024
    When someone records a vote on S/2024/930 of 2024-03-28 with 12 in favour, DEU against and 2 abstaining
    Then the ledger refuses it as a broken rule
    And the refusal names the field "against"
    And the refusal names "DEU was not a member of the Security Council on 2024-03-28"
    And the ledger is unchanged

  Scenario: The Council of the day of the vote on the DPRK panel
    When I ask who sat on the Security Council on 2024-03-28
    Then the Council had 15 members
    And they were CHN, FRA, GBR, RUS, USA, CHE, DZA, ECU, GUY, JPN, KOR, MLT, MOZ, SLE and SVN
    And the list cites the United Nations page "Countries Elected Members of the Security Council"

  Scenario: The Council of eleven, in 1965
    When I ask who sat on the Security Council on 1965-11-12
    Then the Council had 11 members
    And they were FRA, GBR, SUN, TWN, USA, BOL, CIV, JOR, MYS, NLD and URY

  Scenario Outline: A member votes from the first day of its term to the last
    When someone records a vote on <draft> of <day> with <in favour> in favour, <against> against and <abstaining> abstaining
    Then the ledger accepts it

    Examples: Japan's term of 2023-2024 and Denmark's of 2025-2026
      | draft      | day        | in favour | against | abstaining |
      | S/2023/931 | 2023-01-01 | 12        | JPN     | 2          |
      | S/2024/931 | 2024-12-31 | 12        | JPN     | 2          |
      | S/2025/931 | 2025-01-01 | 12        | DNK     | 2          |

    Examples: The split seat of 1964-1965, Czechoslovakia then Malaysia
      | draft      | day        | in favour | against | abstaining |
      | S/1964/931 | 1964-06-01 | 8         | CSK     | 2          |
      | S/1965/931 | 1965-06-01 | 8         | MYS     | 2          |

    Examples: Upper Volta, Burkina Faso from 4 August 1984
      | draft      | day        | in favour | against | abstaining |
      | S/1984/931 | 1984-08-03 | 12        | HVO     | 2          |
      | S/1984/932 | 1984-08-04 | 12        | BFA     | 2          |

  Scenario Outline: A state that did not sit that day cannot vote
    When someone records a vote on <draft> of <day> with <in favour> in favour, <against> against and <abstaining> abstaining
    Then the ledger refuses it as a broken rule
    And the refusal names the field "<field>"
    And the refusal names "<who> was not a member of the Security Council on <day>"
    And the ledger is unchanged

    Examples:
      | draft      | day        | in favour                    | against | abstaining | field      | who |
      | S/2025/940 | 2025-01-01 | 12                           | JPN     | 2          | against    | JPN |
      | S/1965/940 | 1965-06-01 | 8                            | CSK     | 2          | against    | CSK |
      | S/1984/940 | 1984-08-04 | 12                           | HVO     | 2          | against    | HVO |
      | S/1984/941 | 1984-08-03 | 12                           | BFA     | 2          | against    | BFA |
      | S/2024/940 | 2024-03-28 | CHE, DZA, ECU, FRA, GBR, DEU | RUS     | 2          | in_favour  | DEU |
      | S/2024/941 | 2024-03-28 | 12                           | RUS     | UKR        | abstaining | UKR |

  Scenario Outline: The former holder of a permanent seat sits no more
    When someone records a vote on <draft> of <day> with <in favour> in favour, <against> against and <abstaining> abstaining
    Then the ledger refuses it as a broken rule
    And the refusal names the field "against"
    And the refusal names "<who> was not a member of the Security Council on <day> (<holder> held its permanent seat then"
    And the ledger is unchanged

    Examples:
      | draft      | day        | in favour | against | abstaining | who | holder |
      | S/1971/940 | 1971-10-26 | 10        | TWN     | 4          | TWN | CHN    |
      | S/1991/940 | 1991-12-24 | 10        | SUN     | 4          | SUN | RUS    |
      | S/1991/941 | 1991-12-23 | 10        | RUS     | 4          | RUS | SUN    |

  Scenario: No vote before the Council first met, on 17 January 1946
    When someone records a vote on S/1946/900 of 1946-01-10 with 5 in favour, nobody against and 0 abstaining
    Then the ledger refuses it as a broken rule
    And the refusal names the field "occurred_on"
    And the refusal names "first met on 1946-01-17"
    And the ledger is unchanged
