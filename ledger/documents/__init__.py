"""Event documents: the JSON users append, checked by marshmallow schemas."""

from ledger.documents.parse import fingerprint, parse_document
from ledger.documents.schemas import SCHEMAS

__all__ = ["SCHEMAS", "fingerprint", "parse_document"]
