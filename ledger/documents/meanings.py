"""What each field means, in the words the field reference prints (what each type means is in its catalogue
entry, `ledger.domain.catalogue`)."""

from __future__ import annotations

FIX_DATE = ("when the fix was made known, if said: not before the fact it fixes; "
            "the fix applies at that fact's own date either way")
STATES_OR_ACTORS = "states (ISO 3166 alpha-3 codes such as RUS) or registered actors"

# A field's meaning: "Type.field" where it differs between types, else the field's name.
MEANINGS = {
    "type": "the type's name, such as PanelEstablished",
    "id": "the document's own id, which fixes cite; without one, an id is derived from the content, "
          "so loading the same file twice stores nothing new",
    "occurred_on": "when it happened, as precisely as the source says",
    "source": "where the fact comes from",
    "source.document": "the source_id of a registered source published on or after the fact",
    "source.quote": "the source's own words; required, and checked, when the source was registered with its text",
    "source.locator": "where in the source: paragraph, page, caption",
    "also_cited": "further sources that say the same fact, each cited and checked as `source` is",
    "also_cited.document": "the source_id of a registered source published on or after the fact",
    "also_cited.quote": "that source's own words; required, and checked, when it was registered with its text",
    "also_cited.locator": "where in that source",
    "source_id": "the id facts cite in source.document",
    "title": "its title",
    "published_on": "its publication day: it cannot report a fact that occurred later",
    "publisher": "who published it",
    "url": "where to read it",
    "language": "its language, such as en",
    "text": "its full text; facts citing it must then quote it, and their quotes are checked",
    "actor_id": "the id facts name it by (states are not registered: they are named by ISO 3166 alpha-3 codes)",
    "name": "its name",
    "kind": "what it is",
    "affiliation": "the state or registered actor it belongs to",
    "role": "its role",
    "regime_id": "the regime's id",
    "SanctionsRegimeEstablished.regime_id": "the new regime's own id",
    "target": "the state or registered actor it targets",
    "resolution": "the resolution, such as 1718 (2006)",
    "measures": "the measures it imposes",
    "SanctionsReinforced.measures": "the measures added",
    "committee": "the Council committee that oversees it",
    "SanctionsReliefSought.by": f"who asks: {STATES_OR_ACTORS}",
    "reason": "why, in a few words",
    "panel_id": "the panel's id",
    "PanelEstablished.panel_id": "the new panel's own id",
    "PanelEstablished.regime_id": "the regime it monitors, in force",
    "mandate_ends_on": "the last day of its mandate",
    "PanelMandateExtended.mandate_ends_on": "the new last day of its mandate, later than the current one",
    "draft_id": "the draft's UN symbol, such as S/2024/255",
    "DraftResolutionVoted.concerning": "the panel or regime it is about",
    "purpose": "what it was meant to do",
    "penholders": "the states that drafted it",
    "in_favour": "a number of votes, or the states that voted so (leave a side out where the source does not "
                 "give it: it is then unknown); at most 15 members (11 before 1966), "
                 "nobody on two sides, each a member of the Council that day",
    "against": "a number of votes, or the states that voted so; with nine in favour (seven before 1966) "
               "it must list them, and a permanent member among them casts a veto",
    "abstaining": "a number of votes, or the states that abstained",
    "vetoed_by": "the permanent members the source says vetoed it, where it gives no full tally (the side it "
                 "leaves out is unknown, not zero); each must hold a permanent seat that day",
    "agenda_item": "the item of the Council's agenda under which it was voted",
    "VotePostponed.concerning": "the panel or regime the vote was about",
    "VotePostponed.draft_id": "the draft whose vote was put off",
    "times": "how many times it was put off",
    "report_id": "the report's own id",
    "author": "the panel that wrote it",
    "pages": "its length in pages",
    "findings": "what it found",
    "subject": "what the inquiry is about",
    "speakers": f"who spoke: {STATES_OR_ACTORS}",
    "stance": "its stance",
    "about": f"the drafts, panels, regimes, {STATES_OR_ACTORS} it is about",
    "participants": f"who met: {STATES_OR_ACTORS}",
    "place": "where",
    "ProposalMade.by": "who proposed it: a state or registered actor",
    "ProposalMade.concerning": "the regime or panel it is about",
    "proposal": "what was proposed",
    "supported_by": f"who supported it: {STATES_OR_ACTORS}",
    "FactCorrected.occurred_on": FIX_DATE,
    "FactRetracted.occurred_on": FIX_DATE,
    "corrects": "the id of the fact it corrects",
    "changes": "the fields that change, with their new values (each checked as that fact's type checks it)",
    "retracts": "the id of the fact it withdraws",
}

FORMS = (
    ("id", "1 to 128 letters, digits and . _ : / - (the same id names the same thing everywhere)"),
    ("text", "a JSON string, not empty nor only spaces, with no control character but tab, line break and page break"),
    ("date", "YYYY, YYYY-MM or YYYY-MM-DD, or an EDTF level 1 form: between 2024-03-28/2024-03-29, on or "
             "before ../2024-03-29, uncertain 2024-03-28?, approximate 2024-03~, both 2024-03-28%; as precise as "
             "the source; a fact counts from the earliest day its date allows (on or before a day: from that day)"),
    ("day", "a full date YYYY-MM-DD"),
    ("list", "a JSON array; a list of ids names nobody twice"),
    ("count", "a whole number of votes, 0 or more"),
)
