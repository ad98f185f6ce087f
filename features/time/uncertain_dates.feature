Feature: Dates as uncertain as their source
  Sources do not always give the day. The ledger takes a date as loosely as its source gives it: a
  year, a month or a day, or one of the Extended Date/Time Format's level 1 forms: between two days
  (2024-03-28/2024-03-29), on or before a day (../2024-03-29), a day the source is unsure of
  (2024-03-28?), a date it gives only approximately (2024-03~), or both (2024-03-28%). An unsure or
  approximate date allows one of its own units either side (a day either side of a day, a month either
  side of a month), both two. A fact counts from the earliest day its date allows; a fact known only to
  have happened on or before a day counts from that day. A fact that may have happened after its source
  was published is refused. A fact that may have happened before what it names is accepted, and
  flagged; one that happened before it on every day its date allows is refused. A correction that gives
  a fact such a date is judged as that fact appended with it would be: refused, or flagged, alike.

  Background:
    Given the ledger holds the seed article
    And the UN note "S/PV.9999" of 2024-04-05 is registered as a source

  Scenario Outline: Each date allows the days from its earliest to its latest
    When someone appends a meeting of Putin and Kim Jong-un dated <date>, citing the UN note "S/PV.9999"
    Then the ledger accepts it
    And the timeline shows the meeting dated <date>, allowing the days from <earliest> to <latest>
    And as of <earliest> the meeting is on the timeline, but not the day before

    Examples:
      | date                  | earliest   | latest     |
      | 2023-09-13            | 2023-09-13 | 2023-09-13 |
      | 2023-09               | 2023-09-01 | 2023-09-30 |
      | 2023-09-12/2023-09-14 | 2023-09-12 | 2023-09-14 |
      | 2023-09-13?           | 2023-09-12 | 2023-09-14 |
      | 2023-09~              | 2023-08-01 | 2023-10-31 |
      | 2023-09-13%           | 2023-09-11 | 2023-09-15 |

  Scenario: A reaction known only to have been made on or before a day counts from that day
    When someone appends France's reaction to the vote on S/2024/255, dated ../2024-03-29, citing the UN note "S/PV.9999"
    Then the ledger accepts it, without a flag
    And the timeline shows the reaction dated ../2024-03-29, allowing the days up to 2024-03-29, from a day unknown
    And as of 2024-03-29 the reaction is on the timeline, but not the day before

  Scenario: A fact that may have happened after its source was published is refused
    When someone appends France's reaction to the vote on S/2024/255, dated 2024-04-05?, citing the UN note "S/PV.9999"
    Then the ledger refuses it as a broken rule
    And the refusal names the field "occurred_on"
    And the refusal names "2024-04-06"
    And the refusal names "S/PV.9999"
    And the ledger is unchanged

  Scenario: A fact dated on or before its source's publication day is accepted
    When someone appends France's reaction to the vote on S/2024/255, dated ../2024-04-05, citing the UN note "S/PV.9999"
    Then the ledger accepts it, without a flag

  Scenario: A reaction that may have been made before the vote it reacts to is accepted and flagged
    When someone appends France's reaction to the vote on S/2024/255, dated 2024-03-27/2024-03-29, citing the UN note "S/PV.9999"
    Then the ledger accepts it
    And the ledger flags it: its date allows 2024-03-27, when it holds no draft S/2024/255
    And the audit flags it for the same reason
    And as of 2024-03-27 the reaction is on the timeline, but not the day before

  Scenario: A reaction made before the vote on every day its date allows is refused
    When someone appends France's reaction to the vote on S/2024/255, dated 2024-03-20/2024-03-27, citing the UN note "S/PV.9999"
    Then the ledger refuses it as an unknown reference
    And the refusal names the field "about"
    And the refusal names "S/2024/255"
    And the ledger is unchanged

  Scenario Outline: A form the ledger does not take is refused, saying which form it is
    When someone appends France's reaction to the vote on S/2024/255, dated <date>, citing the UN note "S/PV.9999"
    Then the ledger refuses it as an invalid document
    And the refusal names the field "occurred_on"
    And the refusal names "<reason>"

    Examples:
      | date                  | reason                       |
      | 2024?-03              | EDTF level 2                 |
      | [2024-03-28,2024-03-29] | EDTF level 2               |
      | 2024-03-28/..         | has no end                   |
      | 2024-21               | season                       |
      | 2024-03-29/2024-03-28 | ends before it starts        |

  Scenario Outline: A correction that moves a fact into an uncertain date is judged as an append with that date is
    Given France's reaction to the vote on S/2024/255, dated 2024-03-29, citing the UN note "S/PV.9999", is on record
    When someone appends France's reaction to the vote on S/2024/255, dated <date>, citing the UN note "S/PV.9999"
    Then the ledger <verdict>
    When a correction dates the reaction on record <date>
    Then the ledger <verdict>

    Examples:
      | date                  | verdict                                                                  |
      | 2024-03-27/2024-03-29 | flags it: its date allows 2024-03-27, when it holds no draft S/2024/255 |
      | 2024-03-28?           | flags it: its date allows 2024-03-27, when it holds no draft S/2024/255 |
      | 2024-03-20/2024-03-27 | refuses it as an unknown reference                                       |
      | 2024-04-05?           | refuses it as a broken rule                                              |
      | ../2024-03-29         | accepts it, without a flag                                               |

  Scenario: A reaction corrected to a date that may be before the vote is flagged, by the ledger and by the audit
    Given France's reaction to the vote on S/2024/255, dated 2024-03-29, citing the UN note "S/PV.9999", is on record
    When a correction dates the reaction on record 2024-03-27/2024-03-29
    Then the ledger accepts it
    And the ledger flags it: its date allows 2024-03-27, when it holds no draft S/2024/255
    And the audit flags the reaction on record for the same reason
