Feature: A state that no longer exists is named only for its own time
  A state is named by its ISO 3166 code, and a state that no longer exists by its former code, which
  ISO 3166 keeps among the codes it has withdrawn: SUN for the USSR, YUG for Yugoslavia, CSK for
  Czechoslovakia, DDR for the German Democratic Republic. A former code names its state up to the day ISO
  3166 withdrew it (the USSR's on 1992-08-30, some months after the Union was dissolved; a code withdrawn
  in a year given without its day, up to the end of that year). A fact dated after that day cannot name
  the state, in whichever field it names it: a speaker, a participant in a meeting, a member voting, the
  subject of a statement, the target of sanctions. It is refused, and the refusal names the field, the
  code, the state and the day its code was withdrawn. A fact whose date allows days on both sides of that
  day is accepted, and flagged.

  Background:
    Given the ledger holds the seed article
    And the UN note "un-notes" of 2025-01-01 is registered as a source

  Scenario Outline: A fact dated after a state's code was withdrawn cannot name that state
    When someone appends <fact>, dated <date>
    Then the ledger refuses it as a broken rule
    And the refusal names the field "<field>"
    And the refusal names "<words>"
    And the ledger is unchanged

    Examples:
      | fact                                        | date       | field          | words                                                                                      |
      | a statement by the USSR                     | 2024-03-28 | speakers.0     | SUN (USSR, Union of Soviet Socialist Republics) ceased to be a state's code on 1992-08-30 |
      | a statement by Russia and Yugoslavia        | 2004-01-01 | speakers.1     | YUG (Yugoslavia, (Socialist) Federal Republic of) ceased to be a state's code on 2003-07-23 |
      | a statement by France about Czechoslovakia  | 1994       | about.0        | CSK (Czechoslovakia, Czechoslovak Socialist Republic) ceased to be a state's code on 1993-06-15 |
      | a meeting of Russia and East Germany        | 1991-01-01 | participants.1 | DDR (German Democratic Republic) ceased to be a state's code on 1990-10-30                 |
      | a statement by Upper Volta                  | 1985-01-01 | speakers.0     | HVO (Upper Volta, Republic of) ceased to be a state's code in 1984                          |

  Scenario Outline: Up to the day its code was withdrawn, a former state is named as any other
    When someone appends <fact>, dated <date>
    Then the ledger accepts it
    And the timeline has one more fact

    Examples:
      | fact                                  | date       |
      | a statement by the USSR               | 1991-12-25 |
      | a statement by the USSR               | 1992-08-30 |
      | a meeting of Russia and East Germany  | 1990-10-02 |
      | a statement by Upper Volta            | 1984-12-31 |

  Scenario Outline: A statement whose date allows days on both sides of the withdrawal is accepted, and flagged
    When someone appends a statement by the USSR, dated <date>
    Then the ledger accepts it
    And the ledger flags it, saying "its date <date> allows <latest>"
    And the ledger flags it, saying "SUN (USSR, Union of Soviet Socialist Republics) ceased to be a state's code on 1992-08-30"

    Examples:
      | date                  | latest     |
      | 1992-08-29/1992-09-02 | 1992-09-02 |
      | 1992-08-31?           | 1992-09-01 |
      | ../1992-09-02         | 1992-09-02 |

  Scenario: A statement after the withdrawal on every day its date allows is refused
    When someone appends a statement by the USSR, dated 1992-08-31/1992-09-02
    Then the ledger refuses it as a broken rule
    And the refusal names the field "speakers.0"
    And the refusal names "on every day its date 1992-08-31/1992-09-02 allows"
    And the ledger is unchanged
