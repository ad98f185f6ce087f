"""Only members vote, through the Python API on real databases: a vote naming a state that did not sit on
the Council that day is refused with its reason and stores nothing; the Council of a day, with its source."""

from __future__ import annotations

from typing import Any

import pytest

from ledger import InvalidArgument, Ledger, RuleBroken

SEED_VOTES = ("vote.S/2024/255", "vote.S/2023/638")


def vote(day: str, against: list[str], draft_id: str = "S/2024/999", **sides: Any) -> dict[str, Any]:
    return {"type": "DraftResolutionVoted", "id": f"vote.{draft_id}", "occurred_on": day,
            "source": {"document": "S/PV.9591"}, "draft_id": draft_id,
            "in_favour": 12, "against": against, "abstaining": 2, **sides}


def test_a_vote_with_germany_against_in_2024_is_refused_and_stores_nothing(seeded: Ledger) -> None:
    head, before = seeded.head(), seeded.as_of("2100-01-01").to_dict()
    with pytest.raises(RuleBroken) as caught:
        seeded.append(vote("2024-03-28", ["DEU"]))
    assert caught.value.field == "against"
    assert "DEU was not a member of the Security Council on 2024-03-28" in str(caught.value)
    assert "vote.S/2024/999" in str(caught.value)  # the document, by its id
    assert seeded.head() == head and seeded.as_of("2100-01-01").to_dict() == before
    assert seeded.as_of("2100-01-01").draft("S/2024/999") is None


def test_in_a_batch_the_refusal_names_the_document_and_nothing_of_the_batch_is_kept(seeded: Ledger) -> None:
    head = seeded.head()
    good = vote("2024-03-28", ["RUS"], draft_id="S/2024/998")
    bad = vote("1999-06-01", ["RUS"], draft_id="S/1999/999", abstaining=["CHN", "DEU"])  # Germany sat in 1995-96
    with pytest.raises(RuleBroken) as caught:
        seeded.append_many([good, bad])
    assert caught.value.field == "abstaining" and "document 1" in str(caught.value)
    assert "DEU was not a member of the Security Council on 1999-06-01" in str(caught.value)
    assert seeded.head() == head and seeded.as_of("2100-01-01").draft("S/2024/998") is None


def test_a_member_of_the_day_votes(seeded: Ledger) -> None:
    seeded.append(vote("1995-06-01", ["DEU"], draft_id="S/1995/999"))  # Germany's term of 1995-1996
    draft = seeded.as_of("1995-06-01").draft("S/1995/999")
    assert draft is not None and draft.against_members == ["DEU"] and draft.outcome == "adopted"


def test_the_seeds_votes_name_only_members_of_their_day(seeded: Ledger) -> None:
    for event_id in SEED_VOTES:
        draft = next(d for d in seeded.as_of("2100-01-01").drafts if f"vote.{d.draft_id}" == event_id)
        council = set(seeded.members(on=draft.voted_on.isoformat()).members)  # type: ignore[union-attr]
        named = {*draft.in_favour_members, *draft.against_members, *draft.abstaining_members}
        assert named and named <= council, event_id


def test_the_council_of_a_day_with_its_source(ledger: Ledger) -> None:
    council = ledger.members(on="2024-03-28")
    assert len(council.members) == 15 and "DEU" not in council.members and {"DZA", "SLE", "CHE"} <= set(council.members)
    assert "Countries Elected Members of the Security Council" in council.source
    data = council.to_dict()
    assert data["on"] == "2024-03-28" and data["size"] == 15 and data["source"] == council.source
    assert [m["kind"] for m in data["members"]].count("permanent") == 5  # type: ignore[union-attr]


def test_a_day_that_is_not_one_is_refused_by_name(ledger: Ledger) -> None:
    with pytest.raises(InvalidArgument) as caught:
        ledger.members(on="2024-02-30")
    assert caught.value.field == "on" and "29 days" in str(caught.value)


def test_a_correction_that_moves_a_vote_to_a_day_its_members_did_not_sit_is_refused(seeded: Ledger) -> None:
    head = seeded.head()
    fix = {"type": "FactCorrected", "id": "fix.redate", "corrects": "vote.S/2024/255", "reason": "misdated",
           "changes": {"occurred_on": "2019-03-28"}, "source": {"document": "S/PV.9591"}}
    with pytest.raises(RuleBroken) as caught:
        seeded.append(fix)
    assert "was not a member of the Security Council on 2019-03-28" in str(caught.value)
    assert seeded.head() == head
