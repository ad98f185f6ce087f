Feature: The sanctions regime on North Korea
  North Korea has been under Security Council sanctions since 2006, reinforced several times in
  2016 and 2017. Since 2019 Russia and China have asked for relief, on humanitarian grounds, and
  on the day of the veto Russia proposed to reassess the whole regime, with China's support.

  Background:
    Given the ledger holds the seed article

  Scenario: Sanctions since 2006, reinforced in 2016 and 2017
    When I look at the ledger as of 2024-05-01
    Then the DPRK sanctions regime was established on 2006-10-14 by resolution 1718 (2006) against North Korea
    And it was reinforced by these resolutions:
      | resolution  | adopted on |
      | 2270 (2016) | 2016-03-02 |
      | 2321 (2016) | 2016-11-30 |
      | 2356 (2017) | 2017-06-02 |
      | 2371 (2017) | 2017-08-05 |
      | 2375 (2017) | 2017-09-11 |
      | 2397 (2017) | 2017-12-22 |
    And as of 2015-12-31 none of these reinforcements had been adopted
    And a fact on the ledger quotes the article's words "sanctions linked to its nuclear program since 2006, reinforced several times in 2016 and 2017"

  Scenario Outline: Russia and China seek relief from the sanctions since 2019
    When I look at the ledger as of <day>
    Then relief from the DPRK sanctions regime is sought by <seekers>

    Examples:
      | day        | seekers          |
      | 2018-12-31 | nobody           |
      | 2019-01-01 | Russia and China |
      | 2024-05-01 | Russia and China |

  Scenario: They seek relief on humanitarian grounds
    When I look at the ledger as of 2024-05-01
    Then the timeline shows that Russia and China sought relief from the DPRK sanctions regime in 2019, to the year
    And its quote, which includes "highlight the humanitarian situation of the North Korean population", is found in the article

  Scenario: Russia proposes to reassess the regime, and China backs the proposal
    When I look at the ledger as of 2024-03-28
    Then the timeline shows Russia's proposal on the DPRK sanctions regime of 2024-03-28
    And the proposal is "that the Security Council reassess the sanctions regime on the DPRK"
    And its quote, which includes "It instead proposed a reassessment of the sanctions regime", is found in the article
    And its quote, which includes "His proposal is supported by China", is found in the article
    And the ledger's record of the proposal has China supporting it
