Feature: A panel's mandate
  A mandate can be extended only to a later end, and only while it runs: a panel whose mandate has
  lapsed cannot be revived, the Council must establish a new panel under a new name. A panel opens
  inquiries while its mandate runs; its reports may come out after the mandate ended, as final
  reports often do.

  Background:
    Given the ledger holds the seed article
    And the UN note "panel-notes" of 2025-01-01 is registered as a source

  Scenario Outline: A mandate can only be extended to a later end
    When someone records that the DPRK Panel of Experts was extended on 2023-06-01 to <new end>
    Then the ledger refuses it as a broken rule
    And the refusal names the field "mandate_ends_on"
    And the refusal names "2024-04-30"
    And the ledger is unchanged

    Examples:
      | new end    |
      | 2024-04-30 |
      | 2024-01-31 |

  Scenario: An extension adopted on the last day of the mandate is in time
    When someone records that the DPRK Panel of Experts was extended on 2024-04-30 to 2025-04-30
    Then the ledger accepts it
    When I look at the ledger as of 2024-05-01
    Then the DPRK Panel of Experts is active
    And its mandate runs to 2025-04-30

  Scenario: A mandate may be extended to end years ahead: it is a day the Council set, not one on which anything happened
    When someone records that the DPRK Panel of Experts was extended on 2024-04-30 to 2099-04-30
    Then the ledger accepts it

  Scenario: A lapsed panel cannot be extended, and the batch that tried stores nothing
    When someone appends in one batch a UN note of 2024-05-15 and an extension of the DPRK Panel of Experts on 2024-05-15 to 2025-04-30 citing it
    Then the ledger refuses it as a broken rule
    And the refusal names document 1 of the batch
    And the refusal names the field "occurred_on"
    And the refusal names "new panel"
    And the ledger is unchanged
    And the source registered in the batch was not kept

  Scenario: After the lapse, a new panel under a new name monitors the regime again
    When someone records that a new panel "dprk-panel-2024" was established for the DPRK sanctions regime on 2024-06-01 with a mandate to 2025-04-30
    Then the ledger accepts it
    When I look at the ledger as of 2024-06-01
    Then the DPRK sanctions regime is in force and monitored
    And resolution 1874's panel is expired

  Scenario: A panel whose mandate has lapsed opens no inquiry, but may still publish a report
    When someone records that the DPRK Panel of Experts opened an inquiry on 2024-05-02
    Then the ledger refuses it as a broken rule
    And the refusal names the field "occurred_on"
    And the refusal names "expired on 2024-04-30"
    And the refusal names "a panel without a mandate opens no inquiry"
    And the ledger is unchanged
    When someone records that the DPRK Panel of Experts opened an inquiry on 2024-04-30
    Then the ledger accepts it
    When someone records that the DPRK Panel of Experts released a report on 2024-05-02
    Then the ledger accepts it

  Scenario: An inquiry that may have been opened after the mandate lapsed is accepted and flagged
    When someone records that the DPRK Panel of Experts opened an inquiry on 2024-04-30?
    Then the ledger flags it: its date allows 2024-05-01, when the mandate had expired on 2024-04-30

  Scenario: An inquiry opened after the mandate lapsed on every day its date allows is refused
    When someone records that the DPRK Panel of Experts opened an inquiry on 2024-05-01/2024-05-15
    Then the ledger refuses it as a broken rule
    And the refusal names the field "occurred_on"
    And the ledger is unchanged

  Scenario: A mandate cannot be corrected to end before an inquiry the panel opened
    When a correction makes the renewal of the DPRK Panel of Experts by resolution 2680 (2023) end on 2024-03-01
    Then the ledger refuses it as a broken rule
    And the refusal names "InquiryOpened 'inquiry.dprk-panel.arms-exports-russia' of ../2024-03-07"
    And the refusal names "a panel without a mandate opens no inquiry"
    And the ledger is unchanged
