# cxaudit: `make run` starts the app, `make test` checks everything. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint types contracts pytest bench demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps make the second `make run` instant; they are redone whenever pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/cxaudit

lint: $(VENV)/.test-installed
	$(BIN)/ruff check cxaudit tests benchmarks
	$(BIN)/ruff format --check cxaudit tests benchmarks

types: $(VENV)/.test-installed
	$(BIN)/mypy

contracts: $(VENV)/.test-installed
	$(BIN)/lint-imports

pytest: $(VENV)/.test-installed
	$(BIN)/pytest -q

test: lint types contracts pytest

bench: $(VENV)/.test-installed
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
