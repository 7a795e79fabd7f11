# Everything runs inside .venv, built from the pinned requirements.lock.
# `make book` builds the book, `make test` runs the tests; both set up the
# environment first (a no-op when it is already up to date).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK_HASH := $(shell sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: env test book check-book bench clean

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

test: env
	$(BIN)/python -m pytest

book: env
	rm -rf _build/html
	$(BIN)/jupyter-book build . --all --warningiserror --nitpick --keep-going

# Every page of the built book in headless Chromium (run `make book` first).
check-book: env
	$(BIN)/python tests/browser/check_book.py

bench: env
	$(BIN)/python benchmarks/bench_ising.py
	$(BIN)/python benchmarks/bench_rbm.py

clean:
	rm -rf _build $(VENV)
