"""The service layer: the `Ledger` (append, load, as_of, history, audit), the checking of a batch, the
versions of an entity, the days and moments it is asked about, and the export of its events."""
