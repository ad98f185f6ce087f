"""Scenarios an auditor writes in plain sentences and checks against any ledger (`ledger check`).

The sentences are pytest-bdd steps (`vocabulary.py` lists them with an example each), grouped by what they
are about: days and moments, panels and regimes, votes, statements, the timeline, provenance, history,
integrity, and what-ifs tried on a scratch copy. They read the ledger through its public API only, and the
ledger under audit is opened read-only: nothing a scenario does can change it.
"""
