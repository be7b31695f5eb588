# Every target creates or refreshes .venv itself: `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-fast lint bench fuzz site venv clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cahtool needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## demo: the main job: a redline of the ILC's draft article 2 against Rome Statute art. 7
demo: $(STAMP)
	$(BIN)/cahtool list
	$(BIN)/cahtool diff rome-statute-art7 ilc-2019
	$(BIN)/cahtool build --out site/

## site: the static tracker site in site/ (open site/index.html, or serve it: python3 -m http.server -d site)
site: $(STAMP)
	$(BIN)/cahtool build --out site/

## test: lint, type-check the core, and run the whole test suite
test: $(STAMP) lint
	$(BIN)/python -m pytest

## test-fast: the core in seconds (leaves out the tests marked slow: browser, LibreOffice, site, hostile, fuzz)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -q

## fuzz: fuzz check, diff, apply, propose and import for FUZZ_MINUTES (default 10), then print executions and
## crashes; crashing inputs are kept in build/fuzz/crashes/ (copy each to tests/fuzz/crashes/ once fixed)
FUZZ_MINUTES ?= 10
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run --minutes $(FUZZ_MINUTES)

lint: $(STAMP)
	$(BIN)/ruff check cahtool tests $(wildcard bench)
	$(BIN)/mypy

## bench: every script of bench/, one table each (all run; the exit code says whether every target was met)
BENCHES = diff_bench site_bench docx_bench proposals check_bench
bench: $(STAMP)
	@missed=""; for b in $(BENCHES); do echo "$(BIN)/python bench/$$b.py"; \
	  $(BIN)/python bench/$$b.py || missed="$$missed $$b"; echo; done; \
	if [ -n "$$missed" ]; then echo "targets missed in:$$missed"; exit 1; fi

clean:
	rm -rf $(VENV) site build .pytest_cache .mypy_cache .ruff_cache .hypothesis
