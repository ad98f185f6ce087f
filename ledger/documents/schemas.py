"""One marshmallow schema per event type of the catalogue (DESIGN section 3)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ledger.documents.fields import (
    Day,
    Id,
    Occurred,
    SourceText,
    Text,
    VoteSide,
    also_cited_field,
    count,
    id_list,
    source_field,
    text_list,
)

ACTOR_KINDS = ("state", "organization", "body", "person")
STANCES = ("condemns", "justifies", "supports", "regrets", "warns", "neutral")


class Document(Schema):
    type = fields.String(required=True)
    id = Id()


class Registration(Document):
    """Registrations have no valid time and cite no source: they name what facts will refer to."""


class Fact(Document):
    occurred_on = Occurred(required=True)
    source = source_field()
    also_cited = also_cited_field()


class SourceRegistered(Registration):
    source_id = Id(required=True)
    title = Text(required=True)
    published_on = Day(required=True)
    publisher = Text()
    url = Text()
    language = Text()
    text = SourceText()


class ActorRegistered(Registration):
    actor_id = Id(required=True)
    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ACTOR_KINDS))
    affiliation = Id()
    role = Text()


class SanctionsRegimeEstablished(Fact):
    regime_id = Id(required=True)
    name = Text(required=True)
    target = Id(required=True)
    resolution = Text(required=True)
    measures = text_list(required=True)
    committee = Text()


class SanctionsReinforced(Fact):
    regime_id = Id(required=True)
    resolution = Text(required=True)
    measures = text_list(required=True)


class SanctionsReliefSought(Fact):
    regime_id = Id(required=True)
    by = id_list(required=True, min_items=1)
    reason = Text()


class SanctionsRegimeTerminated(Fact):
    regime_id = Id(required=True)
    reason = Text()


class PanelEstablished(Fact):
    panel_id = Id(required=True)
    regime_id = Id(required=True)
    name = Text(required=True)
    resolution = Text(required=True)
    mandate_ends_on = Day(required=True)


class PanelMandateExtended(Fact):
    panel_id = Id(required=True)
    resolution = Text(required=True)
    mandate_ends_on = Day(required=True)


class DraftResolutionVoted(Fact):
    draft_id = Id(required=True)
    concerning = Id()
    purpose = Text()
    agenda_item = Text()
    penholders = id_list(min_items=1)
    # Each side is optional: a source may not give the tally (the veto list names only who vetoed).
    in_favour = VoteSide()
    against = VoteSide()
    abstaining = VoteSide()
    vetoed_by = id_list(min_items=1)


class VotePostponed(Fact):
    """A vote put off (not in DESIGN's first catalogue; the seed's "several postponements")."""

    concerning = Id(required=True)
    draft_id = Id()
    times = count()


class ReportReleased(Fact):
    report_id = Id(required=True)
    author = Id(required=True)
    title = Text(required=True)
    pages = count()
    findings = text_list(required=True)


class InquiryOpened(Fact):
    panel_id = Id(required=True)
    subject = Text(required=True)


class StatementIssued(Fact):
    speakers = id_list(required=True, min_items=1)
    stance = fields.String(required=True, validate=validate.OneOf(STANCES))
    about = id_list()


class MeetingHeld(Fact):
    participants = id_list(required=True, min_items=2)
    place = Text()


class ProposalMade(Fact):
    by = Id(required=True)
    concerning = Id(required=True)
    proposal = Text(required=True)
    supported_by = id_list()


class FactCorrected(Fact):
    occurred_on = Occurred()
    corrects = Id(required=True)
    changes = fields.Dict(keys=fields.String(), required=True,
                          validate=validate.Length(min=1, error="needs at least one field to change"))
    reason = Text(required=True)


class FactRetracted(Fact):
    occurred_on = Occurred()
    retracts = Id(required=True)
    reason = Text(required=True)


SCHEMAS: dict[str, type[Document]] = {
    cls.__name__: cls
    for cls in (
        SourceRegistered,
        ActorRegistered,
        SanctionsRegimeEstablished,
        SanctionsReinforced,
        SanctionsReliefSought,
        SanctionsRegimeTerminated,
        PanelEstablished,
        PanelMandateExtended,
        DraftResolutionVoted,
        VotePostponed,
        ReportReleased,
        InquiryOpened,
        StatementIssued,
        MeetingHeld,
        ProposalMade,
        FactCorrected,
        FactRetracted,
    )
}
