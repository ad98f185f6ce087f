Feature: The votes the article reports
  On 28 March 2024 Russia vetoed the draft that would have renewed the DPRK panel, after several
  postponements: 13 in favour, Russia against, China abstaining. In August 2023 Russia had blocked
  the renewal of the Mali sanctions and their panel in the same way.

  Background:
    Given the ledger holds the seed article

  Scenario: Russia vetoes the renewal of the DPRK panel, 13 to 1 with China abstaining
    When I look at the ledger as of 2024-03-28
    Then draft S/2024/255 was vetoed by Russia
    And the vote on it was 13 in favour, 1 against and 1 abstaining
    And China abstained on it
    And it concerned the DPRK Panel of Experts
    And its quote, which includes "Russia on Thursday vetoed a draft resolution extending the committee's mandate for a year", is found in the article
    And its quote, which includes "The text received 13 votes in favor, with China abstaining", is found in the article

  Scenario: The vote had been postponed several times before it was held
    The article gives no day for the postponements, only that they came before the vote: on or before
    2024-03-28, and they count from that day.
    When I look at the ledger as of 2024-03-28
    Then the timeline shows that a vote on the DPRK Panel of Experts was postponed on or before 2024-03-28, the day not known
    And its quote, which includes "despite several postponements of a vote", is found in the article

  Scenario: Russia blocked the renewal for Mali in August 2023
    When I look at the ledger as of 2023-09-15
    Then draft S/2023/638 was vetoed by Russia
    And the vote on it was 13 in favour, 1 against and 1 abstaining
    And China abstained on it
    And it concerned the Mali Panel of Experts
    And its quote, which includes "Last August, in a show of support for Bamako, Russia blocked a resolution", is found in the article
    And the Mali sanctions regime is terminated since 2023-09-01
    And the Mali Panel of Experts is terminated
    And its vetoes list Russia's veto of S/2023/638
    And the timeline shows that the Mali sanctions regime was terminated on 2023-09-01

  Scenario: The Mali panel had delivered damning findings before it ended
    When I look at the ledger as of 2023-08-30
    Then the Mali Panel of Experts is active
    And the Mali Panel of Experts has released the report mali-panel.final-report-2023
    And its quote, which includes "experts who had delivered damning findings to the Malian junta", is found in the article
