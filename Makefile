# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test bench serve screenshots eval train clean-out

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -rf out
	$(BIN)/unspin neutralize unspin/samples --out out
	$(BIN)/unspin stories unspin/samples --out out/stories
	@echo "Open the report: $(CURDIR)/out/index.html (stories: $(CURDIR)/out/stories/)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/pipeline.py --articles 1000 --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/pipeline.py --real --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/pipeline.py --articles 200 --thorough --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/api.py --articles 400 --workers 2 --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/stories.py --write docs/BENCHMARKS.md

eval: $(STAMP)
	$(BIN)/unspin eval all --split test --write docs/BENCHMARKS.md
	$(BIN)/unspin eval quality --write docs/QUALITY.md

# Retrain the detector's word scorer, its sentence encoder and the Recasens-style baseline, from dev splits only.
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.train
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.encoder
	$(BIN)/python -m training.crossval --write
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.operating_point --write
	$(BIN)/unspin eval train

clean-out:
	rm -rf out

serve: $(STAMP)
	$(BIN)/unspin serve

# The web app's screenshots in docs/, from the browser tests (Debian's chromium, a seed article).
screenshots: $(STAMP)
	UNSPIN_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/web/test_browser.py -k sqlite
