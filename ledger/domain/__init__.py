"""The domain: facts, the rules they must keep, and the valid-time fold. No I/O here."""
