# handbok — de to kommandoene i README: `make serve` og `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Where `make serve` shows the handbook; another port: make serve ADRESSE=127.0.0.1:8001
ADRESSE ?= 127.0.0.1:8000
# What is installed into the environment, from the pinned files: the tool alone for `make serve`, and the
# test tools (Playwright, mypy, Zensical, Hypothesis, …) on top for `make test`.
KJORING := $(VENV)/.installert
TESTVERKTOY := $(VENV)/.installert-test
AXE := node_modules/axe-core/axe.min.js

.PHONY: install serve sjekk bygg test bench clean

$(KJORING): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "make: trenger Python 3.11 eller nyere som «$(PYTHON)» (sudo apt-get install python3 python3-venv), eller make … PYTHON=python3.12." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $(KJORING)

$(TESTVERKTOY): $(KJORING)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(TESTVERKTOY)

# axe-core for the accessibility tests, pinned by package-lock.json.
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test: mangler npm — installer Node.js og npm (sudo apt-get install nodejs npm) og kjør igjen." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

install: $(KJORING)

sjekk: install
	$(BIN)/handbok sjekk

# The preview builds the site once, then after each save only the pages the change reaches. It holds the
# terminal until Ctrl+C.
serve: install
	$(BIN)/handbok sjekk
	$(BIN)/handbok forhandsvis --adresse $(ADRESSE)

bygg: install
	$(BIN)/handbok bygg

# One test process per core (pytest-xdist); the workers share one build of each example site (tests/conftest.py).
test: $(TESTVERKTOY) $(AXE)
	@sh scripts/sikre-chromium.sh
	$(BIN)/python -m pytest -n auto --dist worksteal

# The smoke test first (the generator and the runner at tiny sizes), then the measurements at full size.
bench: $(TESTVERKTOY)
	$(BIN)/python -m pytest -q benchmarks
	$(BIN)/python benchmarks/kjor.py

clean:
	rm -rf $(VENV) site build .pytest_cache node_modules
