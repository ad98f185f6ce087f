# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= sqlite:///ledger.db
LEDGER := $(BIN)/ledger --db $(DB)

.PHONY: setup run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Loads the seed into ./ledger.db (a second run changes nothing) and prints every panel and regime
# today and around the veto of 2024-03-28.
run: setup
	$(LEDGER) load seeds/
	$(LEDGER) state
	$(LEDGER) state --as-of 2024-03-27
	$(LEDGER) state --as-of 2024-03-28
	$(LEDGER) state --as-of 2024-05-01

test: setup
	$(BIN)/pytest

clean:
	rm -rf $(VENV) ledger.db ledger.db-shm ledger.db-wal .pytest_cache .hypothesis

# Speed and memory at 10,000, 100,000 and 1,000,000 events, side by side (SIZES=... to choose).
SIZES ?= 10000,100000,1000000
bench: setup
	PYTHONPATH=. $(BIN)/python -m tests.bench.run --sizes $(SIZES)

# The README's field reference, between its markers, from `ledger types --markdown` (a test fails when stale).
.PHONY: readme
readme: setup
	$(BIN)/python scripts/readme.py
