"""Adapters: the event store (eventsourcing over SQLAlchemy), its side tables and their schema."""
