Feature: What was said about the veto
  The article reports the words of both sides: Russia justifies the veto and China's foreign ministry
  condemns the sanctions ("blind sanctions cannot solve the problem"); Ukraine, the United States, South
  Korea, the United Kingdom and the European Union condemn the veto. Each statement
  is on the ledger with the words of the article that prove it.

  Background:
    Given the ledger holds the seed article

  Scenario Outline: Each statement in the article is on record in its own words
    When I look at the ledger as of 2024-03-29
    Then the ledger holds a statement by <speakers> of <day>
    And the statement <stance> and is about <about>
    And its quote, which includes "<words>", is found in the article

    Examples: Russia and China
      | speakers                 | day        | stance    | about                                    | words                                                      |
      | Vasily Nebenzia          | 2024-03-28 | justifies | S/2024/255 and the DPRK Panel of Experts | the committee no longer had any reason to exist            |
      | Russia                   | 2024-03-29 | justifies | S/2024/255 and the DPRK Panel of Experts | Russia justified itself                                    |
      | China's foreign ministry | 2024-03-29 | condemns  | the DPRK sanctions regime                | the imposition of blind sanctions cannot solve the problem |

    Examples: The veto's critics
      | speakers                       | day        | stance   | about                                            | words                                                                        |
      | Dmytro Kuleba                  | 2024-03-28 | condemns | S/2024/255, Russia and North Korea               | In effect there is an admission of guilt                                     |
      | Matthew Miller                 | 2024-03-28 | condemns | S/2024/255, Russia and North Korea               | What Russia did today undermines world peace and security                    |
      | South Korea's foreign ministry | 2024-03-28 | condemns | S/2024/255 and Russia                            | Irresponsible Decision                                                       |
      | Hwang Joon-kook                | 2024-03-28 | condemns | S/2024/255, the DPRK Panel of Experts and Russia | There can be no justification for the disappearance of guardians             |
      | Barbara Woodward               | 2024-03-28 | condemns | S/2024/255 and Russia                            | It concerns Russia, which has the freedom to violate the sanctions           |
      | the European Union             | 2024-03-28 | condemns | S/2024/255, Russia and North Korea               | An attempt to cover up illegal arms transfers between North Korea and Russia |

  Scenario: The United States and its allies condemn the collusion, and see in the veto an incentive to evade sanctions
    The article reports this view of "the United States and its allies, starting with South Korea and
    Ukraine" without a day, by its own date: each holds it, dated between the veto and the article. It is
    not a joint statement of the three (the seed first read it so: see features/seed/corrections.feature).
    When I look at the ledger as of 2024-03-29
    Then as of 2024-03-29 the ledger holds these statements:
      | speakers          | day                   | stance   | about                              |
      | the United States | 2024-03-28/2024-03-29 | condemns | S/2024/255, Russia and North Korea |
      | the United States | 2024-03-28/2024-03-29 | warns    | S/2024/255 and North Korea         |
      | South Korea       | 2024-03-28/2024-03-29 | warns    | S/2024/255 and North Korea         |
      | Ukraine           | 2024-03-28/2024-03-29 | warns    | S/2024/255 and North Korea         |
    When I list the statements about the DPRK Panel of Experts
    Then the list holds South Korea's statement of 2024-03-28, quoting "the Russian veto is an incentive for North Korea to continue evading international sanctions"
    And the list holds Ukraine's statement of 2024-03-28, quoting "starting with South Korea and Ukraine"

  Scenario: Five allies condemn both vetoes in one joint statement
    When I look at the ledger as of 2024-03-28
    Then the ledger holds a statement by the United States, France, Japan, South Korea and the United Kingdom of 2024-03-28
    And its speakers are, in the article's order, the United States, France, Japan, South Korea and the United Kingdom
    And the statement condemns and is about S/2024/255, S/2023/638, the DPRK Panel of Experts, the Mali Panel of Experts and Russia
    And its quote, which includes "Russia has now used its veto to terminate the two expert committees", is found in the article
    And its quote, which includes "A joint statement by the United States, France, Japan, South Korea, and the United Kingdom", is found in the article

  Scenario: Putin and Kim met in Russia on 13 September 2023
    When I look at the ledger as of 2023-09-13
    Then the timeline shows a meeting of Vladimir Putin and Kim Jong-un in Russia on 2023-09-13
    And its quote, which includes "shake hands during their meeting in Russia on September 13, 2023", is found in the article
    But as of 2023-09-12 no meeting is on the timeline
