Feature: Corrections and retractions, and what was known when
  A fact is never changed in place. A correction or a retraction is a fact of its own: it shows in
  every view known from the moment it was recorded, and a view known before that moment still
  shows the fact as it first stood. A veto follows its vote.

  Background:
    Given the ledger holds the seed article
    And the UN note "errata" of 2025-01-01 is registered as a source
    And the UN note "council-records" of 2025-01-01 is registered as a source
    And the moment after the seed was recorded is noted

  Scenario: A corrected stance shows from the moment the correction was recorded, and not before
    When a correction is recorded that Matthew Miller's statement of 2024-03-28 warns rather than condemns
    And I look at the ledger as of 2024-05-01
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement warns and is about S/2024/255, Russia and North Korea
    And the statement shows it was corrected by that correction
    When I look at the ledger as of 2024-05-01 as known at the noted moment
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement condemns and is about S/2024/255, Russia and North Korea
    When I look at the ledger as of 2024-05-01 as known at the noted moment, written without a time zone
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement condemns and is about S/2024/255, Russia and North Korea
    When I look at the ledger as of 2024-05-01 as known when the correction was recorded
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
    And the statement warns and is about S/2024/255, Russia and North Korea

  Scenario: A retracted statement leaves the current view but not what was known before
    When a retraction of Barbara Woodward's statement of 2024-03-28 is recorded
    And I look at the ledger as of 2024-05-01
    Then there is no statement by Barbara Woodward
    And the timeline has one fact fewer than as known at the noted moment
    When I look at the ledger as of 2024-05-01 as known at the noted moment
    Then the ledger holds a statement by Barbara Woodward of 2024-03-28
    And the statement condemns and is about S/2024/255 and Russia

  Scenario: When the vote is corrected so that Russia abstained, its veto goes away
    When a correction is recorded that on S/2024/255 Russia abstained with China instead of voting against
    And I look at the ledger as of 2024-05-01
    Then the outcome of draft S/2024/255 is adopted
    And the vote on it was 13 in favour, 0 against and 2 abstaining
    And no veto was cast on it
    And the DPRK Panel of Experts is expired
    And its vetoes list nothing
    When I look at the ledger as of 2024-05-01 as known at the noted moment
    Then draft S/2024/255 was vetoed by Russia
    And the DPRK Panel of Experts is expired
    And its vetoes list Russia's veto of S/2024/255

  Scenario: A retracted vote takes its veto with it
    Given Russia vetoed a draft S/2024/930 on the DPRK Panel of Experts on 2024-04-15, 13 to 1 with China abstaining
    When a retraction of the vote on S/2024/930 is recorded
    And I look at the ledger as of 2024-04-15
    Then there is no vote on S/2024/930 on record
    And the DPRK Panel of Experts is active
    And its vetoes list Russia's veto of S/2024/255
    When I look at the ledger as of 2024-04-15 as known just before the retraction was recorded
    Then draft S/2024/930 was vetoed by Russia
    And the DPRK Panel of Experts is active
    And its vetoes list Russia's veto of S/2024/255 and Russia's veto of S/2024/930

  Scenario Outline: A correction must keep the rules that the fact it corrects keeps
    When someone corrects <fact> so that <change>
    Then the ledger refuses it as <kind>
    And the refusal names the field "<field>"
    And the ledger is unchanged

    Examples:
      | fact                                        | change                         | kind                | field                   |
      | Dmytro Kuleba's statement of 2024-03-28     | its stance is "furious"        | an invalid document | changes.stance          |
      | Dmytro Kuleba's statement of 2024-03-28     | it happened on 2024-04-02      | a broken rule       | changes.occurred_on     |
      | the renewal of the DPRK panel of 2023-03-23 | its mandate ends on 2023-04-30 | a broken rule       | changes.mandate_ends_on |
      | the vote on S/2024/255                      | it names the draft S/2024/999  | a broken rule       | changes.draft_id        |
      | Russia's veto of S/2024/255                 | China cast it                  | a broken rule       | corrects                |

  Scenario: A correction that would make a later fact break a rule is refused, and names that fact
    When someone corrects the renewal of the DPRK panel of 2022-03-25 so that its mandate ends on 2025-01-01
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.mandate_ends_on"
    And the refusal names the renewal of the DPRK panel of 2023-03-23
    And the ledger is unchanged

  Scenario: A vote cannot be moved past, nor taken from under, a statement about its draft
    Given Russia vetoed a draft S/2024/930 on the DPRK Panel of Experts on 2024-04-15, 13 to 1 with China abstaining
    And France condemned the veto of S/2024/930 in a statement of 2024-04-15
    When someone corrects the vote on S/2024/930 so that it happened on 2024-04-16
    Then the ledger refuses it as a broken rule
    And the refusal names the field "changes.occurred_on"
    And the refusal says France's statement of 2024-04-15 would then be about a draft not voted by its day
    And the ledger is unchanged
    When someone retracts the vote on S/2024/930
    Then the ledger refuses it as a broken rule
    And the refusal names the field "retracts"
    And the refusal says France's statement of 2024-04-15 would then be about a draft not voted by its day
    And the ledger is unchanged
    When someone corrects the vote on S/2024/930 so that it happened on 2024-04-14
    Then the ledger accepts it
    When a retraction of France's statement of 2024-04-15 is recorded
    And a retraction of the vote on S/2024/930 is recorded
    And I look at the ledger as of 2024-05-01
    Then there is no vote on S/2024/930 on record
