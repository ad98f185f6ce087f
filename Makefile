# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= sqlite:///ledger.db
LEDGER := $(BIN)/ledger --db $(DB)

.PHONY: setup run lint test bench clean screenshot

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Loads the seed into ./ledger.db (a second run changes nothing): the article, its fixes, and the veto record
# since 1946; prints the vetoes of 1946, then every panel and regime today and around the veto of 2024-03-28.
# Its files are loaded one by one, in order, so that the seed's fixes are recorded after the facts they fix,
# as its history was written (seeds/CORRECTIONS.md); named, not globbed, since a shell may sort a glob by the
# locale's collation, which puts `_2-fixes` before the facts it fixes.
SEED_FILES = seeds/dprk-panel-veto.jsonl seeds/dprk-panel-veto_2-fixes.jsonl seeds/dprk-panel-veto_3-dates.jsonl \
	seeds/vetoes-1946-2022.jsonl
run: setup
	for file in $(SEED_FILES); do $(LEDGER) load "$$file" || exit 1; done
	$(LEDGER) timeline --type VetoCast --to 1946-12-31
	$(LEDGER) state
	$(LEDGER) state --as-of 2024-03-27
	$(LEDGER) state --as-of 2024-03-28
	$(LEDGER) state --as-of 2024-05-01
	$(LEDGER) report --as-of 2024-05-01 -o report.html

# docs/report.png, the README's picture of the seed's report, drawn again by headless Chromium.
screenshot: setup
	scripts/browser-deps
	$(BIN)/python -m scripts.screenshot docs/report.png

# The linter and the type checker (both configured in pyproject.toml); `make test` runs them first.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# scripts/browser-deps installs Debian's chromium and chromedriver for the report's browser test when they are
# missing (a moment when they are there).
test: lint
	scripts/browser-deps
	$(BIN)/pytest

# Only what `make` and its tools build. Never ledger.db: it is the user's data, and the log is append-only.
clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +

# Speed and memory at 10,000, 100,000 and 1,000,000 events, side by side (SIZES=... to choose); then writes
# against the library beneath and raw executemany, where a batched fact's time goes, and four writers at once against one, on SQLite and on
# PostgreSQL when one answers (LEDGER_BENCH_POSTGRES_URL, else the local test database); last, `ledger load`
# of 400,000 statements, and of 1,000,000 when SIZES holds 1000000 (about 5 and 12 minutes), each verified.
SIZES ?= 10000,100000,1000000
comma := ,
LOAD_SIZES := 400000$(if $(filter 1000000,$(subst $(comma), ,$(SIZES))),$(comma)1000000)
bench: setup
	PYTHONPATH=. $(BIN)/python -m tests.bench.run --sizes $(SIZES)
	PYTHONPATH=. $(BIN)/python -m tests.bench.writes --also-postgres
	PYTHONPATH=. $(BIN)/python -m tests.bench.phases
	PYTHONPATH=. $(BIN)/python -m tests.bench.writers --also-postgres
	PYTHONPATH=. $(BIN)/python -m tests.bench.load --sizes $(LOAD_SIZES) --verify

# The README's field reference, between its markers, from `ledger types --markdown` (a test fails when stale).
.PHONY: readme
readme: setup
	$(BIN)/python scripts/readme.py
