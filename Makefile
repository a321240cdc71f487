# Two commands: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
PLUGINS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))
CATALOGS := $(wildcard src/cnscd_core/i18n/locale/*/LC_MESSAGES/*.po)

.PHONY: install demo test lint typecheck docs unit i18n benchmarks clean browser

$(STAMP): pyproject.toml hatch_build.py $(addsuffix /pyproject.toml,$(PLUGINS)) $(CATALOGS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(addprefix -e ./,$(PLUGINS))
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/cnscd demo

lint: install
	$(BIN)/ruff check src tests examples benchmarks plugins hatch_build.py
	$(BIN)/ruff format --check src tests examples benchmarks plugins hatch_build.py

typecheck: install
	$(BIN)/mypy --strict src $(addsuffix /src,$(PLUGINS))

docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

unit: install browser
	MPLBACKEND=Agg $(BIN)/python -m pytest

# The HTML report test opens reports in headless Chromium (Debian's package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium (Debian package chromium) for the HTML report test..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: lint typecheck docs unit

# Maintainers: re-extract messages into the catalogues after changing user-facing text.
i18n: install
	$(BIN)/python -m cnscd_core.i18n._maintain

benchmarks: install
	$(BIN)/python benchmarks/startup
	$(BIN)/python benchmarks/reports

clean:
	rm -rf $(VENV) site .mypy_cache .pytest_cache .ruff_cache .hypothesis
