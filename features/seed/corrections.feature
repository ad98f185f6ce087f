Feature: The seed's own corrections: what was misread, and when it was put right
  The seed is this ledger's own record of the article, and it was misread in places. It is not rewritten:
  its fixes are facts of their own, appended after it (seeds/dprk-panel-veto_2-fixes.jsonl, and for the
  dates the article supports, in the forms of the Extended Date/Time Format, dprk-panel-veto_3-dates.jsonl),
  each with its reason and its source, so that the ledger still tells what it believed before them, and why
  it changed. seeds/CORRECTIONS.md lists every fix for readers. What the ledger believed before the fixes
  can be asked of a ledger that recorded them apart from the seed, as `make run` does by loading its files
  one by one.

  Background:
    Given the ledger holds the seed article

  Scenario: China's foreign ministry argued against the sanctions; the seed first read it as justifying them
    Given I note the time the ledger recorded "fix.china-mfa.stance" as "the seed's fixes"
    When I look at the ledger as of 2024-03-29 as known before "the seed's fixes"
    Then the ledger holds a statement by China's foreign ministry of 2024-03-29
    And the statement justifies and is about the DPRK sanctions regime
    When I look at the ledger as of 2024-03-29
    Then the ledger holds a statement by China's foreign ministry of 2024-03-29
    And the statement condemns and is about the DPRK sanctions regime
    And its quote, which includes "the imposition of blind sanctions cannot solve the problem", is found in the article
    And China's foreign ministry's statement of 2024-03-29 was corrected because "misread: 'the imposition of blind sanctions cannot solve the problem' argues against the sanctions regime; it does not justify it"
    And before its last correction, China's foreign ministry's statement of 2024-03-29 had the stance "justifies"

  Scenario Outline: Quotes cut short are restored to what matters
    When I look at the ledger as of 2024-03-29
    Then the ledger holds a statement by <speaker> of 2024-03-28
    And its quote, which includes "<words>", is found in the article

    Examples:
      | speaker            | words                                                                              |
      | Hwang Joon-kook    | It's like destroying surveillance cameras to prevent being caught red-handed       |
      | Vasily Nebenzia    | Interactive questions are not relevant to the problems facing the peninsula        |
      | Dmytro Kuleba      | Also the use of North Korean weapons in the war against Ukraine                    |
      | Barbara Woodward   | This veto is not a sign of concern for the North Korean population                 |
      | the European Union | This will have serious consequences for the implementation of Security Council resolutions |

  Scenario: What Russia and China want reduced are restrictions of unlimited duration
    When I look at the ledger as of 2024-05-01
    Then the timeline shows that Russia and China sought relief from the DPRK sanctions regime in 2019, to the year
    And its quote, which includes "Restrictions of unlimited duration", is found in the article

  Scenario: The vote cites the Council's record for what the article does not say, and the article for what it does
    When I look at the ledger as of 2024-03-28
    Then draft S/2024/255 was vetoed by Russia
    And its quote, which includes "a committee whose reports it refers to", is found in the article
    And its quote, which includes "The text received 13 votes in favor, with China abstaining", is found in the article

  Scenario: The Mali measures ran through 31 August 2023 and ended with it; the seed first ended them a day early
    Given I note the time the ledger recorded "fix.china-mfa.stance" as "the seed's fixes"
    When I look at the ledger as of 2023-08-31
    Then the Mali sanctions regime is in force and monitored
    And the Mali Panel of Experts is active
    When I look at the ledger as of 2023-09-01
    Then the Mali sanctions regime is terminated since 2023-09-01
    And the Mali Panel of Experts is terminated
    When I look at the ledger as of 2023-08-31 as known before "the seed's fixes"
    Then the Mali sanctions regime is terminated since 2023-08-31

  Scenario: Reactions the article gives no day for are dated between the veto and the article, not on the day of the vote
    Given I note the time the ledger recorded "fix.china-mfa.stance" as "the seed's fixes"
    When I look at the ledger as of 2024-03-29
    Then as of 2024-03-29 the ledger holds these statements:
      | speakers                                                            | day                   | stance   |
      | Dmytro Kuleba                                                       | 2024-03-28/2024-03-29 | condemns |
      | South Korea's foreign ministry                                      | 2024-03-28/2024-03-29 | condemns |
      | the European Union                                                  | 2024-03-28/2024-03-29 | condemns |
      | the United States, France, Japan, South Korea and the United Kingdom | 2024-03-28/2024-03-29 | condemns |
      | the United States                                                   | 2024-03-28/2024-03-29 | condemns |
      | Matthew Miller                                                      | 2024-03-28            | condemns |
      | Hwang Joon-kook                                                     | 2024-03-28            | condemns |
    And Dmytro Kuleba's statement of 2024-03-28 was corrected because "the article gives no date for Kuleba's words; it reports them as a reaction to the veto of Thursday 2024-03-28, by its own date, 2024-03-29: dated between the two, not on the day of the vote"
    When I look at the ledger as of 2024-03-29 as known before "the seed's fixes"
    Then as of 2024-03-29 the ledger holds these statements:
      | speakers      | day        | stance   |
      | Dmytro Kuleba | 2024-03-28 | condemns |

  Scenario: A view of the United States and its allies was read as a joint statement of three; it is the view of each
    Given I note the time the ledger recorded "fix.china-mfa.stance" as "the seed's fixes"
    When I look at the ledger as of 2024-03-29
    Then there is no statement by the United States, South Korea and Ukraine
    And as of 2024-03-29 the ledger holds these statements:
      | speakers          | day                   | stance | about                      |
      | the United States | 2024-03-28/2024-03-29 | warns  | S/2024/255 and North Korea |
      | South Korea       | 2024-03-28/2024-03-29 | warns  | S/2024/255 and North Korea |
      | Ukraine           | 2024-03-28/2024-03-29 | warns  | S/2024/255 and North Korea |
    When I look at the ledger as of 2024-03-29 as known before "the seed's fixes"
    Then the ledger holds a statement by the United States, South Korea and Ukraine of 2024-03-28
    And the statement warns and is about S/2024/255 and North Korea

  Scenario: The article's own facts cite the article too, and the audit finds every quote
    When I audit the ledger
    Then nothing is flagged
