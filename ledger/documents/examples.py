"""One example of every document type, as a short history a fresh ledger accepts in this order.

The documents are the seed's own (seeds/dprk-panel-veto.jsonl), with long quotes, locators and reasons
cut to a verbatim part, and the article registered without its text; the two fixes at the end are new.
The field reference (`ledger types`) shows the first document of each type; a type with none yet is shown
without one, and a test asks one of every type the catalogue ships.
"""

from __future__ import annotations

from typing import Any

ARTICLE = "article-2024-03-29"


def _resolution(number: str, subject: str, published_on: str) -> dict[str, Any]:
    year = published_on[:4]
    return {
        "type": "SourceRegistered", "id": f"src.S/RES/{number}", "source_id": f"S/RES/{number}",
        "title": f"Security Council resolution {number} ({year}): {subject}", "published_on": published_on,
        "publisher": "United Nations Security Council", "url": f"https://undocs.org/S/RES/{number}({year})",
        "language": "en",
    }


DPRK = "Non-proliferation/Democratic People's Republic of Korea"

# The DPRK panel's renewals after the first, as the seed holds them (resolution, adopted, mandate to, where):
# a panel opens inquiries only while its mandate runs, so its inquiry of 2024-03 below needs them all.
RENEWALS = (
    ("1985", "2011-06-10", "2012-06-12", "para 1"), ("2050", "2012-06-12", "2013-07-12", "para 1"),
    ("2094", "2013-03-07", "2014-04-07", "para 29"), ("2141", "2014-03-05", "2015-04-05", "para 1"),
    ("2207", "2015-03-04", "2016-04-05", "para 1"), ("2276", "2016-03-24", "2017-04-24", "para 1"),
    ("2345", "2017-03-23", "2018-04-24", "para 1"), ("2407", "2018-03-21", "2019-04-24", "para 1"),
    ("2464", "2019-04-10", "2020-04-24", "para 1"), ("2515", "2020-03-30", "2021-04-30", "para 1"),
    ("2569", "2021-03-26", "2022-04-30", "para 1"), ("2627", "2022-03-25", "2023-04-30", "para 1"),
    ("2680", "2023-03-23", "2024-04-30", "para 1"),
)


