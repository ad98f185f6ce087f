Feature: The veto record since 1946
  The Dag Hammarskjöld Library lists every veto cast in the Security Council; the World Politics Data Lab
  published that list, up to 8 July 2022, as a table of one row a vetoed draft. The ledger holds each row
  as a vote on the draft, cited to the record of the meeting that voted it and, word for word, to its row
  of the list. The list names who vetoed, not how the Council voted: the ledger leaves the tally unknown,
  derives each veto from the names, and says which rules it could not check. Which government cast a veto
  depends on the day: the USSR held Russia's seat until 24 December 1991.

  Background:
    Given the ledger holds the seed article

  Scenario: The first veto: the USSR on the Lebanese and Syrian question, 16 February 1946
    When I look at the ledger as of 1946-02-16
    Then the USSR's veto of 16 February 1946 is on the timeline, on an agenda item that mentions "Lebanese and Syrian"
    And draft pv-23-1 was vetoed by the USSR
    And the vote on it is cited to S/PV.23, and to line 2 of the list "veto-list-2022-07-08", whose words it quotes

  Scenario: The list does not give the tally, so the count is unknown and the audit says so
    When I look at the ledger as of 1946-02-16
    Then draft pv-23-1 was vetoed by the USSR
    And the outcome of draft pv-23-1 is vetoed
    And the list does not give the tally, so the votes in favour, against and abstaining are unknown
    And the audit says the rule on the count of votes was not checked, since the tally is unknown

  Scenario: Three members vetoed one draft on Namibia: one vote, three vetoes
    When I look at the ledger as of 1975-06-06
    Then draft S/11713 was vetoed by France, the United Kingdom and the United States
    And the vote on it is cited to S/PV.1829, and to line 100 of the list "veto-list-2022-07-08", whose words it quotes

  Scenario: A preliminary question and the draft itself, vetoed at one meeting
    When I look at the ledger as of 1947-09-15
    Then draft S/552:preliminary was vetoed by the USSR
    And draft S/552 was vetoed by the USSR

  Scenario: The USSR's seat passed to Russia on 24 December 1991
    When I look at the ledger as of 2022-07-08
    Then no veto by the USSR is dated on or after 1991-12-24
    And no veto by Russia is dated before 1991-12-24
    And the USSR's veto of 12 September 1983 is on the timeline, on an agenda item that mentions "1 September 1983"
    And Russia's veto of 25 February 2022 is on the timeline, on an agenda item that mentions "28 February 2014"

  Scenario: The People's Republic of China's first veto, on the admission of Bangladesh
    When I look at the ledger as of 1972-08-25
    Then China's veto of 25 August 1972 is on the timeline, on an agenda item that mentions "Bangladesh"

  Scenario: Russia and China vetoed the cross-border aid to Syria by written procedure in 2020
    When I look at the ledger as of 2020-07-07
    Then draft S/2020/654 was vetoed by Russia and China
    And the vote on it is cited to S/2020/661, and to line 209 of the list "veto-list-2022-07-08", whose words it quotes

  Scenario: From 1946 to 8 July 2022 the ledger counts as many vetoes per member as the list names
    When I look at the ledger as of 2022-07-08
    Then the ledger counts 90 vetoes by the USSR from 1946-01-01 to 2022-07-08
    And the ledger counts 31 vetoes by Russia from 1946-01-01 to 2022-07-08
    And the ledger counts 82 vetoes by the United States from 1946-01-01 to 2022-07-08
    And the ledger counts 29 vetoes by the United Kingdom from 1946-01-01 to 2022-07-08
    And the ledger counts 16 vetoes by France from 1946-01-01 to 2022-07-08
    And the ledger counts 17 vetoes by China from 1946-01-01 to 2022-07-08
    And the ledger counts 0 vetoes by the Republic of China from 1946-01-01 to 2022-07-08
