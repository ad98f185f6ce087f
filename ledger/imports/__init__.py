"""Importers: public lists of Council facts turned into event documents, every interpretation of a row written
down as a rule and reported with the row's line (`ledger import vetoes FILE.csv`)."""