def _renewal(number: str, adopted: str, ends: str, locator: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A renewal of the DPRK panel's mandate and the resolution that made it."""
    return _resolution(number, DPRK, adopted), {
        "type": "PanelMandateExtended", "id": f"panel.dprk.extended.{number}", "occurred_on": adopted,
        "source": {"document": f"S/RES/{number}", "locator": locator}, "panel_id": "dprk-panel",
        "resolution": f"{number} ({adopted[:4]})", "mandate_ends_on": ends,
    }

EXAMPLES: tuple[dict[str, Any], ...] = (
    _resolution("1718", DPRK, "2006-10-14"),
    _resolution("1874", DPRK, "2009-06-12"),
    _resolution("1928", DPRK, "2010-06-07"),
    _resolution("2374", "The situation in Mali", "2017-09-05"),
    {"type": "SourceRegistered", "id": "src.S/2024/215", "source_id": "S/2024/215",
     "title": "Final report of the Panel of Experts submitted pursuant to resolution 2680 (2023)",
     "published_on": "2024-03-07", "publisher": "United Nations Security Council",
     "url": "https://undocs.org/S/2024/215", "language": "en"},
    {"type": "SourceRegistered", "id": "src.article-2024-03-29", "source_id": ARTICLE,
     "title": "Russia vetoes the renewal of the UN Panel of Experts on North Korea sanctions",
     "published_on": "2024-03-29", "language": "en"},
    {"type": "ActorRegistered", "id": "actor.nebenzia", "actor_id": "nebenzia", "name": "Vasily Nebenzia",
     "kind": "person", "affiliation": "RUS",
     "role": "Permanent Representative of the Russian Federation to the United Nations"},
    {"type": "ActorRegistered", "id": "actor.putin", "actor_id": "putin", "name": "Vladimir Putin",
     "kind": "person", "affiliation": "RUS", "role": "President of the Russian Federation"},
    {"type": "ActorRegistered", "id": "actor.kim-jong-un", "actor_id": "kim-jong-un", "name": "Kim Jong-un",
     "kind": "person", "affiliation": "PRK", "role": "Leader of the Democratic People's Republic of Korea"},
    {"type": "SanctionsRegimeEstablished", "id": "regime.dprk.established", "occurred_on": "2006-10-14",
     "source": {"document": "S/RES/1718", "locator": "paras 8 and 12"}, "regime_id": "dprk-regime",
     "name": "Sanctions regime on the Democratic People's Republic of Korea (resolution 1718 (2006))",
     "target": "PRK", "resolution": "1718 (2006)",
     "measures": ["ban on the supply of luxury goods",
                  "travel ban and asset freeze on persons and entities designated by the Committee"],
     "committee": "Security Council Committee established pursuant to resolution 1718 (2006)"},
    {"type": "SanctionsReinforced", "id": "regime.dprk.reinforced.1874", "occurred_on": "2009-06-12",
     "source": {"document": "S/RES/1874", "locator": "paras 9-20"}, "regime_id": "dprk-regime",
     "resolution": "1874 (2009)",
     "measures": ["inspection of cargo to and from the DPRK suspected of carrying prohibited items"]},
    {"type": "PanelEstablished", "id": "panel.dprk.established", "occurred_on": "2009-06-12",
     "source": {"document": "S/RES/1874", "locator": "para 26"}, "panel_id": "dprk-panel",
     "regime_id": "dprk-regime", "name": "Panel of Experts established pursuant to resolution 1874 (2009)",
     "resolution": "1874 (2009)", "mandate_ends_on": "2010-06-12"},
    {"type": "PanelMandateExtended", "id": "panel.dprk.extended.1928", "occurred_on": "2010-06-07",
     "source": {"document": "S/RES/1928", "locator": "para 1"}, "panel_id": "dprk-panel",
     "resolution": "1928 (2010)", "mandate_ends_on": "2011-06-12"},
    *(document for renewal in RENEWALS for document in _renewal(*renewal)),
    {"type": "SanctionsReliefSought", "id": "regime.dprk.relief-sought", "occurred_on": "2019",
     "source": {"document": ARTICLE, "locator": "para 2",
                "quote": "Since 2019, Russia and China, which highlight the humanitarian situation of the North "
                         "Korean population, have been demanding a reduction in this."},
     "regime_id": "dprk-regime", "by": ["RUS", "CHN"],
     "reason": "the humanitarian situation of the North Korean population"},
    {"type": "SanctionsRegimeEstablished", "id": "regime.mali.established", "occurred_on": "2017-09-05",
     "source": {"document": "S/RES/2374", "locator": "paras 1-9"}, "regime_id": "mali-regime",
     "name": "Sanctions regime concerning Mali (resolution 2374 (2017))", "target": "MLI",
     "resolution": "2374 (2017)",
     "measures": ["travel ban on individuals designated by the Committee (initially for one year)"]},
    # As the seed's fix leaves it (seeds/CORRECTIONS.md): in force through 31 August, ended from 1 September.
    {"type": "SourceRegistered", "id": "src.afronewswire-2023-09-01", "source_id": "afronewswire-2023-09-01",
     "title": "Russian veto leads to termination of UN sanctions in Mali", "published_on": "2023-09-01",
     "publisher": "Afro News Wire", "language": "en"},
    {"type": "SanctionsRegimeTerminated", "id": "regime.mali.terminated", "occurred_on": "2023-09-01",
     "source": {"document": "afronewswire-2023-09-01", "locator": "para 1",
                "quote": "the sanctions in Mali will be lifted on Thursday, August 31"},
     "regime_id": "mali-regime",
     "reason": "the measures, renewed by resolution 2649 (2022) until 31 August 2023, lapsed after Russia vetoed "
               "their renewal"},
    {"type": "MeetingHeld", "id": "meeting.putin-kim.2023-09-13", "occurred_on": "2023-09-13",
     "source": {"document": ARTICLE, "locator": "photo caption",
                "quote": "Russian President Vladimir Putin and North Korean leader Kim Jong-un shake hands "
                         "during their meeting in Russia on September 13, 2023"},
     "participants": ["putin", "kim-jong-un"], "place": "Russia"},
    {"type": "ReportReleased", "id": "report.dprk-panel.S/2024/215", "occurred_on": "2024-03-07",
     "source": {"document": "S/2024/215", "locator": "whole document"}, "report_id": "S/2024/215",
     "author": "dprk-panel",
     "title": "Final report of the Panel of Experts submitted pursuant to resolution 2680 (2023)",
     "pages": 615, "findings": ["developing its nuclear program", "launching ballistic missiles"]},
    {"type": "InquiryOpened", "id": "inquiry.dprk-panel.arms-exports-russia", "occurred_on": "2024-03",
     "source": {"document": ARTICLE, "locator": "para 8",
                "quote": "The committee also claimed to have started an inquiry"},
     "panel_id": "dprk-panel",
     "subject": "reported exports by North Korea of conventional arms and ammunition, especially to Russia"},
    {"type": "VotePostponed", "id": "vote.S/2024/255.postponed", "occurred_on": "2024-03",
     "source": {"document": ARTICLE, "locator": "para 3",
                "quote": "despite several postponements of a vote to approve the talks"},
     "concerning": "dprk-panel", "draft_id": "S/2024/255"},
    {"type": "DraftResolutionVoted", "id": "vote.S/2024/255", "occurred_on": "2024-03-28",
     "source": {"document": ARTICLE, "locator": "para 3",
                "quote": "The text received 13 votes in favor, with China abstaining."},
     "draft_id": "S/2024/255", "concerning": "dprk-panel",
     "purpose": "extend for a year, until 2025-04-30, the mandate of the Panel of Experts",
     "penholders": ["USA"],
     "in_favour": ["CHE", "DZA", "ECU", "FRA", "GBR", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "USA"],
     "against": ["RUS"], "abstaining": ["CHN"]},
    {"type": "StatementIssued", "id": "statement.nebenzia.2024-03-28", "occurred_on": "2024-03-28",
     "source": {"document": ARTICLE, "locator": "para 6",
                "quote": "the committee no longer had any reason to exist"},
     "speakers": ["nebenzia"], "stance": "justifies", "about": ["S/2024/255", "dprk-panel"]},
    {"type": "ProposalMade", "id": "proposal.rus.reassess-dprk-regime", "occurred_on": "2024-03-28",
     "source": {"document": ARTICLE, "locator": "para 6",
                "quote": "It instead proposed a reassessment of the sanctions regime to the Security Council."},
     "by": "RUS", "concerning": "dprk-regime",
     "proposal": "that the Council reassess the sanctions regime instead of renewing the Panel of Experts",
     "supported_by": ["CHN"]},
    {"type": "StatementIssued", "id": "statement.usa-kor-ukr.evasion.2024-03-28", "occurred_on": "2024-03-28",
     "source": {"document": ARTICLE, "locator": "para 7",
                "quote": "the Russian veto is an incentive for North Korea to continue evading international sanctions"},
     "speakers": ["USA", "KOR", "UKR"], "stance": "warns", "about": ["S/2024/255", "PRK"]},
    {"type": "FactCorrected", "id": "fix.nebenzia.about", "corrects": "statement.nebenzia.2024-03-28",
     "source": {"document": ARTICLE, "locator": "para 6"},
     "changes": {"about": ["S/2024/255", "dprk-panel", "dprk-regime"]},
     "reason": "he spoke of the sanctions committee, so of the regime as well"},
    {"type": "FactRetracted", "id": "fix.usa-kor-ukr.retracted",
     "retracts": "statement.usa-kor-ukr.evasion.2024-03-28", "source": {"document": ARTICLE, "locator": "para 7"},
     "reason": "a view the article attributes to the three, not a statement any of them issued"},
)


def example(kind: str) -> dict[str, Any] | None:
    """The first example of a type, if it has one."""
    return next((document for document in EXAMPLES if document["type"] == kind), None)
