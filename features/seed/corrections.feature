Feature: The seed's own corrections: what was misread, and when it was put right
  The seed is this ledger's own record of the article, and it was misread in places. It is not rewritten:
  its fixes are facts of their own, appended after it (seeds/dprk-panel-veto_2-fixes.jsonl), each with its
  reason and its source, so that the ledger still tells what it believed before them, and why it changed.
  seeds/CORRECTIONS.md lists every fix for readers.

  Background:
    Given the ledger holds the seed article
    And I note the time the ledger recorded "fix.china-mfa.stance" as "the seed's fixes"

  Scenario: China's foreign ministry argued against the sanctions; the seed first read it as justifying them
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
    When I look at the ledger as of 2023-08-31
    Then the Mali sanctions regime is in force and monitored
    And the Mali Panel of Experts is active
    When I look at the ledger as of 2023-09-01
    Then the Mali sanctions regime is terminated since 2023-09-01
    And the Mali Panel of Experts is terminated
    When I look at the ledger as of 2023-08-31 as known before "the seed's fixes"
    Then the Mali sanctions regime is terminated since 2023-08-31

  Scenario: The article's own facts cite the article too, and the audit finds every quote
    When I audit the ledger
    Then nothing is flagged
