Feature: The file of the DPRK Panel of Experts: who said what about it
  An analyst asks for everything said about the panel: statements about the panel itself, about the
  draft that would have renewed it (S/2024/255), and about the sanctions regime it monitored. China's
  foreign ministry spoke of the regime, not of the panel; its statement belongs to the file all the same.
  Each speaker is named as people know them, with the state they speak for.

  Background:
    Given the ledger holds the seed article

  Scenario: Every statement about the panel, the draft on it, or its regime
    When I list the statements about the DPRK Panel of Experts
    Then the list holds 14 statements
    And the list holds Vasily Nebenzia's statement of 2024-03-28, quoting "the committee no longer had any reason to exist"
    And the list holds China's foreign ministry's statement of 2024-03-29, quoting "blind sanctions cannot solve the problem"
    And the list holds Matthew Miller's statement of 2024-03-28, quoting "What Russia did today undermines world peace and security"
    And the list names Matthew Miller as "Matthew Miller (USA)"
    And the list names Hwang Joon-kook as "Hwang Joon-kook (KOR)"

  Scenario: What the Mali panel's file holds
    When I list the statements about the Mali Panel of Experts
    Then the list holds 1 statements
    And the list holds the United States, France, Japan, South Korea and the United Kingdom's statement of 2024-03-28, quoting "terminate the two expert committees"

  Scenario: What the United States said, by its spokesman too
    When I list what the United States said
    Then the list holds 4 statements
    And the list holds Matthew Miller's statement of 2024-03-28, quoting "tainted exchange sealed by Moscow"
