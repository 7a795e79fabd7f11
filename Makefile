# Everything runs inside .venv, built from the pinned requirements.lock.
# `make book` builds the book, `make test` runs the tests; both set up the
# environment first (a no-op when it is already up to date).
#
# The environment includes the Debian packages the book needs: the complete
# Fashion-MNIST (dataset-fashion-mnist) and Chromium, which `make check-book`
# drives. `make env` installs the missing ones when it runs as root where
# apt-get exists; elsewhere it stops before any other work and prints the one
# command to run. `make env SYSTEM_PACKAGES=` skips the check (the Fashion-MNIST
# chapter then says that its data set is absent, unless $RGLIB_DATA has it).
PYTHON ?= python3
SYSTEM_PACKAGES ?= dataset-fashion-mnist chromium
VENV := .venv
BIN := $(VENV)/bin
LOCK_HASH := $(shell sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: env system-packages test book check-book bench clean

env: system-packages $(STAMP)

# A no-op when every package is installed (one dpkg-query each).
system-packages:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make env: installing the Debian packages the book needs:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
	  echo "make env: the book needs the Debian packages$$missing, which are not installed." >&2; \
	  echo "Install them with this command, then run make again:" >&2; \
	  echo "" >&2; \
	  echo "    sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	  echo "" >&2; \
	  echo "(Without apt-get: see the README's prerequisites, and run make with SYSTEM_PACKAGES= .)" >&2; \
	  exit 1; \
	fi

$(STAMP): requirements.lock pyproject.toml | system-packages
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
