# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test bench eval train clean-out

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -rf out
	$(BIN)/unspin neutralize unspin/samples --out out
	@echo "Open the report: $(CURDIR)/out/index.html"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/pipeline.py --articles 1000 --write docs/BENCHMARKS.md

eval: $(STAMP)
	$(BIN)/unspin eval all --split test --write docs/BENCHMARKS.md

train: $(STAMP)
	$(BIN)/unspin eval train

clean-out:
	rm -rf out
