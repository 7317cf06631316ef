# The two commands of the README do all their own set-up: a .venv with the project installed in it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lint bench notebooks clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/origins report datasets/findings --out reports --library datasets/findings

lint: $(STAMP)
	$(BIN)/ruff check analysis tests datasets/scripts benchmarks
	$(BIN)/ruff format --check analysis tests datasets/scripts benchmarks

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to html --execute --output-dir reports/notebooks notebooks/*.ipynb

clean:
	rm -rf $(VENV) reports/*/ reports/index.html
