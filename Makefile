# handbok — de to kommandoene i README: `make serve` og `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installert
AXE := node_modules/axe-core/axe.min.js

.PHONY: install serve sjekk bygg test bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# axe-core for the accessibility tests, pinned by package-lock.json.
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test: mangler npm — installer Node.js og npm (sudo apt-get install npm) og kjør igjen." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

install: $(STAMP)

sjekk: install
	$(BIN)/handbok sjekk

# The preview builds the site once, then after each save only the pages the change reaches.
serve: install
	$(BIN)/handbok sjekk
	$(BIN)/handbok forhandsvis --adresse 127.0.0.1:8000

bygg: install
	$(BIN)/handbok bygg

# One test process per core (pytest-xdist); the workers share one build of each example site (tests/conftest.py).
test: install $(AXE)
	@sh scripts/sikre-chromium.sh
	$(BIN)/python -m pytest -n auto --dist worksteal

# The smoke test first (the generator and the runner at tiny sizes), then the measurements at full size.
bench: install
	$(BIN)/python -m pytest -q benchmarks
	$(BIN)/python benchmarks/kjor.py

clean:
	rm -rf $(VENV) site build .pytest_cache node_modules
