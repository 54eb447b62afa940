# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test format bench bench-store bench-scale soak fuzz timing serve screenshots eval train lexicons clean-out

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

# The suite in TEST_WORKERS processes (pytest-xdist), each test file whole on one of them (--dist loadfile): a
# module's shared fixtures (a model, a cluster run, a process pool) load once. Tests share nothing between
# processes: each has its own tmp_path, PostgreSQL database (a random name) and kernel-chosen ports.
# TEST_WORKERS=0 runs it in this process alone.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# Fix what ruff can (imports, modern syntax) and format the code base.
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Additions are judged on the first ADDITIONS_STORIES events of the stories dev and test splits (the files are
# shuffled) and on the seeds; 0 means every event.
ADDITIONS_STORIES ?= 100
bench: $(STAMP)
	$(BIN)/python benchmarks/pipeline.py --articles 1000 --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/pipeline.py --real --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/pipeline.py --articles 200 --thorough --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/api.py --articles 400 --workers 2 --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/stories.py --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/store_assign.py --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/story_page.py --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/additions.py --limit $(ADDITIONS_STORIES) --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/large.py --write docs/BENCHMARKS.md

# Story assignment through SQLite stores of 2,000, 10,000 and 100,000 articles, and the store's start-up with and
# without its saved story index (docs/BENCHMARKS.md); about 15 minutes, most of it building the largest index.
bench-store: $(STAMP)
	$(BIN)/python benchmarks/store_assign.py --write docs/BENCHMARKS.md
	$(BIN)/python benchmarks/story_page.py --write docs/BENCHMARKS.md

# SCALE_ARTICLES articles generated from the samples through one process and through a 2-worker Dask LocalCluster
# (throughput ratio, peak RSS per worker, scheduler overhead), and stories grouped in date-window shards on the
# cluster against the single stream on the AllSides test split; to docs/BENCHMARKS.md and docs/SCALING.md.
# A quick run: make bench-scale SCALE_ARTICLES=500
SCALE_ARTICLES ?= 20000
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale.py --articles $(SCALE_ARTICLES) --workers 2 --stories \
		--write docs/BENCHMARKS.md docs/SCALING.md

# The server under 8 clients for SOAK_MINUTES (mixed sizes up to the request cap), then kill -9 mid-load and a
# restart: failed requests, memory growth, small-article p95, every acknowledged article intact (docs/BENCHMARKS.md).
SOAK_MINUTES ?= 10
soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py --minutes $(SOAK_MINUTES) --write docs/BENCHMARKS.md

# The robustness properties (tests/robustness/test_properties.py) at FUZZ_EXAMPLES cases each, outside CI
# (hours at 100,000 on one core): resumable runs of 10,000 cases, each appended to
# benchmarks/fuzz-results.jsonl as it ends; cases run and failures found go to docs/BENCHMARKS.md.
# FUZZ_ARGS passes more, e.g. FUZZ_ARGS="--until 15:20 --jobs 2" or "--again".
FUZZ_EXAMPLES ?= 100000
fuzz: $(STAMP)
	$(BIN)/python benchmarks/fuzz.py --examples $(FUZZ_EXAMPLES) --write docs/BENCHMARKS.md $(FUZZ_ARGS)

# Detection speed per seed and per 600-word article, lexicon scan and tagging apart (a script, not a test).
timing: $(STAMP)
	$(BIN)/python scripts/detect_timing.py

eval: $(STAMP)
	$(BIN)/unspin eval all --split test --write docs/BENCHMARKS.md
	$(BIN)/unspin eval quality --write docs/QUALITY.md

# Retrain the detector's word scorer, its sentence encoder and the Recasens-style baseline, from dev splits only;
# then the story-grouping files (unspin/data/stories/: the events encoder's top 2 layers fine-tuned on the events of
# stories train half A, about 15 CPU-minutes on one thread, seed fixed; the pair model fitted on train half B with
# that encoder, thresholds from dev); last the additions' judge, from the reader's dev verdicts in docs/ADDITIONS.md
# (the sample that measured the shipped judge held out).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.train
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.encoder
	$(BIN)/python -m training.crossval --write
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.operating_point --write
	$(BIN)/unspin eval train
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.stories_finetune --half A --hard --layers 2 --weights unspin/data/stories/events_layers.safetensors
	HF_HUB_OFFLINE=1 $(BIN)/python -m unspin.stories.train
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.additions_judges lacking --write --held-out "seed 7373"

# Re-derive the lexicons' derived rows and the Recasens-style baseline's word families from the public
# lexicons (PROVENANCE.md in unspin/data/lexicons and unspin/data/baselines); the diff is for review.
LEXICON_WHEELS := /tmp/unspin-lexicon-wheels
lexicons: $(STAMP)
	$(BIN)/python -m pip download --quiet --no-deps -d $(LEXICON_WHEELS) vaderSentiment==3.3.2 textblob==0.20.1
	$(BIN)/python scripts/derive_lexicons.py $(LEXICON_WHEELS)/vaderSentiment-3.3.2-py2.py3-none-any.whl \
		$(LEXICON_WHEELS)/textblob-0.20.1-py3-none-any.whl
	$(BIN)/python scripts/derive_baseline_lexicons.py $(LEXICON_WHEELS)/textblob-0.20.1-py3-none-any.whl \
		$(LEXICON_WHEELS)/vaderSentiment-3.3.2-py2.py3-none-any.whl

clean-out:
	rm -rf out

serve: $(STAMP)
	$(BIN)/unspin serve

# The web app's screenshots in docs/, from the browser tests (Debian's chromium, a seed article).
screenshots: $(STAMP)
	UNSPIN_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/web/test_browser.py -k sqlite
